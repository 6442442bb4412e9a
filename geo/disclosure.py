"""Statistical disclosure control (SDC) for every figure the public sees.

Why: a count of 1, 2 or 3 people at a place and time can identify people
(OCHA Centre for Humanitarian Data, *Guidance Note: Statistical Disclosure
Control*; the same threshold rule the ONS and Eurostat apply to published
tables).  Public pages, downloads, snapshots and feeds therefore show small
counts as ``<5`` and make sure such a value cannot be worked out again from
the totals and the other cells published next to it.

**Rule 0, per record: small counts take part in no published sum**
(``public_counts``, applied to every frame the public role reads, and to the
store's own sums for it, ``geo.rollups``).  Cell rules alone protect one
view; a viewer choosing filters can subtract views: all of Libya's 203
people minus Zwara's 200 is the rest of Libya's 3, though each view hid
that 3; so is February-to-March minus February.  So a record's count
``0 < c < k`` becomes ``SMALL`` (one millionth) before anything is summed:
every published figure is then a sum of records of at least ``k`` (or 0),
and any difference of two nested views is too.  ``SMALL`` rather than
blank so that a sum of small counts only is still above 0 and below 1:
it reads "<5" when it is one count (rule 1) and "x" when it is several
(3 + 4 is not below 5), never "0" or "no data".  A millionth per record
leaves every other sum's whole number as it was; what is published is
rounded (``components.public_figures``), so that no fraction tells how
many small counts a total left out.  The price, said on every
public view: public totals leave out counts below ``k`` (they are lower
than the exact ones coordinators read).  Such a sum of small counts only
(below 1) needs no complement: rules 2 and 3 below guard the small counts
that are in the sums given to ``protect`` (exact counts, as a table made
without rule 0 would hold them).

The rules below, applied by ``protect`` to a set of cells and the groups they are
summed in (a group = some cells whose sum is published, either as another
cell or as a total shown beside them):

1. **Primary suppression.**  A count ``c`` with ``0 < c < k`` is withheld and
   shown as ``"<k"`` (``k`` = the field's ``disclosure_min`` in the layer
   registry, default 5).  Zero is shown as ``0``: a zero count describes no
   person, so nobody can be singled out by it, and the layers here are counts
   of people per place and period, not cross-tabulations of a sensitive
   attribute (where a zero can reveal that *everyone* in a group shares it).
   Showing zero also keeps ``<5`` meaning "1 to 4".  Missing values stay
   missing ("no data").
2. **Secondary suppression, rule A (no lone small cell).**  In a group whose
   total is published, if every withheld cell is a primary one (e.g. exactly
   one ``<5`` cell beside a total), the smallest non-zero cell still shown in
   the group is withheld too, so the withheld cells' sum (total minus the
   shown cells) always includes a value of at least ``k`` and never pins
   down a small count.  Such cells are shown as ``"x"`` (not ``"<5"``: they
   are not small, and saying so would be untrue).
3. **Secondary suppression, rule B (no exact recovery).**  All groups are
   written as linear equations (members sum to the total); if any withheld
   cell is still determined by those equations (e.g. a mantika total
   withheld while all of its baladiyas are shown, or a chain through nested
   totals), the smallest non-zero shown cell of a group containing it is
   withheld as well (preferring a cell that at the same time completes
   another group, e.g. the fourth corner of a rectangle in a two-way table),
   and the check runs again until no withheld value can be
   computed.  Differences (change between two rounds) are withheld when
   either operand is (``difference_status``).

What this does not do: it does not search for the cheapest set of
complementary cells (optimal cell suppression is NP-hard; the greedy
"smallest next cell" rule is the common practice) and, beyond rule A, it
does not narrow intervals from non-negativity.  The threshold applies to the
layer's count fields (``Layer.value_fields``) only.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.registry import Layer

DEFAULT_THRESHOLD = 5
SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_MARK = "x"
MISSING = "missing"


@dataclass(frozen=True)
class Group:
    """Cells whose sum is published: ``total`` is the key of the cell holding
    that sum, or None when the sum is shown elsewhere (a headline figure)."""

    members: tuple[Hashable, ...]
    total: Hashable | None = None


def threshold(layer: Layer, field: str) -> int | None:
    """The disclosure threshold of ``field`` (None: not a count, never withheld)."""
    if field not in layer.value_fields:
        return None
    value = layer.field(field).disclosure_min
    return DEFAULT_THRESHOLD if value is None else int(value)


#: What a record's count of 1 to k-1 becomes for the public (rule 0): above zero, far below one.
SMALL = 1e-6


def public_counts(layer: Layer, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as the public role reads it: each count field's values from 1 to its threshold less one
    become ``SMALL`` (rule 0), so that no published sum holds them.  A new frame; the same one back when
    no count is small.  Blank and zero counts are kept."""
    out = frame
    for field in layer.value_fields:
        k = threshold(layer, field)
        if k is None or field not in frame.columns:
            continue
        values = pd.to_numeric(frame[field], errors="coerce")
        small = (values > 0) & (values < k)
        if small.any():
            if out is frame:
                out = frame.copy()
            out[field] = values.astype(float).mask(small, SMALL)
    return out


