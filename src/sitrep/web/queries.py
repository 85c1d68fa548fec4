"""The reads behind the HTTP API, as parameterised SQLAlchemy Core over the store's tables.

Listings reuse the store's filtered queries (``event_query``, ``incident_query``); the page is cut
first and only its rows are joined to actor, place and document names, so a request costs one
COUNT over the filter and one page query, however many rows match.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Select, Subquery, func, select, union

from sitrep.export.common import decode_incident
from sitrep.store import EventFilter, schema
from sitrep.store.queries import event_query, incident_query

EVIDENCE_COLUMNS = ("trigger_start", "trigger_end", "trigger_text", "sentence_start", "sentence_end", "sentence_text")
TOP_ACTOR_PAIRS = 50
FILTER_ACTORS = 200

_actor1 = schema.actors.alias("actor1_row")
_actor2 = schema.actors.alias("actor2_row")


def _named(rows: Subquery) -> Select:
    """``rows`` (events or incidents) with the names of their actors and place."""
    places = schema.places
    return (select(rows, _actor1.c.name.label("actor1_name"), _actor2.c.name.label("actor2_name"),
                   places.c.name.label("place_name"))
            .select_from(rows.outerjoin(_actor1, _actor1.c.id == rows.c.actor1)
                         .outerjoin(_actor2, _actor2.c.id == rows.c.actor2)
                         .outerjoin(places, places.c.id == rows.c.place_id))
            .order_by(rows.c.time_start.desc(), rows.c.id))


def _event_rows(connection: Connection, events: Select) -> list[dict[str, Any]]:
    """EventRows for the events ``events`` selects (all event columns, already narrowed to a page)."""
    rows = events.subquery("page")
    links = schema.incident_events
    incident = (select(links.c.incident_id).where(links.c.event_id == rows.c.id)
                .limit(1).scalar_subquery().label("incident_id"))
    query = (_named(rows).add_columns(schema.documents.c.doc_id.label("document_id"), incident)
             .join(schema.documents, schema.documents.c.hash == rows.c.document_hash))
    return [dict(row._mapping) for row in connection.execute(query)]


def _count(connection: Connection, query: Select) -> int:
    return connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()


def event_page(connection: Connection, filters: EventFilter, limit: int, offset: int) -> tuple[int, list[dict]]:
    """(how many events match, the EventRows of the requested page), newest first."""
    query = event_query(filters)
    return _count(connection, query), _event_rows(connection, query.limit(limit).offset(offset))


def incident_page(connection: Connection, filters: EventFilter, limit: int, offset: int) -> tuple[int, list[dict]]:
    """(how many incidents match, the IncidentRows of the requested page), newest first."""
    query = incident_query(filters)
    rows = connection.execute(_named(query.limit(limit).offset(offset).subquery("page")))
    return _count(connection, query), [decode_incident(dict(row._mapping)) for row in rows]


def evidence(connection: Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each event's evidence: the trigger and sentence spans and the document they come from."""
    ev, docs = schema.evidence, schema.documents
    query = (select(ev.c.event_id, ev.c.document_hash, docs.c.doc_id.label("document_id"), docs.c.title,
                    docs.c.source, docs.c.url, docs.c.published, *(ev.c[name] for name in EVIDENCE_COLUMNS))
             .join(docs, docs.c.hash == ev.c.document_hash)
             .where(ev.c.event_id.in_(event_ids)).order_by(ev.c.event_id, ev.c.id))
    out: dict[str, list[dict[str, Any]]] = {event_id: [] for event_id in event_ids}
    for row in connection.execute(query):
        item = dict(row._mapping)
        out[item.pop("event_id")].append(item)
    return out


def event_detail(connection: Connection, event_id: str) -> dict[str, Any] | None:
    """One EventRow with its evidence, or None."""
    rows = _event_rows(connection, select(schema.events).where(schema.events.c.id == event_id))
    if not rows:
        return None
    rows[0]["evidence"] = evidence(connection, [event_id])[event_id]
    return rows[0]


def incident_detail(connection: Connection, incident_id: str) -> dict[str, Any] | None:
    """One IncidentRow with its events (each with evidence), or None."""
    table = schema.incidents
    row = connection.execute(_named(select(table).where(table.c.id == incident_id).subquery("page"))).first()
    if row is None:
        return None
    links = schema.incident_events
    members = (select(schema.events).join(links, links.c.event_id == schema.events.c.id)
               .where(links.c.incident_id == incident_id))
    events = _event_rows(connection, members)
    found = evidence(connection, [e["id"] for e in events])
    for event in events:
        event["evidence"] = found[event["id"]]
    return {**decode_incident(dict(row._mapping)), "events": events}


def document(connection: Connection, doc_hash: str) -> dict[str, Any] | None:
    """The stored document with its report (offsets index its text), or None."""
    docs = schema.documents
    row = connection.execute(select(docs.c.hash, docs.c.doc_id.label("id"), docs.c.title, docs.c.published,
                                    docs.c.source, docs.c.url, docs.c.text, docs.c.report)
                             .where(docs.c.hash == doc_hash)).first()
    if row is None:
        return None
    return {**row._mapping, "report": json.loads(row.report)}


