"""``sitrep events`` and ``sitrep incidents``: the newest matching rows as a fixed-width table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sitrep.export.common import Lookup, count_matching, iter_rows
from sitrep.store import EventFilter, Store


@dataclass
class Column:
    title: str
    cell: Callable[[dict[str, Any], Lookup], str]
    width: int  # the most characters shown; longer values are cut with an ellipsis
    right: bool = False  # numbers line up on the right


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _date_range(row: dict[str, Any], _lookup: Lookup) -> str:
    start, end = row.get("time_start") or "", row.get("time_end") or ""
    return start if not end or end == start else f"{start}..{end}"


def _fatalities(row: dict[str, Any], _lookup: Lookup) -> str:
    value = row.get("fatalities")
    return "" if value is None else str(value)


def _reported(row: dict[str, Any], _lookup: Lookup) -> str:
    return ", ".join(str(n) for n in row.get("fatalities_reported") or [])


EVENT_COLUMNS = [
    Column("date", lambda r, _: r.get("time_start") or "", 10),
    Column("type", lambda r, _: r.get("type") or "", 34),
    Column("place", lambda r, lk: lk.place_name(r.get("place_id")), 24),
    Column("country", lambda r, _: r.get("country_code") or "", 7),
    Column("actor1", lambda r, lk: lk.actor_name(r.get("actor1")), 24),
    Column("actor2", lambda r, lk: lk.actor_name(r.get("actor2")), 24),
    Column("modality", lambda r, _: r.get("modality") or "", 12),
    Column("fatalities", _fatalities, 10, right=True),
]

INCIDENT_COLUMNS = [
    Column("dates", _date_range, 22),
    Column("type", lambda r, _: r.get("type") or "", 34),
    Column("place", lambda r, lk: lk.place_name(r.get("place_id")), 24),
    Column("events", lambda r, _: str(r.get("events") or 0), 6, right=True),
    Column("sources", lambda r, _: str(r.get("sources") or 0), 7, right=True),
    Column("fatalities reported", _reported, 20),
]


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[Column], lookup: Lookup) -> str:
    """A header, a rule and one line per row; each column as wide as its widest cell (up to its cap)."""
    lookup.prefetch(rows)
    cells = [[_fit(c.cell(row, lookup), c.width) for c in columns] for row in rows]
    widths = [max([len(c.title)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if c.right else v.ljust(w) for v, w, c in zip(values, widths, columns, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line([c.title for c in columns]), line(["-" * w for w in widths])]
    out += [line(values) for values in cells]
    return "\n".join(out)


def listing(store: Store, filters: EventFilter, incidents: bool = False, limit: int = 20) -> str:
    """The table of the first ``limit`` matching rows and the line "N shown of M matching"."""
    rows = list(iter_rows(store, filters, incidents, limit=limit))
    total = count_matching(store, filters, incidents)
    table = render_table(rows, INCIDENT_COLUMNS if incidents else EVENT_COLUMNS, Lookup(store))
    return f"{table}\n{len(rows):,} shown of {total:,} matching"
