/*
 * Libya Operations Atlas - map runtime.
 *
 * Runs inside the map document (the streamlit-folium iframe, or a standalone
 * HTML export). It is embedded into the folium map HTML by components/map.py,
 * which must stay byte-identical across Streamlit reruns, so this file holds
 * no data: only geometry arrives with the map; colours, radii, visibility,
 * tooltips and the legend arrive later as a small "payload" and are applied
 * in place to the existing Leaflet layers (no layer is ever re-created).
 *
 *   window.__atlasCreate(map, {key}) -> atlas   (called once per map)
 *   atlas.layer(spec, geojson)     -> L.GeoJSON (one per MapLayer)
 *   atlas.ready()                  -> applies window.parent.__atlasState[key]
 *   window.__atlasMaps[key].restyle(payload)   (what the bridge calls)
 *   window.__atlasRestyle(payload[, key])      (convenience alias)
 *   window.__atlasDebug([key])     -> counts + current styles, for tests
 */
(function (window) {
  "use strict";
  if (window.__atlasCreate) {
    return;
  }
  var L = window.L;

  // Neutral look before any payload arrives (and for features the payload
  // leaves out); base layers are the light-grey, non-interactive basemap.
  var NEUTRAL = {
    polygon: { color: "#7a7a7a", weight: 0.8, opacity: 1, fillColor: "#d9d9d9", fillOpacity: 0.55 },
    point: { color: "#3d3d3d", weight: 1, opacity: 1, fillColor: "#9e9e9e", fillOpacity: 0.85, radius: 5 }
  };
  var BASE = {
    polygon: { color: "#b8b8b8", weight: 1, opacity: 1, fillColor: "#efefef", fillOpacity: 0.7 },
    point: { color: "#b8b8b8", weight: 1, opacity: 1, fillColor: "#efefef", fillOpacity: 0.7, radius: 3 }
  };
  var KIND_RANK = { polygon: 1, point: 2 };
  var TOOLTIP = { sticky: true, direction: "top", opacity: 0.95, className: "atlas-tooltip" };
  // Point layers named in payload.cluster are decluttered: points that fall in
  // one CELL-pixel square at the current zoom (MIN_CLUSTER or more) are drawn
  // as one counted circle; clicking it zooms in.  Recomputed on zoom and restyle.
  var CELL = 36;
  var MIN_CLUSTER = 3;

  function pick(value, fallback) {
    return value === undefined || value === null ? fallback : value;
  }

  function styleKey(s) {
    return s.color + "|" + s.weight + "|" + s.opacity + "|" + s.fillColor + "|" + s.fillOpacity;
  }

  function setRadius(layer, r) {
    if (typeof layer.setRadius === "function") {
      layer.setRadius(r);
    } else if (typeof layer.eachLayer === "function") {
      layer.eachLayer(function (child) { setRadius(child, r); }); // MultiPoint
    }
  }

  function create(map, cfg) {
    var key = String(cfg.key);
    var entries = {};      // layer name -> entry (payload-driven layers)
    var order = [];        // all entries, base layers included, in draw order
    var state = { restyles: 0, legend: null, visible: {} };
    var clusters = {};     // layer name -> L.LayerGroup of cluster circles
    var drawn = {};        // layer name -> [x, y, radius, count] of what declutter drew (debug)
    var rings = {};        // layer name -> the colours its clusters are ringed in (debug)
    var legendDiv = null;

    var legend = L.control({ position: cfg.legendPosition || "bottomright" });
    var legendBody = null;
    var legendToggle = null;
    // The toggle's words, in the interface language (payload.labels replaces them).
    var labels = { legend: "Legend", show: "Show the legend", hide: "Hide the legend", km: "km", m: "m",
                   dir: "ltr" };
    // The reader's digits for the counts the map writes itself (payload.labels.digits: "arab" or "latn").
    var arabicDigits = false;
    function count(n) {
      var s = String(n);
      return arabicDigits ? s.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x660 + Number(d)); }) : s;
    }
    // The scale bar, metric only (the unit Libya and its partners use), in the reader's words and digits
    // (payload.labels.km and .m); Leaflet's own writes "km" and "mi" in every language.
    var scale = L.control.scale({ imperial: false });
    scale._updateMetric = function (maxMeters) {
      var meters = this._getRoundNum(maxMeters);
      var text = meters < 1000 ? count(meters) + " " + labels.m : count(meters / 1000) + " " + labels.km;
      this._updateScale(this._mScale, text, meters / maxMeters);
      this._mScale.dir = labels.dir;
    };
    scale.addTo(map);
    // The open legend stands over the map's bottom right corner (it hid Kufra and the south-east): until the
    // reader moves or zooms the map, the bounds it shows (cfg.fit: those it opened on, then the area the reader
    // chose) fill the room beside the legend, again
    // whenever the map's size changes or the legend appears, opens or closes; not when only its words change
    // (a slider step): the map would shift with each step.
    var userMoved = false, fitting = false, watching = false, fitted = "", EDGE = 12;
    map.on("dragstart", function () { userMoved = true; });
    function fitView() {
      if (userMoved || !cfg.fit || !legendDiv) {
        return;
      }
      if (!watching) {  // from the opening fit on, a zoom that is not ours is the reader's
        watching = true;
        map.on("zoomstart", function () { userMoved = userMoved || !fitting; });
      }
      var open = legendDiv.style.display !== "none" && legendBody.style.display !== "none";
      var size = map.getSize(), now = size.x + "x" + size.y + (open ? " open" : "");
      if (now === fitted) {
        return;
      }
      fitted = now;
      fitting = true;
      // And a margin all round: on a phone Libya filled the width exactly, and the circles of its border towns
      // (Ghadames) were cut by the map's edge.
      map.fitBounds(cfg.fit, { paddingTopLeft: [EDGE, EDGE],
                               paddingBottomRight: [(open ? legendDiv.offsetWidth + 10 : 0) + EDGE, EDGE],
                               animate: false });
      fitting = false;
    }
    map.on("resize", fitView);
    legend.onAdd = function () {
      legendDiv = L.DomUtil.create("div", "atlas-legend leaflet-control");
      legendDiv.style.display = "none";
      // Collapsible: a small map (a phone) starts with the legend folded away.
      var toggle = L.DomUtil.create("button", "atlas-legend-toggle", legendDiv);
      legendToggle = toggle;
      toggle.type = "button";
      toggle.textContent = labels.legend;
      legendBody = L.DomUtil.create("div", "atlas-legend-body", legendDiv);
      legendBody.id = "atlas-legend-body-" + key.replace(/[^A-Za-z0-9_-]/g, "_");
      toggle.setAttribute("aria-controls", legendBody.id);
      function setOpen(open) {
        legendBody.style.display = open ? "" : "none";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.title = open ? labels.hide : labels.show;
        L.DomUtil[open ? "removeClass" : "addClass"](legendDiv, "atlas-legend-collapsed");
      }
      setOpen(map.getSize().x >= 600);
      L.DomEvent.on(toggle, "click", function () { setOpen(legendBody.style.display === "none"); fitView(); });
      L.DomEvent.disableClickPropagation(legendDiv);
      L.DomEvent.disableScrollPropagation(legendDiv);
      return legendDiv;
    };
    legend.addTo(map);

    // Tooltips stay inside the map: above the pointer unless that would cross
    // the top edge, then below; sideways near the left/right edges.
    var openTip = null;
    function fitTooltip(latlng) {
      var el = openTip && openTip.getElement();
      if (!el) {
        return;
      }
      var p = map.latLngToContainerPoint(latlng || openTip.getLatLng());
      var size = map.getSize();
      var w = el.offsetWidth, h = el.offsetHeight;
      var dir = p.y - h - 14 < 0 ? "bottom" : "top";
      if (p.x - w / 2 < 4) {
        dir = "right";
      } else if (p.x + w / 2 > size.x - 4) {
        dir = "left";
      }
      if (openTip.options.direction !== dir) {
        openTip.options.direction = dir;
        openTip.options.offset = dir === "bottom" ? [0, 14] : [0, 0];
        openTip.update();
      }
    }
    map.on("tooltipopen", function (e) {
      if (e.tooltip.options.permanent) {
        return;  // cluster counts
      }
      openTip = e.tooltip;
      fitTooltip();
    });
    map.on("tooltipclose", function (e) {
      if (e.tooltip === openTip) {
        openTip = null;
      }
    });
    map.on("mousemove", function (e) { fitTooltip(e.latlng); });

    function layer(spec, data) {
      var kind = spec.kind === "point" ? "point" : "polygon";
      var base = !!spec.base;
      var defaults = (base ? BASE : NEUTRAL)[kind];
      var entry = {
        name: String(spec.name), kind: kind, base: base, defaults: defaults,
        byId: {}, ids: [], applied: {}, group: null
      };
      var neutralKey = styleKey(defaults);
      entry.group = L.geoJSON(data, {
        interactive: !base,
        style: function () { return L.extend({}, defaults); },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, L.extend({ interactive: !base }, defaults));
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties || {};
          if (base || p.id === undefined || p.id === null) {
            return;
          }
          var id = String(p.id);
          if (!(id in entry.byId)) {
            entry.ids.push(id);
          }
          entry.byId[id] = lyr;
          entry.applied[id] = { s: neutralKey, r: defaults.radius, h: false, t: "", c: false, p: false };
          // What streamlit-folium returns for a click (last_active_drawing):
          // the layer and the feature id, not the geometry (a few bytes, not kB).
          lyr.toGeoJSON = function () {
            return { type: "Feature", properties: { id: id, layer: entry.name }, geometry: null };
          };
        }
      });
      entry.rank = base ? 0 : KIND_RANK[kind];
      order.push(entry);
      order.sort(function (a, b) { return a.rank - b.rank; }); // stable in ES2019+
      if (!base) {
        entries[entry.name] = entry;
      }
      return entry.group;
    }

    // Canvas draws in insertion order: re-adding a hidden feature or a layer
    // would paint it on top. Restore basemap < polygons < points.
    function reorder() {
      for (var i = 0; i !== order.length; i++) {
        if (map.hasLayer(order[i].group)) {
          order[i].group.bringToFront();
        }
      }
    }

    function applyFeature(entry, id, p) {
      var lyr = entry.byId[id];
      var a = entry.applied[id];
      var d = entry.defaults;
      var s = {
        color: pick(p.color, d.color),
        weight: +pick(p.weight, d.weight),
        opacity: +pick(p.opacity, d.opacity),
        fillColor: pick(p.fillColor, d.fillColor),
        fillOpacity: +pick(p.fillOpacity, d.fillOpacity)
      };
      var sk = styleKey(s);
      var moved = false;
      if (a.s !== sk) {
        lyr.setStyle(s);
        a.s = sk;
      }
      if (entry.kind === "point") {
        var r = +pick(p.radius, d.radius);
        if (a.r !== r) {
          setRadius(lyr, r);
          a.r = r;
        }
      }
      a.p = !!p.pinned;  // never drawn inside a cluster (see declutter)
      var hidden = !!p.hidden;
      if (a.h !== hidden) {
        if (hidden) {
          entry.group.removeLayer(lyr);
        } else if (!a.c) {
          entry.group.addLayer(lyr);
          moved = true;
        }
        a.h = hidden;
      }
      var tt = p.tooltip === undefined || p.tooltip === null ? "" : String(p.tooltip);
      if (a.t !== tt) {
        if (!tt) {
          lyr.unbindTooltip();
        } else if (lyr.getTooltip()) {
          lyr.setTooltipContent(tt);
        } else {
          lyr.bindTooltip(tt, TOOLTIP);
        }
        a.t = tt;
      }
      return moved;
    }

    function setClustered(entry, id, on) {
      var a = entry.applied[id];
      if (!!a.c === on) {
        return;
      }
      a.c = on;
      if (on) {
        entry.group.removeLayer(entry.byId[id]);
      } else if (!a.h) {
        entry.group.addLayer(entry.byId[id]);
      }
    }

    // A cluster's circle stands at ``pt`` (a layer point: its members' mean, moved off other layers' circles by
    // separate) and is ringed in its members' colour, so the reader can tell which layer it counts.
    function clusterMarker(ids, entry, pt) {
      var bounds = L.latLngBounds([]), colour = null;
      for (var i = 0; i !== ids.length; i++) {
        bounds.extend(entry.byId[ids[i]].getLatLng());
        var fill = entry.applied[ids[i]].s.split("|")[3];
        colour = colour === null || colour === fill ? fill : "#222";
      }
      var m = L.circleMarker(map.layerPointToLatLng(L.point(pt.x, pt.y)), {
        radius: clusterRadius(ids.length), color: colour || "#222", weight: 3,
        fillColor: "#ffffff", fillOpacity: 0.92
      });
      m.bindTooltip(count(ids.length), { permanent: true, direction: "center", className: "atlas-cluster-label" });
      // It zooms in, and that is all: the click goes no further, to the map (where a page may read a click as a
      // place: the Flash form's latitude and longitude) or to the streamlit-folium value (it selects nothing).
      m.on("click", function (e) {
        L.DomEvent.stopPropagation(e);
        map.fitBounds(bounds.pad(0.6), { maxZoom: map.getZoom() + 3 });
      });
      return m;
    }

    function clusterRadius(n) {
      return 9 + Math.min(12, 2 * Math.sqrt(n));
    }

    // A drawn item: one point (its own radius) or a cluster of several.
    function clusterItem(ids, entry) {
      var x = 0, y = 0;
      for (var i = 0; i !== ids.length; i++) {
        var pt = map.latLngToLayerPoint(entry.byId[ids[i]].getLatLng());
        x += pt.x;
        y += pt.y;
      }
      var r = ids.length > 1 ? clusterRadius(ids.length) : entry.applied[ids[0]].r;
      return { ids: ids, x: x / ids.length, y: y / ids.length, r: r };
    }

    // Items by grid square, so that each is compared only with those near it: two circles can only
    // overlap if they are less than ``size`` apart (twice the largest radius, plus the 2-px gap), so in
    // the same or a neighbouring square.  Comparing every pair cost 2 s per zoom step at 5,000 points.
    function Grid(size) {
      this.size = size;
      this.cells = {};
    }
    Grid.prototype.key = function (x, y) {
      return Math.floor(x / this.size) + ":" + Math.floor(y / this.size);
    };
    Grid.prototype.add = function (item) {
      item.cell = this.key(item.x, item.y);
      (this.cells[item.cell] = this.cells[item.cell] || []).push(item);
    };
    Grid.prototype.remove = function (item) {
      var list = this.cells[item.cell];
      list.splice(list.indexOf(item), 1);
    };
    Grid.prototype.near = function (item) {
      var cx = Math.floor(item.x / this.size), cy = Math.floor(item.y / this.size), out = [];
      for (var gx = cx - 1; gx !== cx + 2; gx++) {
        for (var gy = cy - 1; gy !== cy + 2; gy++) {
          var list = this.cells[gx + ":" + gy];
          if (list) {
            out = out.concat(list);
          }
        }
      }
      return out;
    };

    function gridFor(items) {
      var largest = clusterRadius(Infinity);
      for (var i = 0; i !== items.length; i++) {
        largest = Math.max(largest, items[i].r);
      }
      return new Grid(2 * largest + 3);
    }

    // Clusters never overlap each other or a point: merge until none does (two single points may touch:
    // both stay visible).  Each cluster, and each cluster a merge makes, is checked against its neighbours.
    function mergeOverlaps(items, entry) {
      var grid = gridFor(items), queue = [];
      for (var i = 0; i !== items.length; i++) {
        items[i].order = i;
        grid.add(items[i]);
        if (items[i].ids.length > 1) {
          queue.push(items[i]);
        }
      }
      while (queue.length) {
        var a = queue.shift();
        if (a.gone) {
          continue;
        }
        var near = grid.near(a);
        for (var j = 0; j !== near.length; j++) {
          var b = near[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          if (b === a || dx * dx + dy * dy >= (a.r + b.r + 2) * (a.r + b.r + 2)) {
            continue;
          }
          if (b.ids.length === 1 && entry.applied[b.ids[0]].p) {
            continue;  // a pinned point joins no cluster: separate moves the cluster off it
          }
          var first = a.order < b.order ? a : b, second = first === a ? b : a;
          var merged = clusterItem(first.ids.concat(second.ids), entry);
          merged.order = first.order;
          a.gone = b.gone = true;
          grid.remove(a);
          grid.remove(b);
          grid.add(merged);
          items.push(merged);
          queue.push(merged);
          break;
        }
      }
      return items.filter(function (it) { return !it.gone; })
        .sort(function (p, q) { return p.order - q.order; });
    }

    // Circles of different layers (or moved ones) overlapping where at least one is a cluster: push the
    // clusters apart (a point never moves: it marks a real place), until none overlaps or after 60 rounds.
    function separate(items) {
      for (var round = 0; round !== 60; round++) {
        var moved = false, grid = gridFor(items);
        for (var n = 0; n !== items.length; n++) {
          items[n].order = n;
          grid.add(items[n]);
        }
        for (var m = 0; m !== items.length; m++) {
          if (items[m].ids.length === 1) {
            continue;  // two points never move: each pair has a cluster, and is met from its side
          }
          var near = grid.near(items[m]);
          for (var k = 0; k !== near.length; k++) {
            var other = near[k].order;
            if (other === m || near[k].ids.length > 1 && other < m) {
              continue;  // two clusters: once, from the earlier
            }
            var i = Math.min(m, other), j = Math.max(m, other);
            var a = items[i], b = items[j];
            var ma = a.ids.length > 1, mb = b.ids.length > 1;
            var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy), need = a.r + b.r + 2;
            if (d >= need) {
              continue;
            }
            if (d < 0.01) {  // on the same spot: apart along a direction of their own
              dx = Math.cos(i + j);
              dy = Math.sin(i + j);
              d = 1;
            }
            var push = need - d + 0.5, wa = ma && mb ? 0.5 : (ma ? 1 : 0);
            a.x -= dx / d * push * wa;
            a.y -= dy / d * push * wa;
            b.x += dx / d * push * (1 - wa);
            b.y += dy / d * push * (1 - wa);
            moved = true;
          }
        }
        if (!moved) {
          return;
        }
      }
    }

    function declutter() {
      var all = [], byLayer = {};
      for (var name in clusters) {
        var entry = entries[name];
        clusters[name].clearLayers();
        var on = map.hasLayer(entry.group);
        var cells = {}, items = [];
        for (var i = 0; i !== entry.ids.length; i++) {
          var id = entry.ids[i];
          if (entry.applied[id].h || !on) {
            setClustered(entry, id, false);
            continue;
          }
          if (entry.applied[id].p) {
            items.push(clusterItem([id], entry));  // pinned: always itself
            continue;
          }
          var pt = map.latLngToLayerPoint(entry.byId[id].getLatLng());
          var cell = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
          (cells[cell] = cells[cell] || []).push(id);
        }
        for (var c in cells) {
          var cellIds = cells[c];
          if (cellIds.length >= MIN_CLUSTER) {
            items.push(clusterItem(cellIds, entry));
          } else {
            for (var s1 = 0; s1 !== cellIds.length; s1++) {
              items.push(clusterItem([cellIds[s1]], entry));
            }
          }
        }
        byLayer[name] = mergeOverlaps(items, entry);
        all = all.concat(byLayer[name]);
      }
      separate(all);
      for (var lname in byLayer) {
        var lentry = entries[lname];
        var litems = byLayer[lname];
        drawn[lname] = litems.map(function (it) { return [it.x, it.y, it.r, it.ids.length]; });
        rings[lname] = [];
        for (var k = 0; k !== litems.length; k++) {
          var ids = litems[k].ids;
          var many = ids.length > 1;
          for (var j = 0; j !== ids.length; j++) {
            setClustered(lentry, ids[j], many);
          }
          if (many) {
            var marker = clusterMarker(ids, lentry, litems[k]);
            clusters[lname].addLayer(marker);
            if (rings[lname].indexOf(marker.options.color) === -1) {
              rings[lname].push(marker.options.color);
            }
          }
        }
      }
    }

    function restyle(payload) {
      payload = payload || {};
      var layers = payload.layers || {};
      var empty = {};
      var moved = false;
      for (var name in entries) {
        var entry = entries[name];
        var feats = layers[name] || empty;
        for (var i = 0; i !== entry.ids.length; i++) {
          var id = entry.ids[i];
          moved = applyFeature(entry, id, feats[id] || empty) || moved;
        }
      }
      // Visibility: apply only when the payload's value changes, so a layer
      // the user switched off in the layer control stays off on the next step.
      var visible = payload.visible || {};
      for (var vname in visible) {
        var ventry = entries[vname];
        var want = !!visible[vname];
        if (!ventry || state.visible[vname] === want) {
          continue;
        }
        state.visible[vname] = want;
        if (want && !map.hasLayer(ventry.group)) {
          map.addLayer(ventry.group);
          moved = true;
        } else if (!want && map.hasLayer(ventry.group)) {
          map.removeLayer(ventry.group);
        }
      }
      if (payload.title) {
        try {  // the iframe's title, for screen readers (same origin)
          if (window.frameElement && window.frameElement.title !== String(payload.title)) {
            window.frameElement.title = String(payload.title);
          }
        } catch (e) { /* standalone file or cross-origin: nothing to name */ }
      }
      if (payload.labels && legendToggle) {
        labels = { legend: String(payload.labels.legend), show: String(payload.labels.show),
                   hide: String(payload.labels.hide), km: String(pick(payload.labels.km, "km")),
                   m: String(pick(payload.labels.m, "m")),
                   dir: payload.labels.dir === "rtl" ? "rtl" : "ltr" };
        legendToggle.textContent = labels.legend;
        legendToggle.dir = labels.dir;
        legendToggle.title = legendBody.style.display === "none" ? labels.show : labels.hide;
      }
      if (payload.labels) {
        arabicDigits = payload.labels.digits === "arab";
        scale._update();
        // Leaflet's own buttons name themselves in English ("Zoom in", "Layers"): in the reader's words.
        var named = [[".leaflet-control-zoom-in", payload.labels.zoomIn],
                     [".leaflet-control-zoom-out", payload.labels.zoomOut],
                     [".leaflet-control-layers-toggle", payload.labels.layers]];
        for (var ni = 0; ni !== named.length; ni++) {
          var button = map.getContainer().querySelector(named[ni][0]);
          if (button && named[ni][1]) {
            button.title = String(named[ni][1]);
            button.setAttribute("aria-label", String(named[ni][1]));
          }
        }
      }
      // A new area to show (the payload's "fit" changed: the reader chose one): the map moves there, over any
      // pan or zoom of the reader's.  The same fit again (a slider step) leaves the view as the reader left it.
      if (payload.fit && JSON.stringify(payload.fit) !== JSON.stringify(cfg.fit)) {
        cfg.fit = payload.fit;
        userMoved = false;
        fitted = "";
        if (openTip) {  // the tooltip of the tap that chose the area would stand elsewhere on the moved map
          map.closeTooltip(openTip);
        }
        fitView();
      }
      var html = payload.legend === undefined || payload.legend === null ? "" : String(payload.legend);
      if (html !== state.legend && legendDiv) {
        legendBody.innerHTML = html;
        legendDiv.style.display = html ? "" : "none";
        state.legend = html;
        fitView();
      }
      var wanted = payload.cluster || [];
      for (var ci = 0; ci !== wanted.length; ci++) {
        var cname = String(wanted[ci]);
        if (entries[cname] && entries[cname].kind === "point" && !clusters[cname]) {
          clusters[cname] = L.layerGroup().addTo(map);
        }
      }
      declutter();
      if (moved) {
        reorder();
      }
      state.restyles += 1;
    }

    function readState() {
      var sources = [];
      try {
        if (window.parent && window.parent !== window) {
          sources.push(window.parent);
        }
      } catch (e) { /* cross-origin parent: only our own window */ }
      sources.push(window);
      for (var i = 0; i !== sources.length; i++) {
        try {
          var st = sources[i].__atlasState;
          if (st && st[key]) {
            return st[key];
          }
        } catch (e) { /* ignore */ }
      }
      return null;
    }

    function debug() {
      var out = { key: key, token: window.__atlasToken, restyles: state.restyles, layers: {}, base: {} };
      for (var i = 0; i !== order.length; i++) {
        var e = order[i];
        if (e.base) {
          out.base[e.name] = { kind: e.kind, features: e.group.getLayers().length, onMap: map.hasLayer(e.group) };
          continue;
        }
        var fill = {}, radius = {}, tooltip = {}, shown = 0;
        for (var j = 0; j !== e.ids.length; j++) {
          var lyr = e.byId[e.ids[j]];
          fill[e.ids[j]] = lyr.options.fillColor;
          if (e.kind === "point" && typeof lyr.getRadius === "function") {
            radius[e.ids[j]] = lyr.getRadius();
          }
          tooltip[e.ids[j]] = e.applied[e.ids[j]].t;
          if (e.group.hasLayer(lyr)) {
            shown += 1;
          }
        }
        out.layers[e.name] = {
          kind: e.kind, features: e.ids.length, shown: shown, onMap: map.hasLayer(e.group),
          fill: fill, radius: radius, tooltip: tooltip
        };
      }
      var renderer = map._renderer;  // Leaflet-internal; debug only
      out.canvasPaths = renderer && renderer._layers ? Object.keys(renderer._layers).length : null;
      out.legend = state.legend;
      out.drawn = drawn;
      out.rings = rings;
      if (cfg.fit) {  // where the bounds the map fits stand now, in the map's pixels [left, top, right, bottom]
        var nw = map.latLngToContainerPoint(L.latLng(cfg.fit[1][0], cfg.fit[0][1]));
        var se = map.latLngToContainerPoint(L.latLng(cfg.fit[0][0], cfg.fit[1][1]));
        out.fit = [nw.x, nw.y, se.x, se.y];
      }
      out.clusters = {};
      for (var cn in clusters) {
        out.clusters[cn] = clusters[cn].getLayers().length;
      }
      return out;
    }

    function ready() {
      fitView();  // the opening view (the map is built without one: a fit of its own would animate after this)
      map.on("overlayadd", reorder);
      map.on("zoomend overlayadd overlayremove", declutter);
      // The map's style sheets arrive with it (streamlit-folium injects the map's page into its frame), so they
      // may still be loading when the clusters are first drawn: a count measured before leaflet.css applies is
      // a block as wide as the map, and stands half a map away from its circle (seen on phones).  Each style
      // sheet still loading draws the clusters again once it has loaded.
      var sheets = document.querySelectorAll('link[rel="stylesheet"]');
      for (var si = 0; si !== sheets.length; si++) {
        if (!sheets[si].sheet) {
          sheets[si].addEventListener("load", declutter);
        }
      }
      var p = readState();
      if (p) {
        restyle(p);
      }
      reorder();
    }

    var atlas = { key: key, map: map, layer: layer, restyle: restyle, ready: ready, debug: debug };
    window.__atlasMaps[key] = atlas;
    window.__atlasRestyle = function (payload, k) {
      var m = window.__atlasMaps[k === undefined ? key : k];
      if (m) {
        m.restyle(payload);
      }
    };
    window.__atlasDebug = function (k) {
      var m = window.__atlasMaps[k === undefined ? key : k];
      return m ? m.debug() : null;
    };
    return atlas;
  }

  window.__atlasMaps = window.__atlasMaps || {};
  // Set once per document load: a changed token means the map iframe reloaded.
  window.__atlasToken = window.__atlasToken || Math.random().toString(36).slice(2);
  window.__atlasCreate = create;
})(window);
