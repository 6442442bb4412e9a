"""Streamlit's own widgets made to read right to left, while the page is in Arabic.

Why a module of its own: Streamlit has no right-to-left mode.  ``components.i18n`` turns the text into Arabic;
what Streamlit draws itself (its menu, its sliders and date inputs' calendars, its tables' grids and menus, its
file-drop box, its segmented controls) still reads from the left, and in English, and each is mended here: with
style rules where the layout alone is wrong, with a few lines of JavaScript where Streamlit writes English or
places things by arithmetic that takes the start for the left.  Each such script is a string without "<" (the
HTML sanitiser of ``st.html`` would drop it) that runs in Streamlit's page once, checking the page's direction
each time it acts, since the reader can change language without the page reloading.  Sent by
``apply_direction``, and, for the widgets' language, in Streamlit's page itself (``WIDGET_LOCALE_AT_LOAD``, put
there by ``scripts/serve.py``).
"""

from __future__ import annotations

import json
import re

import streamlit as st

from components import i18n, layout
from components.i18n import plural_forms, rtl, t

# Each script's first words where it acts: nothing unless the page reads right to left now (the reader may have
# chosen English since the script was sent).
_RTL_NOW = "W.getComputedStyle(D.querySelector('.stApp')||D.body).direction==='rtl'"
_ONLY_WHILE_RTL = "if(!(" + _RTL_NOW + "))return;"

RTL_CSS = """<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] {direction: rtl; text-align: right;}
[data-testid="stSidebarNav"] a, [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stAlert"], [data-testid="stExpander"], .stRadio, .stSelectbox,
.stMultiSelect, label {direction: rtl; text-align: right;}
[data-testid="stSidebarCollapseButton"], [data-testid="stSidebarHeader"] {direction: ltr;}
[data-testid="stToolbar"] div:has(> [data-testid="stMainMenu"]) {margin-inline-start: auto; margin-inline-end: 1rem;}
iframe {direction: ltr;}
/* A slider's coloured part runs from its start, on the right (its thumbs are placed by React Aria). */
[data-testid="stSlider"] [role="group"] > div > div:first-child:not([data-rac]) {transform: scaleX(-1);}
[data-testid="stMainMenuPopover"], [data-testid="stDateInputCalendar"], [data-testid="stDataFrameColumnMenu"],
[data-testid="stDataFrameColumnFormattingMenu"], [data-testid="stDataFrameColumnVisibilityMenu"],
[data-testid="stDataFrameStatisticsMenu"], .gdg-search-bar {direction: rtl; text-align: right;}
/* A calendar's previous month is on its right: its arrow points there. */
[data-testid="stDateInputCalendar"] button[slot] svg {transform: scaleX(-1);}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:first-child {border-radius: 0 0.5rem 0.5rem 0;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child {border-radius: 0.5rem 0 0 0.5rem;}
/* Streamlit lays a segmented control out left to right: each button overlaps the next by 1px on its right (the
   first one's outer edge was clipped), and the one after the chosen hides its left border (the outer one). */
[data-testid="stButtonGroup"] button[data-variant="segmented_control"] {
  margin-right: 0 !important; margin-left: -1px !important;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child {margin-left: 0 !important;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"][aria-checked="true"] + button {
  border-left-color: rgb(220, 216, 212) !important; border-right-color: transparent !important;}
[data-testid="stSidebar"][data-collapsed="true"],
[data-testid="stSidebar"][data-collapsed="true"] * {visibility: hidden !important;}
/* A text field's instructions ("Press Enter to apply", its count of characters) at its left end: its text starts at
   the right, where Streamlit puts them (they covered the end of "UNHCR Libya"). */
[data-testid="InputInstructions"] {right: auto !important; left: 9px;}
/* A file-drop box's limit and types, longer in Arabic: on a phone they wrap rather than lose the types to "…". */
[data-testid="stFileUploaderDropzoneInstructions"] span {white-space: normal; overflow: visible;}
</style>"""