def _actor_event_counts() -> Subquery:
    """Events per actor id, on either side; UNION (not UNION ALL) counts an event once per actor."""
    ev = schema.events
    sides = union(select(ev.c.actor1.label("actor_id"), ev.c.id).where(ev.c.actor1.is_not(None)),
                  select(ev.c.actor2.label("actor_id"), ev.c.id).where(ev.c.actor2.is_not(None))).subquery()
    return select(sides.c.actor_id, func.count().label("events")).group_by(sides.c.actor_id).subquery()


def actors(connection: Connection, q: str | None, limit: int) -> list[dict[str, Any]]:
    """Actors whose name or id contains ``q`` (any case), most events first."""
    table, counts = schema.actors, _actor_event_counts()
    events = func.coalesce(counts.c.events, 0).label("events")
    query = (select(table.c.id, table.c.name, table.c.type, table.c.country_code, table.c.affiliation, events)
             .outerjoin(counts, counts.c.actor_id == table.c.id)
             .order_by(events.desc(), table.c.name, table.c.id).limit(limit))
    if q:
        query = query.where(table.c.name.icontains(q, autoescape=True) | table.c.id.icontains(q, autoescape=True))
    return [dict(row._mapping) for row in connection.execute(query)]


def places(connection: Connection, q: str | None, limit: int) -> list[dict[str, Any]]:
    """Places whose name contains ``q`` (any case), most events first."""
    table, ev = schema.places, schema.events
    counts = (select(ev.c.place_id, func.count().label("events")).where(ev.c.place_id.is_not(None))
              .group_by(ev.c.place_id).subquery())
    events = func.coalesce(counts.c.events, 0).label("events")
    query = (select(table.c.id, table.c.name, table.c.lat, table.c.lon, table.c.country_code, table.c.admin1,
                    table.c.feature, events)
             .outerjoin(counts, counts.c.place_id == table.c.id)
             .order_by(events.desc(), table.c.name, table.c.id).limit(limit))
    if q:
        query = query.where(table.c.name.icontains(q, autoescape=True))
    return [dict(row._mapping) for row in connection.execute(query)]


def stats(connection: Connection, filters: EventFilter) -> dict[str, Any]:
    """Counts of the matching events by type, category, month, country and actor pair.

    ``by_type`` and ``by_category`` sum to ``total``; events dated less precisely than a month (or not
    at all) are left out of ``by_month``, events without a country out of ``by_country``, and events
    with fewer than two actors out of ``by_actor_pair``.
    """
    rows = event_query(filters).order_by(None).subquery("matching")

    def grouped(key: Any, *where: Any, order_by_key: bool = False) -> list[dict[str, Any]]:
        count = func.count().label("count")
        query = select(key.label("key"), count).where(*where).group_by(key)
        query = query.order_by(key) if order_by_key else query.order_by(count.desc(), key)
        return [dict(row._mapping) for row in connection.execute(query)]

    month = func.substr(rows.c.time_start, 1, 7)
    count = func.count().label("count")
    pairs = (select(rows.c.actor1, rows.c.actor2, _actor1.c.name.label("actor1_name"),
                    _actor2.c.name.label("actor2_name"), count)
             .select_from(rows.outerjoin(_actor1, _actor1.c.id == rows.c.actor1)
                          .outerjoin(_actor2, _actor2.c.id == rows.c.actor2))
             .where(rows.c.actor1.is_not(None), rows.c.actor2.is_not(None))
             .group_by(rows.c.actor1, rows.c.actor2, _actor1.c.name, _actor2.c.name)
             .order_by(count.desc(), rows.c.actor1, rows.c.actor2).limit(TOP_ACTOR_PAIRS))
    return {
        "total": connection.execute(select(func.count()).select_from(rows)).scalar_one(),
        "by_type": grouped(rows.c.type),
        "by_category": grouped(rows.c.category),
        "by_month": grouped(month, func.length(rows.c.time_start) >= 7, order_by_key=True),
        "by_country": grouped(rows.c.country_code, rows.c.country_code.is_not(None)),
        "by_actor_pair": [dict(row._mapping) for row in connection.execute(pairs)],
    }


def filter_values(connection: Connection) -> dict[str, Any]:
    """The values each filter can take in this store, for the dashboard's pickers."""
    ev = schema.events

    def distinct(column: Any) -> list[Any]:
        return list(connection.scalars(select(column).where(column.is_not(None)).distinct().order_by(column)))

    counts = _actor_event_counts()
    top = (select(schema.actors.c.id, schema.actors.c.name)
           .join(counts, counts.c.actor_id == schema.actors.c.id)
           .order_by(counts.c.events.desc(), schema.actors.c.name, schema.actors.c.id).limit(FILTER_ACTORS))
    return {
        "types": distinct(ev.c.type), "categories": distinct(ev.c.category),
        "countries": distinct(ev.c.country_code), "modalities": distinct(ev.c.modality),
        "sources": distinct(ev.c.source),
        "actors": [dict(row._mapping) for row in connection.execute(top)],
    }
