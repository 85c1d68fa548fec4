"""Filters shared by every way out (terminal listings, exports, the API), as parameterised SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, or_, select

from sitrep.store import schema


@dataclass
class EventFilter:
    """Every field is optional; set fields are ANDed, list fields match any of their values."""

    types: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # actor ids, with or without "actor:"
    countries: list[str] = field(default_factory=list)  # ISO alpha-2
    modalities: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    date_from: str | None = None  # YYYY[-MM[-DD]], compared with the event's start
    date_to: str | None = None


def _actor_ids(values: list[str]) -> list[str]:
    return [v if v.startswith("actor:") else f"actor:{v}" for v in values]


def _common(table, filters: EventFilter) -> list:
    clauses = []
    if filters.types:
        clauses.append(table.c.type.in_(filters.types))
    if filters.categories:
        clauses.append(table.c.category.in_(filters.categories))
    if filters.actors:
        ids = _actor_ids(filters.actors)
        clauses.append(or_(table.c.actor1.in_(ids), table.c.actor2.in_(ids)))
    if filters.countries:
        clauses.append(table.c.country_code.in_([c.upper() for c in filters.countries]))
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        clauses.append(and_(table.c.lat >= min_lat, table.c.lat <= max_lat,
                            table.c.lon >= min_lon, table.c.lon <= max_lon))
    if filters.date_from:
        clauses.append(table.c.time_start >= filters.date_from)
    if filters.date_to:
        # "2024-03" must include "2024-03-31": compare against the bound's last possible string.
        clauses.append(table.c.time_start <= filters.date_to + "\uffff")
    return clauses


def event_query(filters: EventFilter) -> Select:
    table = schema.events
    clauses = _common(table, filters)
    if filters.modalities:
        clauses.append(table.c.modality.in_(filters.modalities))
    if filters.sources:
        clauses.append(table.c.source.in_(filters.sources))
    return select(table).where(*clauses).order_by(table.c.time_start.desc(), table.c.id)


def incident_query(filters: EventFilter) -> Select:
    table = schema.incidents
    clauses = _common(table, filters)
    if filters.modalities or filters.sources:
        # An incident matches when one of its events does.
        inner = select(schema.incident_events.c.incident_id).join(
            schema.events, schema.events.c.id == schema.incident_events.c.event_id)
        if filters.modalities:
            inner = inner.where(schema.events.c.modality.in_(filters.modalities))
        if filters.sources:
            inner = inner.where(schema.events.c.source.in_(filters.sources))
        clauses.append(table.c.id.in_(inner))
    return select(table).where(*clauses).order_by(table.c.time_start.desc(), table.c.id)