# A table's grid scrolls from the left whatever the page's direction, and an Arabic table's first columns (its
# name, its title) are on its right: a table wider than its box would open on its last columns.  Each grid is kept
# scrolled to its right end while the page is right to left, until the reader scrolls or touches it (their position
# is then theirs).  Not once only: Streamlit reuses a grid's element for another table when the page changes above
# it (seen: after an upload on the Arabic Data page, the Versions table opened scrolled as the Audit log had been,
# its version numbers out of sight).  No "<" in it: the HTML sanitiser would drop the script.
RTL_GRIDS_JS = (
    "(function(){var W=window.parent||window,D=W.document;if(W.__atlasRtlGrids)return;W.__atlasRtlGrids=1;"
    "W.setInterval(function(){" + _ONLY_WHILE_RTL +
    "D.querySelectorAll('[data-testid=\"stDataFrame\"] .dvn-scroller').forEach(function(s){"
    "if(!s.dataset.atlasRtl){s.dataset.atlasRtl='1';['wheel','pointerdown','touchstart','keydown'].forEach("
    "function(e){s.addEventListener(e,function(){s.dataset.atlasReader='1';},{passive:true});});}"
    "if(s.dataset.atlasReader||s.scrollLeft+s.clientWidth+1>=s.scrollWidth)return;"
    "s.scrollLeft=s.scrollWidth;});},300);})();"
)


def _without_less_than(rule: str) -> str:
    """A plural rule (``components.i18n.plural_rule``) with its comparisons turned round ("n%100<=10" reads
    "10>=n%100"): a page's script may hold no "<" (``components.layout.script``).  Its operands are ``n``,
    ``n%10``, ``n%100`` and numbers."""
    turned = re.sub(r"([\w%]+)\s*<(=?)\s*([\w%]+)", r"\3>\2\1", rule)
    if "<" in turned:
        raise ValueError(f"cannot write the plural rule without '<': {rule!r}")
    return turned


# Streamlit writes in English, whatever the page's language, its menu (⋮), a date input's calendar (a range's
# quick choices, what it tells screen readers), a table's toolbar, search bar and column menus, the tooltips of
# those toolbars, its button in a chart's toolbar, the names of inputs' buttons, a list's "No results", a file-drop
# box's button and limit, a text field's instructions, and the link that skips the sidebar.  While
# the page is right to left, each of their texts (``streamlit_words``: a text, an ``aria-label`` or a chart
# button's ``data-title`` that is the English, or begins with it and ", " or ": ") is replaced by its Arabic as
# they are drawn or change; so are a table search's counts ("3 of 12 results"), in the reader's digits.  A watch
# on the page's elements that starts with the reader's key, click or hover (nothing of these shows otherwise), or
# when a file-drop box is drawn (its words show at once), and ends 10 s after the last one, so that nothing
# watches while a page without one loads.  Its words are refreshed by every run.  What a screen reader reads
# before anyone acts is replaced without the watch: what is on the page when the script first runs, then each input
# of ``_READ_FIRST`` as it is drawn (seen: "Skip to main content" and "Increment" in English until a key).
_WORD_BOXES = ", ".join(f'[data-testid="{testid}"]' for testid in (
    "stMainMenuPopover", "stDateInputCalendar", "stDateInputQuickSelectPopover", "stElementToolbar",
    "stTooltipContent", "stDataFrameColumnMenu", "stDataFrameColumnFormattingMenu",
    "stDataFrameColumnVisibilityMenu", "stDataFrameStatisticsMenu", "stDateInput", "stNumberInput", "stMultiSelect",
    "stMultiSelectDropdown", "stSelectboxVirtualDropdown", "stFileUploader", "stSkipToContent", "InputInstructions"))
_WORD_BOXES += ", .gdg-search-bar, .js-plotly-plot .modebar"
# What a screen reader reads on a page before anyone acts: the skip link and the names of inputs' buttons.
_READ_FIRST = ", ".join(f'[data-testid="{testid}"]' for testid in (
    "stSkipToContent", "stNumberInput", "stDateInput", "stMultiSelect"))
