"""What a viewer sees when a page fails unexpectedly: a short message, never a traceback.

Why: a traceback shows server paths, code and sometimes data to whoever has the
URL, and tells them nothing they can act on.  ``run_page`` runs the page chosen
in the navigation; any unexpected exception is logged on the server with its
traceback and a short reference, and the viewer gets one translated sentence
with that reference (so a coordinator can quote it to whoever reads the log).
Streamlit's own error display is switched off as well
(``client.showErrorDetails = "none"`` in ``.streamlit/config.toml``) for what
happens outside ``run_page`` and ``guarded``.

Streamlit's control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) raises
``BaseException`` subclasses and passes through untouched.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.logger import get_logger

from components import map_first
from components.i18n import t

LOG = get_logger("atlas.errors")

#: TEST ONLY: ``ATLAS_TEST_FAIL_PAGE=<url path>`` makes that page raise an
#: unexpected error (tests/browser/test_security_browser.py checks what the
#: viewer sees then).  Never set it in a deployment.
_TEST_FAIL_ENV = "ATLAS_TEST_FAIL_PAGE"


def _report(where: str) -> None:
    """Log the exception being handled with a reference, and show the viewer the short message."""
    reference = secrets.token_hex(4)
    LOG.exception("%s failed (reference %s)", where, reference)
    st.error(t("This view could not be shown because of an unexpected error. It has been logged for the "
               "atlas team (reference {reference}); try again, or choose another page or area.")
             .format(reference=reference))


def run_page(page: Any) -> None:
    """Run the navigation's page; turn an unexpected error into a short, logged message."""
    try:
        if os.environ.get(_TEST_FAIL_ENV) and os.environ[_TEST_FAIL_ENV] == getattr(page, "url_path", None):
            raise RuntimeError(f"forced test failure in {__file__}")
        page.run()
    except Exception:
        _report(f"page {getattr(page, 'url_path', page)!r}")
        map_first.release_when_drawn()  # what the page held back (the sidebar too) still comes


def guarded(func: Callable[[], None]) -> Callable[[], None]:
    """The same for a fragment, whose own reruns (e.g. a slider step) do not pass through ``run_page``.

    Use under ``@st.fragment``: ``@st.fragment`` then ``@errors.guarded``.
    """
    @functools.wraps(func)
    def wrapper() -> None:
        try:
            func()
        except Exception:
            _report(f"fragment {func.__qualname__!r}")
    return wrapper


__all__ = ["guarded", "run_page"]
