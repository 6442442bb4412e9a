"""The area filter: region / mantika / baladiya, applied the same way to every layer.

Why: a coordinator who picks "Sebha" expects every page, map, table and
download to show Sebha.  A ``Selection`` is a small value (it also travels in
the URL as a permalink); ``apply`` filters any layer table by it using the
admin hierarchy, whichever pcode column the layer carries.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import shapely

from geo import admin


@dataclass(frozen=True)
class Selection:
    region: str | None = None  # LY01..LY03
    mantika: str | None = None  # LY0101..
    baladiya: str | None = None  # LY010101..

    @property
    def level(self) -> str:
        if self.baladiya:
            return "baladiya"
        if self.mantika:
            return "mantika"
        return "region" if self.region else "national"

    def mantika_pcodes(self) -> set[str]:
        """The mantika the selection covers."""
        if self.baladiya:
            return {admin.baladiyas()[self.baladiya].parent}
        if self.mantika:
            return {self.mantika}
        if self.region:
            return {p for p, u in admin.mantikas().items() if u.parent == self.region}
        return set(admin.mantikas())

    def baladiya_pcodes(self) -> set[str]:
        """The baladiya the selection covers."""
        if self.baladiya:
            return {self.baladiya}
        wanted = self.mantika_pcodes()
        return {p for p, u in admin.baladiyas().items() if u.parent in wanted}

    def label(self, lang: str = "en") -> str:
        unit = None
        if self.baladiya:
            unit = admin.baladiyas()[self.baladiya]
        elif self.mantika:
            unit = admin.mantikas()[self.mantika]
        if unit is not None:
            return unit.name_ar if lang == "ar" else unit.name_en
        if self.region:
            en, ar = admin.regions()[self.region]
            return ar if lang == "ar" else en
        return "ليبيا" if lang == "ar" else "Libya"

    def bounds(self, mantikas: pd.DataFrame, seats: pd.DataFrame,
               default: tuple[float, float, float, float], pad: float = 0.3) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the area, for "zoom to the filtered area": ``default`` for
        all of Libya, the seat and its surroundings for a baladiya, the mantika polygons (``pcode``,
        ``geometry``) padded by ``pad`` degrees otherwise."""
        if self.level == "national":
            return default
        if self.baladiya:
            seat = seats.set_index("pcode").loc[self.baladiya]
            return (float(seat["lon"]) - 0.6, float(seat["lat"]) - 0.45, float(seat["lon"]) + 0.6,
                    float(seat["lat"]) + 0.45)
        chosen = mantikas[mantikas["pcode"].isin(self.mantika_pcodes())]
        w, s, e, n = shapely.total_bounds(chosen["geometry"].to_numpy())
        return (float(w) - pad, float(s) - pad, float(e) + pad, float(n) + pad)

    @classmethod
    def parse(cls, region: str | None, mantika: str | None, baladiya: str | None) -> Selection:
        """A selection from untrusted input (URL): unknown codes are dropped."""
        region = region if region in admin.regions() else None
        mantika = mantika if mantika in admin.mantikas() else None
        baladiya = baladiya if baladiya in admin.baladiyas() else None
        if baladiya:
            mantika = admin.baladiyas()[baladiya].parent
        if mantika:
            region = admin.mantikas()[mantika].parent
        return cls(region, mantika, baladiya)


def apply(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The rows of ``frame`` inside ``selection`` (any layer table)."""
    if selection.level == "national" or frame.empty:
        return frame
    if "baladiya_pcode" in frame and frame["baladiya_pcode"].notna().any():
        return frame[frame["baladiya_pcode"].isin(selection.baladiya_pcodes())]
    if "mantika_pcodes" in frame:  # flash updates: any affected mantika in the selection
        wanted = selection.mantika_pcodes()
        hit = frame["mantika_pcodes"].fillna("").map(lambda s: bool(set(s.split(";")) & wanted))
        if selection.baladiya and "baladiya_pcodes" in frame:
            hit &= frame["baladiya_pcodes"].fillna("").map(lambda s: selection.baladiya in s.split(";") or not s)
        return frame[hit]
    return frame