RTL_WORDS_JS = (
    "(function(){var W=window.parent||window,D=W.document;W.__atlasWords=%s;"
    "if(W.__atlasWordsWatch)return;W.__atlasWordsWatch=1;"
    "var has=Object.prototype.hasOwnProperty,BOXES=" + json.dumps(_WORD_BOXES) + ";"
    "function digits(x){return W.__atlasWords['{digits}']==='arab'?x.replace(/[0-9]/g,function(d){"
    "return String.fromCharCode(1632+ +d);}):x;}"
    # A count's form (Arabic: six), numbered by the Arabic catalogue's own rule: only Arabic reads right to left.
    "function form(forms,n){return forms[+(" + _without_less_than(i18n.plural_rule("ar")).replace("%", "%%") + ")]"
    "||forms[forms.length-1];}"
    "function word(x){var w=W.__atlasWords,m,v;if(has.call(w,x))return w[x];"
    "for(var k in w)if(has.call(w,k)&&x.indexOf(k)===0&&(k.slice(-2)===', '||x.slice(k.length,k.length+2)===': '))"
    "return w[k]+x.slice(k.length);"
    "if((m=/^([0-9]+) of ([0-9]+) results?$/.exec(x)))"
    "return digits(form(w['{i} of {n} results'],+m[2]).replace('{i}',m[1]).replace('{n}',m[2]));"
    "if((m=/^([0-9]+) of (.+)$/.exec(x))&&(v=word(m[2]))!==null)"
    "return digits(w['{i} of {n}'].replace('{i}',m[1]).replace('{n}',v));"
    "if((m=/^Remove (.+)$/.exec(x)))return w['Remove {name}'].replace('{name}',m[1]);"
    "if((m=/^([0-9]+) results?$/.exec(x)))return digits(form(w['{n} results'],+m[1]).replace('{n}',m[1]));"
    # A text field's count of characters ("11/200"), in the reader's digits.
    "if(/^[0-9]+\\/[0-9]+$/.test(x)&&digits(x)!==x)return digits(x);"
    "return null;}"
    # What was replaced ([node, attribute or null for a text, English, Arabic]): put back when the page reads
    # left to right again (a table's toolbar stays on the page when the reader chooses English).
    "var done=[];"
    "function put(n,at,v){var en=at?n.getAttribute(at):n.data;done.push([n,at,en,v]);"
    "if(at)n.setAttribute(at,v);else n.data=v;}"
    "function restore(){done.forEach(function(r){var n=r[0],at=r[1];"
    "if(at){if(n.getAttribute(at)===r[3])n.setAttribute(at,r[2]);}else if(n.data===r[3])n.data=r[2];});done=[];}"
    "function tr(){if(!(" + _RTL_NOW + ")){restore();return;}"
    "done=done.filter(function(r){return r[0].isConnected;});"
    "D.querySelectorAll(BOXES).forEach(function(box){"
    "var walk=D.createTreeWalker(box,4),n,v;"  # 4: NodeFilter.SHOW_TEXT
    "while((n=walk.nextNode()))if((v=word(n.data))!==null)put(n,null,v);"
    "[box].concat([].slice.call(box.querySelectorAll('[aria-label],[data-title]'))).forEach(function(e){"
    "['aria-label','data-title'].forEach(function(at){var a=e.getAttribute(at);"
    "if(a&&(v=word(a))!==null)put(e,at,v);});});});}"
    "var obs=null,stop=0;"
    # Left to right, nothing watches (a session that has shown Arabic keeps the script): what was replaced is
    # put back.
    "function watch(){if(!obs&&!(" + _RTL_NOW + ")){if(done.length)restore();return;}"
    "W.clearTimeout(stop);stop=W.setTimeout(function(){if(obs){obs.disconnect();obs=null;}},10000);"
    "if(!obs){obs=new W.MutationObserver(tr);obs.observe(D.body,{childList:true,subtree:true,characterData:true,"
    "attributes:true,attributeFilter:['aria-label','data-title']});tr();}}"
    "['pointerdown','keydown','pointerover'].forEach(function(e){D.addEventListener(e,watch,true);});"
    # What a screen reader reads before anyone acts (the skip link, the names of inputs' buttons): one pass now,
    # without a watch (a screen reader's reading keys reach no page); inputs drawn later get theirs below.
    "if(!obs)tr();"
    # A file-drop box's words (its button, its limit) show before anyone acts: the watch starts when one is drawn.
    "var U='[data-testid=\"stFileUploader\"]';if(D.querySelector(U))watch();"
    # An input drawn later (after a slow first run, or by a later one) has its buttons' names replaced once, in a
    # pass of its own.
    "var Q=" + json.dumps(_READ_FIRST) + ",due=0;"
    "function pass(){if(!due)due=W.setTimeout(function(){due=0;if(!obs)tr();},50);}"
    "new W.MutationObserver(function(ms){if(obs)return;for(var k=0;ms.length>k;k++){var a=ms[k].addedNodes;"
    "for(var j=0;a.length>j;j++){var e=a[j];if(e.nodeType!==1)continue;"
    "if(e.matches(U)||e.querySelector(U)){watch();return;}if(e.matches(Q)||e.querySelector(Q))pass();}}})"
    ".observe(D.body,{childList:true,subtree:true});})();"
)


