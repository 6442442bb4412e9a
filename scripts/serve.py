"""Start the atlas: ``python scripts/serve.py [streamlit options]``.

Why a launcher instead of plain ``streamlit run app.py``: the project keeps its
page scripts in ``pages/`` and registers them with ``st.navigation`` in
``app.py``.  Streamlit also treats a ``pages/`` folder as an old-style
multipage app until ``st.navigation`` has run once in the process, so the very
first visitor to a deep link (say ``/displacement``) would get that page
without ``app.py``'s setup.  Declaring up front that ``pages/`` is not an
old-style folder removes that first-request difference.  The launcher also
warms the data caches in the background while the server starts, and serves Streamlit's page
with one line added that names its server (``name_the_server_in_the_page``).

A safe default: without sign-in (``[auth]`` in ``.streamlit/secrets.toml``) the
server listens on 127.0.0.1 only, unless an address is given
(``--server.address``, ``STREAMLIT_SERVER_ADDRESS`` or ``.streamlit/config.toml``);
given one beyond this computer, the app serves the public role only
(``components.auth``), and the launcher says so in the log.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import roles  # noqa: E402  (after the path is set)


def _flag(argv: list[str], name: str) -> list[str]:
    """Values of ``--name VALUE`` / ``--name=VALUE`` on the command line."""
    out = []
    for i, arg in enumerate(argv):
        if arg == f"--{name}" and i + 1 < len(argv):
            out.append(argv[i + 1])
        elif arg.startswith(f"--{name}="):
            out.append(arg.split("=", 1)[1])
    return out


def _toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def listen_address(argv: list[str]) -> str | None:
    """The address Streamlit will listen on, as configured (None: not configured)."""
    given = _flag(argv, "server.address") or [os.environ.get("STREAMLIT_SERVER_ADDRESS", "")]
    if given[-1]:
        return given[-1]
    for config in (ROOT / ".streamlit" / "config.toml", Path.home() / ".streamlit" / "config.toml"):
        address = _toml(config).get("server", {}).get("address")
        if address:
            return str(address)
    return None


def auth_section(argv: list[str]) -> dict:
    """The merged ``[auth]`` section of the secrets files Streamlit will read."""
    files = _flag(argv, "secrets.files") or os.environ.get("STREAMLIT_SECRETS_FILES", "").split()
    paths = [Path(f) for f in files] or [Path.home() / ".streamlit" / "secrets.toml",
                                         ROOT / ".streamlit" / "secrets.toml"]
    section: dict = {}
    for path in paths:
        section.update(_toml(path).get("auth", {}))
    return section


def plan(argv: list[str]) -> tuple[list[str], roles.Mode, str]:
    """Extra Streamlit options, the mode the app will run in, and the line to log."""
    atlas_role = roles.deployment_role()
    auth = atlas_role != "public" and roles.auth_complete(auth_section(argv))
    address = listen_address(argv)
    extra: list[str] = []
    if address is None and not auth:
        address = "127.0.0.1"
        extra = ["--server.address", address]
    mode = roles.deployment_mode(atlas_role=atlas_role, auth_configured=auth, address=address)
    where = address or "all interfaces"
    if mode == "local":
        line = (f"Local mode: no [auth] in .streamlit/secrets.toml, listening on {where} only; "
                "the local user is a coordinator.")
    elif mode == "sign-in":
        line = f"Sign-in mode: listening on {where}; roles come from sign-in ([roles] in secrets.toml)."
    elif atlas_role == "public":
        line = f"Public-only deployment (ATLAS_ROLE=public), listening on {where}."
    else:
        line = (f"Listening on {where}, beyond this computer, without [auth] in .streamlit/secrets.toml: "
                "serving the PUBLIC role only. Configure sign-in to let coordinators in.")
    return extra, mode, line


def warm_up(role: str) -> None:
    """Open (and on first run, seed) the store and build the shared geography
    while the web server starts, so the first visitor does not wait for it."""
    from components import geometry
    from geo import catalog, registry, sensitivity

    if roles.deployment_role() == "public":
        held = [name for name in catalog.store().datasets() if not sensitivity.public_layer(name)]
        if held:
            print(f"atlas: WARNING: this public-only deployment's store holds restricted data ({', '.join(held)}); "
                  "it is never served, but a public deployment should start on an empty ATLAS_DATA_DIR so that "
                  "restricted rows are not on its disk.", file=sys.stderr, flush=True)
    for layer in registry.visible_layers(role):
        catalog.load(layer.name, role)
    catalog.seats()
    geometry.mantika_geojson()
    geometry.countries_geojson()
    from geo import flash_feed

    flash_feed.refresh(flash_feed.base_url())  # the public feeds exist before anyone opens a page


# Streamlit's page looks for its server by trying the page's own path first: a deep link such as
# /displacement asks /displacement/_stcore/health and .../host-config (404s), then /_stcore/...,
# about 0.1 s later. Its code skips the guess when window.__streamlit.BACKEND_BASE_URL is set before
# it runs. The server is where the page's own "./static/" files are: the folder the page is in.
NAME_THE_SERVER = ('<script>window.__streamlit=Object.assign({},window.__streamlit,'
                   '{BACKEND_BASE_URL:new URL(".",document.baseURI).href})</script>')


# The Overview is the default page, which Streamlit serves at the root: its own name in the address ("/overview",
# typed or kept from a link) showed Streamlit's "Page not found" before the Overview ran. The address is made the
# root's, query and all, before Streamlit's code reads it (and before the page's own files are asked for: their
# "./static/" is the same folder either way, but not after "/overview/").
OVERVIEW_AT_ROOT = (r"<script>(function(L){var p=L.pathname.replace(/\/overview\/?$/,'/');"
                    r"if(p!==L.pathname)history.replaceState(history.state,'',p+L.search+L.hash);})(location)</script>")


def name_the_server_in_the_page() -> Path | None:
    """Serve Streamlit's static folder with ``OVERVIEW_AT_ROOT`` and ``NAME_THE_SERVER`` first in its
    ``index.html``, then the widgets' language from the link (``components.right_to_left.WIDGET_LOCALE_AT_LOAD``:
    it must come before Streamlit's code).

    A folder of links to Streamlit's own files (removed at exit) with that one file copied and changed;
    Streamlit is told to serve it instead of its own. Returns the folder, or None (the page as shipped,
    said in the log) if ``index.html`` is not as expected.
    """
    from streamlit import file_util

    from components.right_to_left import WIDGET_LOCALE_AT_LOAD

    shipped = Path(file_util.get_static_dir())
    page = (shipped / "index.html").read_text(encoding="utf-8")
    if page.count("<head>") != 1:
        print("atlas: Streamlit's index.html has no single <head>; served as shipped", file=sys.stderr, flush=True)
        return None
    folder = Path(tempfile.mkdtemp(prefix="atlas-streamlit-static-"))
    atexit.register(shutil.rmtree, folder, True)
    for entry in shipped.iterdir():
        if entry.name != "index.html":
            (folder / entry.name).symlink_to(entry)
    head = "<head>" + OVERVIEW_AT_ROOT + NAME_THE_SERVER + WIDGET_LOCALE_AT_LOAD
    (folder / "index.html").write_text(page.replace("<head>", head), encoding="utf-8")
    file_util.get_static_dir = lambda: str(folder)
    return folder


def main() -> None:
    import threading

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    os.chdir(ROOT)
    argv = sys.argv[1:]
    extra, mode, line = plan(argv)
    print(f"atlas: {line}", file=sys.stderr, flush=True)
    role = "public" if mode == "public-only" else "coordinator"
    name_the_server_in_the_page()
    threading.Thread(target=warm_up, args=(role,), name="atlas-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *argv, *extra]
    cli.main()


if __name__ == "__main__":
    main()
