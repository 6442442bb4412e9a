"""Page layout rules that keep the map above the fold, on a wide screen and on a phone.

Why CSS: Streamlit stacks every row of columns on narrow screens, so three headline figures become three screens of
height before the map.  On a phone the rows of headline figures stay side by side (smaller), titles shrink, the top
padding is only the height of Streamlit's header (3.75rem, opaque: a title under it would lose the tops of its
letters), and a one-pill switch (``components.state.switch``) keeps no room for its hidden label; on a wide screen
the title is tighter.  A button's label in such a row wraps instead of ending in "…": "▶ Pl…" tells a phone user
nothing.  Text colours for captions are darkened to a contrast of at least 4.5:1 on the page background.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
h1 { padding-top: 0.25rem !important; padding-bottom: 0.25rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4b4d57; }
.atlas-list { padding: 0; padding-inline-start: 1.5em; margin: 0; }
.atlas-caption { font-size: 0.875rem; color: #4b4d57; }
.atlas-icon { font-family: "Material Symbols Rounded"; font-size: 1.25em; line-height: 1; vertical-align: -0.2em;
  font-feature-settings: "liga"; direction: ltr; display: inline-block; white-space: nowrap; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; padding-left: 0.75rem; padding-right: 0.75rem; }
  h1 { font-size: 1.5rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) { flex-wrap: nowrap !important; gap: 0.5rem; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    min-width: 0 !important; width: auto !important; flex: 1 1 0 !important; }
  [data-testid="stMetricValue"] { font-size: 1.15rem !important; }
  [data-testid="stMetricLabel"] p { font-size: 0.7rem !important; white-space: normal !important; }
  [data-testid="stMetricDelta"] { font-size: 0.65rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stSlider"]) { flex-wrap: nowrap !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stSlider"]) > [data-testid="stColumn"] {
    min-width: 0 !important; }
  [class*="st-key-atlas-switch-"] [data-testid="stWidgetLabel"] { display: none; }
  [data-testid="stHorizontalBlock"] .stMarkdownEllipsis,
  [data-testid="stHorizontalBlock"] .stMarkdownEllipsis p {
    white-space: normal !important; text-overflow: clip !important; }
  [data-testid="stHorizontalBlock"] [data-testid="stButton"] button { padding-left: 0.4rem; padding-right: 0.4rem; }
  [data-testid="stHorizontalBlock"] [data-testid="stButton"] button p { font-size: 0.85rem; }
}
</style>
"""


def apply() -> None:
    """Add the layout rules to the page (an invisible element)."""
    st.html(_CSS)


def script(js: str, css: str = "", html: str = "") -> None:
    """A script that runs in the page (``js``: no "<", or the HTML sanitiser drops it), with its own style rules
    (``css``) and markup (``html``), in an element that takes no room on the page.

    Why here: Streamlit puts every element in a container with a gap below it, so an element that only runs a
    script would leave an empty line; one rule hides the container of any element marked ``atlas-script``,
    carried by each such element (it needs no other element to have arrived first)."""
    hide = '[data-testid="stElementContainer"]:has(.atlas-script){display:none}'
    st.html(f'{html}<div class="atlas-script" hidden></div><style>{hide}{css}</style><script>{js}</script>',
            unsafe_allow_javascript=True)