def streamlit_words(numbering: str) -> str:
    """Streamlit's English texts as its version 1.67 writes them (the credit's version follows it; "Choose date, "
    begins a label the month follows), each with the session's word, for ``RTL_WORDS_JS``; ``numbering``: the
    reader's digits, for a table search's counts."""
    texts = {
        # The ⋮ menu.
        "Print": t("Print"), "Record screen": t("Record screen"), "Stop recording": t("Stop recording"),
        "Cancel recording": t("Cancel recording"), "Made with Streamlit v": t("Made with Streamlit v"),
        # A date input's calendar, and a range's quick choices below it.
        "Previous month": t("Previous month"), "Next month": t("Next month"),
        "Choose date, ": t("Choose date, "), "Choose date range, ": t("Choose date range, "),
        "Use arrow keys to navigate dates. Enter to select. Escape to close.":
            t("Use arrow keys to navigate dates. Enter to select. Escape to close."),
        "Date range": t("Date range"), "Select...": t("Select..."),
        "Quick select a date range": t("Quick select a date range"), "Past Week": t("Past Week"),
        "Past Month": t("Past Month"), "Past 3 Months": t("Past 3 Months"), "Past 6 Months": t("Past 6 Months"),
        "Past Year": t("Past Year"), "Past 2 Years": t("Past 2 Years"),
        # The toolbar of a table or chart, and a table's search bar.
        "Show/hide columns": t("Show/hide columns"), "Download as CSV": t("Download as CSV"),
        "Search": t("Search"), "Fullscreen": t("Fullscreen"), "Close fullscreen": t("Close fullscreen"),
        "Type to search": t("Type to search"), "Close Search": t("Close Search"), "Next Result": t("Next Result"),
        "Previous Result": t("Previous Result"), "over 1000": t("over 1000"),
        # TRANSLATORS: a table search's count, and which of them is shown; the form agrees with {n}.
        "{n} results": plural_forms("{n} result", "{n} results"),
        "{i} of {n} results": plural_forms("{i} of {n} result", "{i} of {n} results"),
        "{i} of {n}": t("{i} of {n}"),  # of "over 1000"
        # A table column's menu, its formats and statistics; the columns' list.
        "Copy column name": t("Copy column name"), "Sort ascending": t("Sort ascending"),
        "Sort descending": t("Sort descending"), "Statistics": t("Statistics"), "Format": t("Format"),
        "Autosize": t("Autosize"), "Pin column": t("Pin column"), "Unpin column": t("Unpin column"),
        "Hide column": t("Hide column"), "Select all": t("Select all"),
        "Automatic": t("Automatic"), "Localized": t("Localized"), "Plain": t("Plain"), "Percent": t("Percent"),
        "Dollar": t("Dollar"), "Euro": t("Euro"), "Yen": t("Yen"), "Accounting": t("Accounting"),
        "Scientific": t("Scientific"), "Compact": t("Compact"), "Calendar": t("Calendar"),
        "Distance": t("Distance"),
        "Count": t("Count"), "Distinct": t("Distinct"), "Empty": t("Empty"), "Minimum": t("Minimum"),
        "Maximum": t("Maximum"), "Average": t("Average"), "Median": t("Median"), "Sum": t("Sum"),
        "Standard deviation": t("Standard deviation"), "Range": t("Range"), "Values": t("Values"),
        "Based on sample": t("Based on sample"), "Average length": t("Average length"),
        "Minimum length": t("Minimum length"), "Maximum length": t("Maximum length"),
        "True": t("True"), "False": t("False"), "No data": t("No data"),
        # The buttons of inputs (their names for screen readers), and a list with nothing that matches.
        "Increment": t("Increment"), "Decrement": t("Decrement"), "Clear value": t("Clear value"),
        "Clear date": t("Clear date"), "Clear dates": t("Clear dates"), "Clear all": t("Clear all"),
        "No results": t("No results"), "Remove {name}": t("Remove {name}"),
        # A file-drop box: its button, the largest file it takes (``server.maxUploadSize``, as Streamlit writes
        # it: "50MB"), and once a file is chosen.
        "Upload": t("Upload"), "Add files": t("Add files"),
        f"{st.get_option('server.maxUploadSize')}MB per file": t("{n} MB per file").format(
            n=st.get_option("server.maxUploadSize")),
        # A text field's instructions while it is typed in (a form's, a text area's: Ctrl, or ⌘ on a Mac).
        "Press Enter to apply": t("Press Enter to apply"),
        "Press Enter to submit form": t("Press Enter to submit form"),
        **{f"Press {key}+Enter to apply": t("Press {key}+Enter to apply").format(key=key) for key in ("Ctrl", "⌘")},
        **{f"Press {key}+Enter to submit form": t("Press {key}+Enter to submit form").format(key=key)
           for key in ("Ctrl", "⌘")},
        # The link a keyboard's first Tab shows, to skip the sidebar.
        "Skip to main content": t("Skip to main content"),
    }
    words = {en: word for en, word in texts.items() if word != en}
    return json.dumps(words | {"{digits}": numbering}, ensure_ascii=False)