def small_sql(expression: str, k: int) -> str:
    """SQL for a count as ``public_counts`` gives it: the store's sums for the public (``geo.rollups``)."""
    return f"(CASE WHEN {expression} > 0 AND {expression} < {int(k)} THEN {SMALL!r} ELSE {expression} END)"


def small_label(k: int = DEFAULT_THRESHOLD) -> str:
    """How a primary-suppressed count is shown: ``"<5"``."""
    return f"<{k}"


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def protect(values: Mapping[Hashable, object], groups: Sequence[Group] = (),
            k: int = DEFAULT_THRESHOLD) -> dict[Hashable, str]:
    """Status of every cell: ``shown``, ``primary``, ``secondary`` or ``missing``.

    ``values``: cell key -> count.  ``groups``: which cells are summed where
    (see the module docstring for the rules).  Deterministic: ties are broken
    by the order of ``values``.
    """
    order = {key: i for i, key in enumerate(values)}
    status = {key: cell_status(raw, k) for key, raw in values.items()}
    # A sum of small counts only in a public frame (rule 0) is in no published total, so no total or neighbour
    # can give it away: it needs no complement (rule A) and is no unknown (rule B).  Withholding a neighbour for
    # it would hide nothing (seen: a lone point of 200 shown as "x" beside a national headline of 200).
    left_out = {key for key, raw in values.items() if _left_out(_number(raw))}
    known = [g for g in groups if all(m in values for m in g.members) and (g.total is None or g.total in values)]
    # Which groups each cell belongs to, and how many withheld members each group has, kept up to
    # date: a table of 50,000 rows is protected in well under a second, not in hours.
    member_of: dict[Hashable, list[int]] = {}
    for i, g in enumerate(known):
        for m in g.members:
            member_of.setdefault(m, []).append(i)
    withheld_in = [sum(status[m] == PRIMARY and m not in left_out for m in g.members) for g in known]

    def withhold(cell: Hashable) -> None:
        status[cell] = SECONDARY
        for i in member_of.get(cell, ()):
            withheld_in[i] += 1

    def candidates(group: Group) -> list[Hashable]:
        return [m for m in group.members if status[m] == SHOWN and (_number(values[m]) or 0) > 0]

    def pick(cells: list[Hashable]) -> Hashable:
        # Prefer a cell that also gives a second group its missing complement
        # (completes a "rectangle"), then the smallest: fewer cells withheld.
        def lone(cell: Hashable) -> int:
            return sum(withheld_in[i] == 1 for i in member_of.get(cell, ()))
        return min(cells, key=lambda c: (-lone(c), _number(values[c]), order[c]))

    changed = True
    while changed:
        changed = False
        # Rule A: a published total beside withheld cells that are all small.
        for g in known:
            total_published = g.total is None or status[g.total] == SHOWN
            withheld = [m for m in g.members if status[m] in (PRIMARY, SECONDARY) and m not in left_out]
            if total_published and withheld and all(status[m] == PRIMARY for m in withheld):
                extra = candidates(g)
                if extra:
                    withhold(pick(extra))
                    changed = True
        if changed:
            continue
        # Rule B: no withheld cell may be computable from the equations.
        for key in _determined(values, status, known, left_out):
            options = [c for g in known if key == g.total or key in g.members for c in candidates(g)]
            if options:
                withhold(pick(options))
                changed = True
                break
    return status


def _left_out(v: float | None) -> bool:
    """Whether ``v`` is a public sum of small counts only (rule 0): above 0, below 1."""
    return v is not None and 0 < v < 1


def cell_status(value: object, k: int = DEFAULT_THRESHOLD) -> str:
    """One cell's status before any group is looked at: ``missing``, ``shown``, ``primary`` (1 to k-1, or one
    small count of a public frame), or ``secondary`` for two or more small counts summed in a public frame
    (3 + 4 = 7: "<5" would be untrue)."""
    v = _number(value)
    if v is None:
        return MISSING
    if _left_out(v) and v > 1.5 * SMALL:
        return SECONDARY
    return PRIMARY if 0 < v < k else SHOWN


