"""Offline web assets (Leaflet) served by the app itself.

Why this exists: folium and streamlit-folium load Leaflet, jQuery, Bootstrap
and Font Awesome from public CDNs by default, and the map silently aborts when
those requests fail. The atlas must run air-gapped, so the few assets the map
needs are copied at app start from the installed PyPI package XStatic-Leaflet
into ``<app root>/static/vendor/``, which Streamlit serves at
``/app/static/vendor/...`` when ``server.enableStaticServing`` is on (see
``.streamlit/config.toml``).

Directory names carry the upstream version (``leaflet-1.9.3``), so upgrading a
package never serves a stale, browser-cached file under the old URL.

Nothing here touches the network or the project's data files.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as _xs_leaflet

__all__ = [
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "VendorFile",
    "asset_url",
    "ensure_assets",
    "inline_css",
    "inline_js",
    "static_dir",
    "vendor_files",
]

#: Folder under the app's ``static/`` dir that receives the copies.
VENDOR_SUBDIR = "vendor"

LEAFLET_DIR = f"leaflet-{_xs_leaflet.VERSION}"

#: Paths relative to ``static/vendor/``; used both for URLs and for inlining.
LEAFLET_JS = f"{LEAFLET_DIR}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_DIR}/leaflet.css"


@dataclass(frozen=True)
class VendorFile:
    """One file to publish: where it comes from and where it goes."""

    source: Path  # inside the installed PyPI package
    relpath: str  # relative to static/vendor/, forward slashes


def vendor_files() -> list[VendorFile]:
    """Every file the map needs, taken from the installed XStatic packages.

    Source maps are copied too: browsers only fetch them with DevTools open,
    but then a 404 would look like a broken offline install.
    """
    leaflet = Path(_xs_leaflet.BASE_DIR)
    files = [
        VendorFile(leaflet / "leaflet.js", LEAFLET_JS),
        VendorFile(leaflet / "leaflet.js.map", f"{LEAFLET_DIR}/leaflet.js.map"),
        VendorFile(leaflet / "leaflet.css", LEAFLET_CSS),
    ]
    # leaflet.css refers to images/layers.png etc. relative to itself.
    for img in sorted((leaflet / "images").glob("*.png")):
        files.append(VendorFile(img, f"{LEAFLET_DIR}/images/{img.name}"))
    return files


def static_dir() -> Path:
    """The folder Streamlit serves at ``/app/static/`` for the running app.

    Streamlit resolves it as ``<dir of the main script>/static`` (not the
    working directory), so ``streamlit run examples/offline_map.py`` serves
    ``examples/static/``. Outside a Streamlit run, fall back to ``./static``.
    """
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import (
            get_script_run_ctx,
        )

        ctx = get_script_run_ctx(suppress_warning=True)
    except Exception:  # any failure means "not inside streamlit"
        ctx = None
    if ctx is not None and getattr(ctx, "main_script_path", None):
        return Path(ctx.main_script_path).resolve().parent / "static"
    return Path.cwd() / "static"


_done: set[Path] = set()
_lock = threading.Lock()


def _same_file(src: Path, dst: Path) -> bool:
    try:
        s, d = src.stat(), dst.stat()
    except FileNotFoundError:
        return False
    return s.st_size == d.st_size and int(s.st_mtime) == int(d.st_mtime)


def ensure_assets(static_root: Path | None = None) -> None:
    """Copy the vendor assets into ``<static_root>/vendor/`` if missing or stale.

    Idempotent and cheap after the first call in a process (remembered per
    target folder). Each file is written to a temp file and renamed into
    place, so a browser session that starts while another session copies
    never receives a half-written script.
    """
    root = (static_root or static_dir()).resolve()
    if root in _done:
        return
    with _lock:
        if root in _done:
            return
        vendor = root / VENDOR_SUBDIR
        for vf in vendor_files():
            dst = vendor / vf.relpath
            if _same_file(vf.source, dst):
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
            os.close(fd)
            try:
                shutil.copy2(vf.source, tmp)  # copy2 keeps mtime for _same_file
                os.replace(tmp, dst)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        _done.add(root)


def asset_url(relpath: str) -> str:
    """Browser URL of a vendor file, honouring ``server.baseUrlPath``.

    Absolute (``/app/static/...``) because the same URL is loaded from inside
    the streamlit-folium iframe (``/component/...``) and from the main page.
    """
    base = ""
    try:
        from streamlit import config

        base = (config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # outside streamlit the default applies
        base = ""
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/{VENDOR_SUBDIR}/{relpath}"


def _source(relpath: str) -> Path:
    for vf in vendor_files():
        if vf.relpath == relpath:
            return vf.source
    raise KeyError(relpath)


_SOURCEMAP_RE = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)


def inline_js(relpath: str) -> str:
    """Contents of a vendor script, safe to embed in an inline ``<script>``.

    Drops the ``sourceMappingURL`` comment (no file to point at) and breaks
    any ``</script`` so the HTML parser cannot end the element early.
    """
    text = _source(relpath).read_text(encoding="utf-8")
    text = _SOURCEMAP_RE.sub("", text)
    return text.replace("</script", "<\\/script")


def inline_css(relpath: str) -> str:
    """Contents of a vendor stylesheet with relative ``url(...)`` images as
    data URIs, so a single-file HTML export needs no neighbouring files."""
    src = _source(relpath)
    text = src.read_text(encoding="utf-8")

    def repl(match: re.Match[str]) -> str:
        ref = match.group(1).strip("'\"")
        path = src.parent / ref
        if ref.startswith(("data:", "#", "/")) or not path.is_file():
            return match.group(0)
        mime = "image/png" if path.suffix == ".png" else "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:{mime};base64,{data})"

    return re.sub(r"url\(([^)]+)\)", repl, text).replace("</style", "<\\/style")
