"""The coordinator's "add a flash update" form: one screen, under a minute.

Why a form and not a file: an emergency is reported as one event, typed by a
coordinator from a phone call or a message.  The form asks for exactly what
the feed needs (title, date, type, where, affected baladiyas, people, source,
text; the title and text in Arabic if the coordinator has them) and hands it
to ``geo.flash_events.add``, which validates it like an imported row and
stores a new audited version; every open Flash page picks it up at its next
rerun (and polls for it, see ``pages/flash.py``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache, partial

import streamlit as st

from components import notices, presses, problems
from components.i18n import t
from geo import admin, catalog, flash_events, flash_feed
from geo.registry import EVENT_TYPES
from geo.translations import Words
from geo.validation import ValidationError

_DONE = "fu-added"  # the notice slot (components.notices) of an added event
_ADD = "fu-add"  # the key of "Add to the feed", whose press is kept (components.presses)
_ADDS = "_fu-adds"  # events this session added: the expander's key, closed again after each
# The form's fields as it opens (the date aside: today), by widget key.
_EMPTY = {"fu-form-title": "", "fu-form-type": EVENT_TYPES[0], "fu-form-place": None, "fu-form-lat": "",
          "fu-form-lon": "", "fu-form-approx": False, "fu-form-baladiyas": [], "fu-form-affected": "",
          "fu-form-displaced": "", "fu-form-source": "", "fu-form-text": "", "fu-form-title-ar": "",
          "fu-form-text-ar": ""}


@cache
def _places() -> dict[str, flash_events.Place]:
    return {p.label: p for p in flash_events.places()}


def _baladiya_label(pcode: str) -> str:
    unit = admin.baladiyas()[pcode]
    return f"{unit.name_en} · {unit.name_ar} ({pcode})"


def _type_label(kind: str) -> str:
    """An event type in both languages, the same words on either page ("flood · فيضان").

    Why both: Streamlit keeps a form's choice in the browser as the words it showed.  Worded in the page's language,
    the type stayed English on the Arabic page after a switch, and sending it again in Arabic would undo a type
    chosen but not yet submitted.  The baladiya chooser names both too."""
    return f"{kind} · {Words('ar').t(kind)}"


def _number(text: str) -> str | None:
    return text.strip() or None


def render(actor: str | None, on_added, *, body: bool = True) -> None:
    """The form in an expander; ``on_added(event_id)`` runs after a successful add.

    ``body=False`` (the page's first run, before its map has drawn: ``components.map_first``) draws the
    closed expander alone, so the map below keeps its place, and a note in it: the form's dozen widgets and
    their option lists (every place and baladiya) come with the release a moment later."""
    if notices.first_shown(_DONE):  # the previous run added an event: start the next one from an empty form
        # Set, not deleted: a deleted key reaches only the server, and the reopened form showed the event just
        # added (title, type, people, Arabic title) in the browser.
        st.session_state.update({**_EMPTY, "fu-form-date": dt.date.today()})
        st.session_state[_ADDS] = st.session_state.get(_ADDS, 0) + 1
    notices.show(_DONE, waiting_label=t("Adding…"))
    # Keyed, so that a change of language (of its label) leaves it open with what was typed; a new key after each
    # add closes it.
    box = st.expander(t("Add a flash update"), expanded=False, icon=":material/add:",
                      key=f"fu-box-{st.session_state.get(_ADDS, 0)}")
    if not body:
        box.caption(t("The form opens once the map has drawn."))
        return
    with box, st.form("fu-form", border=False):
        c1, c2, c3 = st.columns([5, 2, 3])  # the type names both languages
        title = c1.text_input(t("Title"), key="fu-form-title", placeholder=t("What happened, e.g. Clashes in Murzuq"))
        date = c2.date_input(t("Date"), "today", key="fu-form-date", format="YYYY-MM-DD")
        kind = c3.selectbox(t("Type"), EVENT_TYPES, key="fu-form-type", format_func=_type_label)
        c4, c5, c6 = st.columns([3, 1, 1])
        place = c4.selectbox(t("Location: search a town or baladiya"), list(_places()), index=None,
                             key="fu-form-place", placeholder=t("Type a name…"))
        lat = c5.text_input(t("Latitude"), key="fu-form-lat", help=t("Click the map to fill in"))
        lon = c6.text_input(t("Longitude"), key="fu-form-lon", help=t("Click the map to fill in"))
        approximate = st.checkbox(t("The location is approximate"), key="fu-form-approx")
        baladiyas = st.multiselect(t("Affected baladiyas"), list(admin.baladiyas()), key="fu-form-baladiyas",
                                   placeholder=t("Choose one or more"), format_func=_baladiya_label)
        c7, c8, c9 = st.columns([1, 1, 3])
        affected = c7.text_input(t("People affected"), key="fu-form-affected")
        displaced = c8.text_input(t("People displaced"), key="fu-form-displaced")
        source = c9.text_input(t("Source"), key="fu-form-source", placeholder=t("e.g. DTM Flash Update, OCHA sitrep"))
        text = st.text_area(t("Text"), key="fu-form-text", height=100)
        # The same words in Arabic, for the Arabic page (optional: left blank, both pages show them as typed).
        title_ar = st.text_input(t("Title in Arabic (optional)"), key="fu-form-title-ar")
        text_ar = st.text_area(t("Text in Arabic (optional)"), key="fu-form-text-ar", height=68)
        st.caption(t("Location: coordinates (typed or clicked on the map) win over the searched place; with "
                     "neither, the event is shown at the seat of its first affected baladiya, marked approximate."))
        # Kept beyond its run (``components.presses``): a language chosen straight after the press stopped the run
        # it started before it read the press, and the event was neither added nor said to be.  What it adds is
        # the form as submitted, which the form's fields hold until the next submit.
        pressed = presses.button(t("Add to the feed"), key=_ADD, token="add", form=True, type="primary")
    if pressed is None:
        return
    chosen = _places().get(place) if place else None
    y, x = lat.strip() or None, lon.strip() or None
    pcodes = list(baladiyas)
    if (y is None or x is None) and chosen is not None:
        y, x = chosen.lat, chosen.lon
        if chosen.baladiya_pcode and chosen.baladiya_pcode not in pcodes:
            pcodes.insert(0, chosen.baladiya_pcode)
    where = chosen.label.split(" (")[0] if chosen else None
    draft = flash_events.Draft(
        title=title, date=date, event_type=kind, summary=text, source=source, baladiya_pcodes=pcodes,
        place=where, lat=y, lon=x, location_approximate=approximate,
        people_affected=_number(affected), people_displaced=_number(displaced), title_ar=title_ar,
        summary_ar=text_ar)
    origin = request_origin()
    try:
        # While it works, the session's other runs know to come back for the outcome (``notices.wait_for``): the
        # reader's choice in the instant after the press starts one, and the run adding can no longer show it.
        with notices.under_way(_DONE):
            if not presses.take(_ADD):  # from here to the work under way, no Streamlit call
                return
            version, row = flash_events.add(catalog.store(), draft, actor=actor,
                                            source_name=flash_events.FORM_SOURCE)
            flash_feed.refresh(flash_feed.base_url(origin))
            # Worded by the run that shows it, in the language the page is in then.
            notices.post(_DONE, "success", partial(_added, str(row["event_id"]), version.version))
    except ValidationError as exc:
        # Problems quote what was typed: shown as plain text, never as Markdown.
        with st.container(key="fu-form-problems"):
            st.error(t("Not added — nothing was changed. Please fix:"))
            st.text("\n".join(f"• {_problem(p)}" for p in exc.problems), width="stretch")
        return
    on_added(str(row["event_id"]))
    st.rerun()


def _added(event_id: str, version: int) -> str:
    return t("Added {id} to the feed (version {v}).").format(id=event_id, v=version)


def _problem(p) -> str:
    """A problem in the form's words: the field's label instead of a column name."""
    layer = flash_events.LAYER
    label = layer.field(p.column).label if p.column and layer.has_field(p.column) else (p.column or "")
    label = {"Place": t("Location"), "Latitude": t("Location"), "Summary": t("Text")}.get(label, label)
    fix = problems.translate(p.fix) if p.fix else ""
    return (f"{t(label)}: " if label else "") + problems.translate(p.message) + (f" — {fix}" if fix else "")


def request_origin() -> str | None:
    """The scheme and host this browser reached the app at (for the links in the feeds)."""
    try:
        url = st.context.url
    except Exception:
        return None
    if not url:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None