# Streamlit's sliders and date fields (React Aria's) take their direction from the browser's language, not from
# the page's: in Arabic a slider ran from the left (its chart below, from the right), and in an Arabic browser an
# English page's slider ran from the right with its coloured part still drawn from the left.  React Aria reads a
# locale set on the window (``Symbol.for('react-aria.i18n.locale')``) when its code loads, and again on
# "languagechange" while one of its widgets is on the page.  So the page's language is set there twice: first in
# Streamlit's page (``scripts/serve.py`` puts ``WIDGET_LOCALE_AT_LOAD`` in its <head>: the language from the link,
# before React Aria's code runs), then by the runs of a session that has shown Arabic (the language chosen since).
# Arabic: ``ar-LY``, with the reader's digits; English: the browser's own language unless that is written right to
# left.  A date input's calendar (month and day names, the first day of the week) takes its language from
# ``navigator.language``, read by Streamlit each time it draws: the page's ``navigator`` answers with the widgets'
# language while one is set (its own, the browser's, otherwise).
WIDGET_LOCALES = {"latn": "ar-LY", "arab": "ar-LY-u-nu-arab"}  # Arabic, by the reader's digits
# React Aria rereads the locale only while one of its widgets is on the page (its listener comes and goes with
# them), and a widget drawn in the same moment may not be listening yet: it is told at once, again 0.25 s later,
# and, if none of its widgets is on the page, once the first one comes.  At page load (no <body> yet) nothing needs
# telling: React Aria's code has not run.
_SET_WIDGET_LOCALE = (
    "function(W,want){var K=Symbol.for('react-aria.i18n.locale'),D=W.document,N=W.navigator;"
    "if(!W.__atlasBrowserLanguage){var d=Object.getOwnPropertyDescriptor(Object.getPrototypeOf(N),'language');"
    "W.__atlasBrowserLanguage=function(){return d&&d.get?d.get.call(N):'';};"
    "try{Object.defineProperty(N,'language',{configurable:true,"
    "get:function(){return W[K]||W.__atlasBrowserLanguage();}});}catch(e){}}"
    "if(want===null&&/^(ar|fa|he|iw|ps|sd|ug|ur|yi|dv|ckb)(-|$)/i.test(W.__atlasBrowserLanguage()||''))want='en-US';"
    "if((W[K]||null)===want)return;"
    "if(want===null)delete W[K];else W[K]=want;"
    "if(!D.body)return;"
    "var sel='[data-testid=\"stSlider\"],[data-testid=\"stDateInput\"]';"
    "function tell(){W.dispatchEvent(new Event('languagechange'));}"
    "function soon(){tell();W.setTimeout(tell,250);}"
    "if(W.__atlasLocaleWatch){W.__atlasLocaleWatch.disconnect();W.__atlasLocaleWatch=null;}"
    "if(D.querySelector(sel)){soon();return;}"
    "var o=W.__atlasLocaleWatch=new W.MutationObserver(function(){if(!D.querySelector(sel))return;"
    "o.disconnect();W.__atlasLocaleWatch=null;soon();});"
    "o.observe(D.body,{childList:true,subtree:true});}"
)
WIDGET_LOCALE_AT_LOAD = (
    "<script>(" + _SET_WIDGET_LOCALE + ")(window,(function(q,L){"
    "return q.get('lang')==='ar'?L[q.get('digits')]||L.latn:null;})(new URLSearchParams(location.search),"
    + json.dumps(WIDGET_LOCALES) + "));</script>"
)


