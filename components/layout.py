"""Page layout rules that keep the map above the fold, on a wide screen and on a phone.

Why CSS: Streamlit stacks every row of columns on narrow screens, so a row of controls would become a screen of
height before the map.  On a phone the headline figures (``components.figures``) stay side by side (smaller),
titles shrink, the top padding is only the height of Streamlit's header (3.75rem, opaque: a title under it would
lose the tops of its letters), and a one-pill switch (``components.state.switch``) keeps no room for its hidden
label; on a wide screen the title is tighter.  A button's label in such a row wraps instead of ending in "…":
"▶ Pl…" tells a phone user nothing.  Where nothing hovers (a phone), Streamlit shows a table's toolbar all the
time, 44 px above the table, over the end of the element before it (a heading): such an element gets that room.
Text colours for captions are darkened to a contrast of at least 4.5:1 on the page background.
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
.atlas-where { display: flex; flex-wrap: wrap; align-items: center; column-gap: 1rem; row-gap: 0.25rem; }
.atlas-warning { display: flex; gap: 0.75rem; padding: 1rem; border-radius: 0.5rem; background: #fffae5;
  color: #805a00; }
.atlas-warning .atlas-icon { font-size: 1.25rem; }
.atlas-figures { display: flex; flex-wrap: wrap; gap: 1rem; }
.atlas-figure { flex: 1 1 12rem; min-width: 0; }
.atlas-figure-label { font-size: 0.875rem; min-height: 1.5rem; display: flex; align-items: center; }
.atlas-figure-value { font-size: 2.25rem; line-height: 1.35; padding-bottom: 0.25rem; overflow-wrap: anywhere; }
.atlas-figure-change { display: inline-flex; align-items: center; gap: 0.125rem; font-size: 0.875rem;
  padding: 2px 6px 2px 4px; border-radius: 9999px; background: #f0f2f6; color: #31333f; }
.atlas-figure-note { font-size: 0.875rem; color: #4b4d57; margin-top: 0.25rem; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; padding-left: 0.75rem; padding-right: 0.75rem; }
  h1 { font-size: 1.5rem !important; }
  .atlas-figures { flex-wrap: nowrap; gap: 0.5rem; }
  .atlas-figure { flex: 1 1 0; }
  .atlas-figure-value { font-size: 1.15rem; }
  .atlas-figure-label, .atlas-figure-note { font-size: 0.7rem; }
  .atlas-figure-change { font-size: 0.65rem; border-radius: 0.5rem; }
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
@media (hover: none) {
  [data-testid="stElementContainer"]:has([data-testid="stElementToolbar"]) { margin-top: calc(44px - 1rem); }
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
