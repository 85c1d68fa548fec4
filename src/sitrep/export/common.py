"""What every way out of the store shares: opening it read-side, counting matches, batching rows,
and looking up the names behind the ids that event and incident rows carry."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from sitrep.store import EventFilter, Store, schema
from sitrep.store.database import normalise_url
from sitrep.store.queries import event_query, incident_query

_CHUNK = 500  # ids per IN (...) lookup, well under SQLite's variable limit


class NoDatabase(FileNotFoundError):
    """The database URL names an SQLite file that does not exist."""


def open_store(url: str) -> Store:
    """Open an existing store; refuse to create an empty SQLite file for a mistyped path.

    ``Store`` creates and migrates whatever it is given, which is right for ingest but would turn
    a typo in ``--db`` into an empty export that looks like "no events matched".
    """
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not Path(parsed.database).exists():
        raise NoDatabase(f"no database at {parsed.database}")
    return Store(url)


def count_matching(store: Store, filters: EventFilter, incidents: bool = False) -> int:
    """How many rows the same filter selects, counted by the database (not by reading them)."""
    query = (incident_query if incidents else event_query)(filters).order_by(None)
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def iter_rows(store: Store, filters: EventFilter, incidents: bool = False,
              limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Event or incident rows, streamed; incidents' JSON list columns decoded to lists."""
    if not incidents:
        yield from store.events(filters, limit=limit)
        return
    for row in store.incidents(filters, limit=limit):
        yield decode_incident(row)


def decode_incident(row: dict[str, Any]) -> dict[str, Any]:
    """The incident row with ``fatalities_reported`` and ``dates_reported`` as lists, not JSON text."""
    out = dict(row)
    for key in ("fatalities_reported", "dates_reported"):
        value = out.get(key)
        out[key] = json.loads(value) if isinstance(value, str) and value else []
    return out


def table_columns(incidents: bool = False) -> list[str]:
    """The field names of the events or incidents table, in table order."""
    table = schema.incidents if incidents else schema.events
    return [column.name for column in table.columns]


class Lookup:
    """Actor and place rows by id, fetched in bulk on first need and cached.

    Rows name actors and places by id only; exports and listings want names, types and admin
    areas. The actors and places tables are small next to events (one row per distinct entity),
    so caching every row met keeps lookups to a handful of queries per export.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.actors: dict[str, dict[str, Any]] = {}
        self.places: dict[str, dict[str, Any]] = {}

    def prefetch(self, rows: Iterable[dict[str, Any]]) -> None:
        """Load the actors and places a batch of rows refers to, in a few IN (...) queries."""
        rows = list(rows)
        actor_ids = {r.get(k) for r in rows for k in ("actor1", "actor2")} - {None} - self.actors.keys()
        place_ids = {r.get("place_id") for r in rows} - {None} - self.places.keys()
        self._fetch(schema.actors, actor_ids, self.actors)
        self._fetch(schema.places, place_ids, self.places)

    def _fetch(self, table: Any, ids: set[str], cache: dict[str, dict[str, Any]]) -> None:
        wanted = sorted(ids)
        with self.store.engine.connect() as connection:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i:i + _CHUNK]
                for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
                    cache[row.id] = dict(row._mapping)
        for missing in ids - cache.keys():
            cache[missing] = {}  # remember the miss, so it is not asked for again

    def actor(self, actor_id: str | None) -> dict[str, Any]:
        if not actor_id:
            return {}
        if actor_id not in self.actors:
            self.prefetch([{"actor1": actor_id}])
        return self.actors[actor_id]

    def place(self, place_id: str | None) -> dict[str, Any]:
        if not place_id:
            return {}
        if place_id not in self.places:
            self.prefetch([{"place_id": place_id}])
        return self.places[place_id]

    def actor_name(self, actor_id: str | None) -> str:
        """The actor's name, or its bare id when the actors table lacks it."""
        if not actor_id:
            return ""
        return self.actor(actor_id).get("name") or actor_id.removeprefix("actor:")

    def place_name(self, place_id: str | None) -> str:
        if not place_id:
            return ""
        return self.place(place_id).get("name") or place_id


def incident_members(store: Store, incident_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For each incident: its events' id, source, modality and precisions (what incident rows lack)."""
    links, events = schema.incident_events, schema.events
    query = (select(links.c.incident_id, events.c.id, events.c.source, events.c.modality,
                    events.c.time_precision, events.c.location_precision)
             .join(events, events.c.id == links.c.event_id))
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as connection:
        for i in range(0, len(incident_ids), _CHUNK):
            rows = connection.execute(query.where(links.c.incident_id.in_(incident_ids[i:i + _CHUNK]))
                                      .order_by(links.c.incident_id, events.c.id))
            for row in rows:
                out.setdefault(row.incident_id, []).append({
                    "event_id": row.id, "source": row.source, "modality": row.modality,
                    "time_precision": row.time_precision, "location_precision": row.location_precision})
    return out