# Streamlit places a slider's value labels so that they stay inside the slider and, for a range, apart; its
# arithmetic takes the start thumb for the left one.  Right to left the start is on the right, and a range's
# labels were pushed onto each other (seen on a phone).  After each of Streamlit's placements (a change of a
# label's style, or a new slider), the same arithmetic is done in the mirror: rectangles measured from the right,
# and each offset written to the other side.  Only while the page is right to left.  ``one`` and ``two`` are
# Streamlit 1.67's own placement (``$`` and ``Je`` in its Slider chunk), their variable names kept so that the
# two can be read side by side after an upgrade.
RTL_SLIDER_LABELS_JS = (
    "(function(){var W=window.parent||window,D=W.document;if(W.__atlasRtlSliders)return;W.__atlasRtlSliders=1;"
    "var X=0;"
    "function box(e){var r=e.getBoundingClientRect();return{left:X-r.right,right:X-r.left,width:r.width};}"
    # ``side`` is the side in the mirror: its left is the page's right.
    "function put(e,side,v){var real=side==='left'?'right':'left',other=side==='left'?'left':'right';"
    "if(e.style[real]!==v)e.style[real]=v;if(e.style[other]!=='')e.style[other]='';}"
    "function one(e,t,n){var r=box(e),i=box(t),a=box(n),o=i.width/2,s=i.left+o;"
    "if(Math.round(r.left)>Math.round(s-a.width/2))put(n,'left',Math.round(r.left-s+o)+'px');"
    "else if(Math.round(s+a.width/2)>Math.round(r.right))put(n,'right',Math.round(s+o-r.right)+'px');"
    "else{put(n,'left','');put(n,'right','');}}"
    "function two(e,t,n,r,i){var a=box(e),o=box(t),s=box(n),c=box(r),l=box(i),"
    "u=a.left+a.width/2,d=o.left+o.width/2,f=s.left+s.width/2,"
    "p=d-c.width/2>=a.left,m=a.right>=f+l.width/2,h=o.left-c.width>=a.left,g=a.right>=s.right+l.width,"
    "_=p?c.width/2:c.width,v=m?l.width/2:l.width,y=d+_;"
    "if(f-v-y>24){one(e,t,r);one(e,n,i);}"
    "else if(h&&g){put(r,'left','');put(r,'right',Math.round(o.width)+'px');"
    "put(i,'right','');put(i,'left',Math.round(s.width)+'px');}"
    "else if(u>d){one(e,t,r);put(i,'right','');put(i,'left',Math.round(d+_+24-f+s.width/2)+'px');}"
    "else{one(e,n,i);put(r,'left','');put(r,'right',Math.round(d-f+v+24+o.width/2)+'px');}}"
    "function all(){" + _ONLY_WHILE_RTL +
    "D.querySelectorAll(S).forEach(function(e){"
    "var th=e.querySelectorAll('[role=\"group\"] > div > div[data-rac]'),"
    "lb=e.querySelectorAll('[data-testid=\"stSliderThumbValue\"]');"
    "if(!th.length||th.length!==lb.length)return;var r=e.getBoundingClientRect();X=r.left+r.right;"
    "if(th.length===2)two(e,th[0],th[1],lb[0],lb[1]);else one(e,th[0],lb[0]);});}"
    "var S='[data-testid=\"stSlider\"]';"
    "function hit(m){if(m.type==='attributes')return m.target.getAttribute('data-testid')==='stSliderThumbValue';"
    "for(var j=0;m.addedNodes.length>j;j++){var a=m.addedNodes[j];"
    "if(a.nodeType===1&&(a.matches(S)||a.querySelector(S)))return true;}return false;}"
    # Whole pixels, compared as the browser writes them back; and at most 3 placements between two frames (more
    # wait for the next frame), so that a value the browser writes back differently can never start an endless
    # round of changes.
    "var runs=0,later=0;"
    "function frame(){runs=0;if(later){later=0;all();}}"
    "new W.MutationObserver(function(ms){for(var k=0;ms.length>k;k++)if(hit(ms[k])){"
    "if(runs++===0)W.requestAnimationFrame(frame);if(runs>3)later=1;else all();return;}})"
    ".observe(D.body,{childList:true,subtree:true,attributes:true,attributeFilter:['style']});all();})();"
)


