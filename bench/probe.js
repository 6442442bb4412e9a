/*
 * Libya Operations Atlas - benchmark probe (bench/run.py adds it to every
 * browser context with add_init_script; it runs at document start).
 *
 * Only the top document is instrumented. All times are performance.now() of
 * the top document, i.e. milliseconds since its navigation started.
 *
 *   __bench.loadT    first animation frame in which a map iframe shows its
 *                    first payload (atlas: __atlasDebug().restyles > 0) or,
 *                    for the naive page, all of its Leaflet paths
 *   __bench.keyT     keydown of ArrowLeft/ArrowRight (capture phase)
 *   __bench.sendT    first websocket send after the key (the rerun request)
 *   __bench.recvT    first websocket message after that send
 *   __bench.markT    first websocket message containing __bench.marker
 *                    (atlas: the bridge element; naive: the map element)
 *   __bench.restyleT atlas: end of the first restyle() after the key (hook
 *                    installed by run.py in the map iframe, see HOOK_ATLAS)
 *   __bench.paintT   first animation frame after that restyle (atlas), or the
 *                    first frame in which the new naive map has all its paths
 *   __bench.lastT    last websocket message received (the rerun's end)
 *   __bench.msgs     [ms after sendT, bytes] of each message since the key
 *   __bench.restyles atlas: restyle() calls since the key (counted by the hook)
 *
 * Nothing here changes what the page does: it listens, and polls inside
 * requestAnimationFrame only until the map is painted.
 */
(function () {
  "use strict";
  if (window.top !== window || window.__bench) {
    return;
  }
  var B = (window.__bench = {
    loadT: null, keyT: null, sendT: null, recvT: null, markT: null, restyleT: null, paintT: null, lastT: null,
    marker: null, expect: null, keys: 0, msgs: [], restyles: 0
  });

  function mapWindows() {
    var out = [];
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i !== frames.length; i++) {
      var src = frames[i].getAttribute("src") || "";
      if (src.indexOf("streamlit_folium") === -1) {
        continue;
      }
      try {
        if (frames[i].contentWindow && frames[i].contentWindow.document) {
          out.push(frames[i].contentWindow);
        }
      } catch (e) { /* not same-origin: not ours */ }
    }
    return out;
  }

  function naiveMap(w) {
    var m = w.__benchMap;
    if (!m) {
      return null;
    }
    var paths = w.document.querySelectorAll(".leaflet-overlay-pane path").length;
    return paths >= m.paths ? m : null;
  }

  function mapShown() {
    var wins = mapWindows();
    for (var i = 0; i !== wins.length; i++) {
      try {
        var w = wins[i];
        if (w.__atlasMaps) {
          for (var k in w.__atlasMaps) {
            if (w.__atlasMaps[k].debug().restyles > 0) {
              return true;
            }
          }
        }
        if (naiveMap(w)) {
          return true;
        }
      } catch (e) { /* iframe still loading */ }
    }
    return false;
  }

  // Naive page: the map for another round than B.expect.notRound, fully drawn.
  B.naiveRound = function () {
    var wins = mapWindows();
    for (var i = 0; i !== wins.length; i++) {
      try {
        var m = naiveMap(wins[i]);
        if (m) {
          return m.round;
        }
      } catch (e) { /* ignore */ }
    }
    return null;
  };

  function newNaiveShown() {
    var wins = mapWindows();
    for (var i = 0; i !== wins.length; i++) {
      try {
        var m = naiveMap(wins[i]);
        if (m && m.round !== B.expect.notRound) {
          return true;
        }
      } catch (e) { /* ignore */ }
    }
    return false;
  }

  function loadLoop() {
    if (mapShown()) {
      B.loadT = performance.now();
      return;
    }
    requestAnimationFrame(loadLoop);
  }
  requestAnimationFrame(loadLoop);

  function stepLoop() {
    if (B.paintT !== null || !B.expect) {
      return;
    }
    if (newNaiveShown()) {
      B.paintT = performance.now();
      return;
    }
    requestAnimationFrame(stepLoop);
  }

  window.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") {
      return;
    }
    B.keys += 1;
    B.keyT = performance.now();
    B.sendT = B.recvT = B.markT = B.restyleT = B.paintT = null;
    B.msgs = [];
    B.restyles = 0;
    if (B.expect) {
      requestAnimationFrame(stepLoop);
    }
  }, true);

  var decoder = new TextDecoder("utf-8");
  function onMessage(ev) {
    var t = performance.now();
    B.lastT = t;
    if (B.keyT === null || B.sendT === null) {
      return;
    }
    if (B.recvT === null) {
      B.recvT = t;
    }
    if (B.msgs.length !== 200) {
      B.msgs.push([Math.round(t - B.sendT), ev.data.byteLength || ev.data.length || 0]);
    }
    if (B.markT === null && B.marker && ev.data instanceof ArrayBuffer && ev.data.byteLength > 200) {
      if (decoder.decode(ev.data).indexOf(B.marker) !== -1) {
        B.markT = t;
      }
    }
  }

  var send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (B.keyT !== null && B.sendT === null) {
      B.sendT = performance.now();
    }
    if (!this.__benchHooked) {
      this.__benchHooked = true;
      this.addEventListener("message", onMessage);
    }
    return send.call(this, data);
  };
})();
