"""Per-record sensitivity: which rows of a layer the public role may hold.

Why: a layer's sensitivity alone is not enough.  Health facilities are public,
but a detention-centre clinic sits inside a detention centre and carries its
name and exact coordinates, which are restricted.  The registry declares such
rules as data (``Layer.restricted_records``); this module applies them, for
``geo.catalog.load`` (what pages read), the first seeding of a public-only
store, imports into it, and the command line.
"""

from __future__ import annotations

import pandas as pd

from geo import registry


def restricted_mask(layer: registry.Layer, frame: pd.DataFrame) -> pd.Series:
    """True for each row a registry rule of ``layer`` makes restricted."""
    mask = pd.Series(False, index=frame.index)
    for rule in layer.restricted_records:
        if rule.field in frame:
            values = frame[rule.field].astype("string").str.strip().str.lower()
            mask |= values.isin([v.lower() for v in rule.values]).fillna(False).astype(bool)
    return mask


def public_rows(layer: registry.Layer, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the rows the public role may not hold (a new frame,
    index reset; the same object back when no rule applies)."""
    if not layer.restricted_records:
        return frame
    mask = restricted_mask(layer, frame)
    if not mask.any():
        return frame
    return frame.loc[~mask].reset_index(drop=True)


def for_role(layer: registry.Layer, frame: pd.DataFrame, role: str) -> pd.DataFrame:
    """The rows of ``frame`` that ``role`` may see."""
    return public_rows(layer, frame) if role == "public" else frame


def public_layer(name: str) -> bool:
    """True when the public role may load layer ``name`` at all (boundaries are public)."""
    layer = registry.LAYERS.get(name)
    return layer is None or layer.sensitivity == "public"
