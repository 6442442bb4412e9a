"""Tables people read: human column labels, thousands separators, % signs, one date format, no "None".

Why one helper: pages used to show the frame's own column names (name_en,
value_a, change_pct 8.3122) and raw values; every table now says what a
column is and formats its numbers the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.i18n import t

#: column kind -> Streamlit column config factory
_KINDS = {
    "text": lambda label: st.column_config.TextColumn(label),
    "count": lambda label: st.column_config.NumberColumn(label, format="localized"),
    "pct": lambda label: st.column_config.NumberColumn(label, format="%.1f%%"),
    "date": lambda label: st.column_config.DateColumn(label, format="D MMM YYYY"),
    "bool": lambda label: st.column_config.CheckboxColumn(label),
}


def show(frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]], *, key: str, height: int | str = "auto") -> None:
    """``frame``'s ``columns`` (name -> (label, kind)) as a readable table, in that order."""
    shown = frame[list(columns)].copy()
    for name, (_, kind) in columns.items():
        if kind == "text":
            shown[name] = shown[name].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                          else str(v))
        elif kind == "date":
            shown[name] = pd.to_datetime(shown[name], errors="coerce")
    kinds = {name: kind for name, (_, kind) in columns.items()}
    for name, kind in kinds.items():  # disclosure-controlled counts ("<5", "x") arrive as text
        if kind in ("count", "pct") and shown[name].map(lambda v: isinstance(v, str)).any():
            kinds[name] = "text"
    config = {name: _KINDS[kinds[name]](t(label)) for name, (label, _) in columns.items()}
    st.dataframe(shown, column_config=config, hide_index=True, key=key, height=height)