def _determined(values: Mapping[Hashable, object], status: Mapping[Hashable, str],
                groups: Sequence[Group], left_out: set[Hashable] = frozenset()) -> list[Hashable]:
    """Withheld cells whose value follows exactly from the groups' equations (``left_out``: cells in no
    published sum, see ``protect``)."""
    unknown = [key for key in values if status[key] in (PRIMARY, SECONDARY) and key not in left_out]
    if not unknown or not groups:
        return []
    col = {key: i for i, key in enumerate(unknown)}
    rows = []
    for g in groups:
        row = np.zeros(len(unknown))
        for m in g.members:
            if m in col:
                row[col[m]] += 1.0
        if g.total is not None and g.total in col:
            row[col[g.total]] -= 1.0
        if g.total is not None and status[g.total] == MISSING:
            continue  # no published sum: no equation
        if row.any():
            rows.append(row)
    if not rows:
        return []
    # A withheld cell is determined when its unit vector lies in the row space of the equations:
    # then its squared norm projected on an orthonormal basis of that space is 1.  One SVD instead
    # of a rank computation per cell (thousands of cells at the declared sizes).
    matrix = np.vstack(rows)
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > singular.max() * max(matrix.shape) * np.finfo(float).eps).sum()) if singular.size else 0
    reach = (vt[:rank] ** 2).sum(axis=0)
    return [key for key in unknown if reach[col[key]] > 1 - 1e-9]


def cell_text(value: object, status: str, k: int = DEFAULT_THRESHOLD, *, thousands: bool = True) -> str:
    """A cell as published: ``"1,234"`` (or ``"1234"``), ``"<5"``, ``"x"``, or ``""`` (no data)."""
    if status == PRIMARY:
        return small_label(k)
    if status == SECONDARY:
        return SECONDARY_MARK
    v = _number(value)
    if v is None:
        return ""
    return f"{v:,.0f}" if thousands else f"{v:.0f}"


def difference_status(a: str, b: str) -> str:
    """Status of ``b - a``: withheld when either operand is withheld."""
    if PRIMARY in (a, b) or SECONDARY in (a, b):
        return SECONDARY
    return MISSING if MISSING in (a, b) else SHOWN


def protect_table(table: pd.DataFrame, *, row_totals: bool = True, column_totals: bool = True,
                  k: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Statuses for a two-way table of counts whose row and/or column totals are
    published beside it (same shape and labels as ``table``)."""
    values = {(r, c): table.at[r, c] for r in table.index for c in table.columns}
    groups: list[Group] = []
    if row_totals:
        groups += [Group(tuple((r, c) for c in table.columns)) for r in table.index]
    if column_totals:
        groups += [Group(tuple((r, c) for r in table.index)) for c in table.columns]
    status = protect(values, groups, k)
    return pd.DataFrame([[status[(r, c)] for c in table.columns] for r in table.index],
                        index=table.index, columns=table.columns)


def row_groups(frame: pd.DataFrame, by: Iterable[str] = (), within: str | None = "mantika_pcode") -> list[Group]:
    """Groups of row positions whose sums are published: the rows of each ``by``
    value (all rows when ``by`` is empty) and, when the frame has a ``within``
    column, the rows of each ``by`` + ``within`` value too.

    Why ``within``: the pages show each mantika's total next to baladiya
    rows (choropleth tooltips), so a complement taken from another mantika
    would leave the small count recoverable from its own mantika's total.
    """
    by = [c for c in by if c in frame.columns]
    levels = [by] + ([[*by, within]] if within and within in frame.columns else [])
    groups = []
    for columns in levels:
        if not columns:
            groups.append(Group(tuple(range(len(frame)))))
            continue
        # Positions per key, grouped by pandas (a row-wise join is seconds at 50,000 rows); keys in order
        # of first appearance, members in row order, as the order-sensitive tie-breaks expect.
        keyed = frame[columns].astype(str).reset_index(drop=True)
        found = keyed.groupby(columns, sort=False, dropna=False).indices
        groups += [Group(tuple(int(i) for i in positions)) for positions in found.values()]
    return groups


def protect_rows(frame: pd.DataFrame, layer: Layer, by: Iterable[str] | None = None,
                 *, thousands: bool = False) -> pd.DataFrame:
    """A copy of layer rows fit for the public: each count field becomes text
    (``"1234"``, ``"<5"``, ``"x"`` or blank).

    The rows of one period (``by``, default the layer's time field), and of
    one period and mantika, are treated as summed in published totals (pages
    show such totals beside their tables and downloads), so rules A and B
    apply to each (``row_groups``).
    """
    out = frame.copy()
    if out.empty:
        return out
    groups = row_groups(out, by if by is not None else [layer.time_field])
    for field in layer.value_fields:
        if field not in out.columns:
            continue
        k = threshold(layer, field)
        if k is None:
            continue
        values = dict(zip(range(len(out)), out[field].tolist(), strict=True))
        status = protect(values, groups, k)
        out[field] = pd.Series([cell_text(values[i], status[i], k, thousands=thousands) for i in range(len(out))],
                               index=out.index, dtype=object)
    return out


__all__ = ["DEFAULT_THRESHOLD", "PRIMARY", "SECONDARY", "SECONDARY_MARK", "SHOWN", "SMALL", "Group", "cell_status",
           "cell_text", "difference_status", "protect", "protect_rows", "protect_table", "public_counts",
           "row_groups", "small_label", "small_sql", "threshold"]
