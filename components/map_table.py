"""The map's features as a table: the keyboard and screen-reader way to the map.

Why: features drawn on a canvas cannot be reached by keyboard, and a map
says nothing to a screen reader.  The same facts the tooltips show (name,
value, period, source) are listed here from the very payload the map draws,
so the two cannot disagree.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from components import locale
from components.i18n import t
from components.map import MapLayer

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def tooltip_text(tip: str) -> list[str]:
    """Tooltip HTML as plain lines (first line = the feature's name)."""
    return [html.unescape(_TAG.sub("", part)).strip() for part in _BREAK.split(tip) if part.strip()]


def features_table(layers: Sequence[MapLayer], payload: Mapping[str, Any]) -> pd.DataFrame:
    """One row per feature shown on the map: layer, name, details, code (the feature id)."""
    rows = []
    styled = payload.get("layers") or {}
    for layer in layers:
        if layer.base:
            continue
        for fid, style in (styled.get(layer.name) or {}).items():
            if style.get("hidden") or not style.get("tooltip"):
                continue
            lines = tooltip_text(str(style["tooltip"]))
            rows.append({"Layer": layer.title, "Name": lines[0], "Details": locale.separator().join(lines[1:]),
                         "Code": fid})
    return pd.DataFrame(rows, columns=["Layer", "Name", "Details", "Code"])


def map_title(layers: Sequence[MapLayer]) -> str:
    """What the map shows, for its iframe title (read by screen readers)."""
    return t("Map: {layers}").format(layers=t(", ").join(layer.title for layer in layers if not layer.base))