def widget_locale_js(numbering: str) -> str:
    """The script (no "<" in it) that gives Streamlit's React Aria widgets the page's language and direction;
    ``numbering``: the reader's digits (``components.locale.numbering_system``)."""
    want = WIDGET_LOCALES.get(numbering, WIDGET_LOCALES["latn"]) if rtl() else None
    return "(" + _SET_WIDGET_LOCALE + ")(window.parent||window," + json.dumps(want) + ");"


_WAS_ARABIC = "_atlas_was_arabic"  # this session has shown Arabic: its browser's widgets were given Arabic


def apply_direction(numbering: str) -> None:
    """Right-to-left layout when Arabic is chosen (the map inside its iframe is never mirrored), and the widgets'
    language (``numbering``: the reader's digits, ``components.locale.numbering_system``).

    In English the widgets' language is sent only once the session has shown Arabic: until then Streamlit's page
    set it at load (``WIDGET_LOCALE_AT_LOAD``), and an English page's first run gets no element of its own for it."""
    if rtl():
        st.session_state[_WAS_ARABIC] = True
        # st.html, not Markdown that allows HTML: that parser's code (0.19 MB) would be fetched before the map.
        layout.script(widget_locale_js(numbering) + RTL_GRIDS_JS + RTL_WORDS_JS % streamlit_words(numbering)
                      + RTL_SLIDER_LABELS_JS, html=RTL_CSS)
    elif st.session_state.get(_WAS_ARABIC):
        layout.script(widget_locale_js(numbering))
