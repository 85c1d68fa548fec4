"""Cross-document incidents: events that report the same thing become one incident.

Two events belong together when they are of compatible types (the same ACLED event type), their
places lie within a distance that grows with how coarse the places are, their dates lie within a
window that grows with how coarse the dates are, and their actors do not contradict each other
(an actor named on both sides, or one side unnamed). Each incident keeps every event, hence every
source; conflicting details (fatality counts, dates) are listed side by side, never averaged.
Predicted, planned, hypothetical and negated events are not incidents and stay out.

The merge recomputes every incident in one transaction, so it is idempotent and a crash during it
leaves the previous incidents in place.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select

from sitrep.store import Store, schema

FACTUAL = ("asserted", "reported")
DAYS_BY_PRECISION = {"day": 2, "week": 7, "month": 31, "season": 92, "year": 366, "decade": 3653}
KM_MENTIONED, KM_DOCUMENT_FOCUS = 50.0, 200.0


@dataclass
class _Event:
    id: str
    type: str
    category: str
    lat: float | None
    lon: float | None
    place_id: str | None
    country_code: str | None
    day: date | None
    window: int
    km: float
    actors: frozenset[str]
    source: str
    fatalities: int | None
    time_start: str | None


@dataclass
class _Incident:
    events: list[_Event] = field(default_factory=list)

    @property
    def last_day(self) -> date | None:
        days = [e.day for e in self.events if e.day]
        return max(days) if days else None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _km(a: _Event, b: _Event) -> float | None:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def same_incident(a: _Event, b: _Event) -> bool:
    if a.category != b.category:
        return False
    if a.day is None or b.day is None or abs((a.day - b.day).days) > max(a.window, b.window):
        return False
    if a.place_id != b.place_id:
        distance = _km(a, b)
        if distance is None or distance > max(a.km, b.km):
            return False
    return not (a.actors and b.actors and not a.actors & b.actors)


def _load(store: Store) -> list[_Event]:
    table = schema.events
    query = select(table.c.id, table.c.type, table.c.category, table.c.lat, table.c.lon, table.c.place_id,
                   table.c.country_code, table.c.time_start, table.c.time_precision, table.c.published,
                   table.c.location_precision, table.c.actor1, table.c.actor2, table.c.source,
                   table.c.document_hash, table.c.fatalities).where(table.c.modality.in_(FACTUAL))
    events = []
    with store.engine.connect() as connection:
        for row in connection.execute(query):
            day = _day(row.time_start) or _day(row.published)
            events.append(_Event(
                id=row.id, type=row.type, category=row.category, lat=row.lat, lon=row.lon, place_id=row.place_id,
                country_code=row.country_code, day=day, window=DAYS_BY_PRECISION.get(row.time_precision or "", 7),
                km=KM_MENTIONED if row.location_precision == "mentioned" else KM_DOCUMENT_FOCUS,
                actors=frozenset(a for a in (row.actor1, row.actor2) if a),
                source=row.source or row.document_hash, fatalities=row.fatalities,
                time_start=row.time_start))
    return events


def cluster(events: list[_Event]) -> list[_Incident]:
    """Greedy single-link clustering in date order; only incidents still inside a window are compared."""
    events = sorted(events, key=lambda e: (e.day or date.max, e.id))
    open_incidents: list[_Incident] = []
    closed: list[_Incident] = []
    longest = max(DAYS_BY_PRECISION.values())
    for event in events:
        if event.day is not None:
            horizon = event.day - timedelta(days=longest)
            still_open = []
            for incident in open_incidents:
                last = incident.last_day
                (still_open if last is None or last >= horizon else closed).append(incident)
            open_incidents = still_open
        home = next((i for i in open_incidents if any(same_incident(event, other) for other in i.events)), None)
        if home is None:
            home = _Incident()
            open_incidents.append(home)
        home.events.append(event)
    return closed + open_incidents


def _row(incident: _Incident) -> tuple[dict, list[dict]]:
    events = incident.events
    ids = sorted(e.id for e in events)
    incident_id = "incident:" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:16]
    located = [e for e in events if e.lat is not None]
    best_place = Counter(e.place_id for e in located if e.km == KM_MENTIONED) or Counter(e.place_id for e in located)
    place_id = best_place.most_common(1)[0][0] if best_place else None
    anchor = next((e for e in located if e.place_id == place_id), None)
    actor_votes = Counter(a for e in events for a in sorted(e.actors))
    top_actors = [a for a, _ in actor_votes.most_common(2)]
    dates = sorted({e.time_start for e in events if e.time_start})
    days = sorted(e.day for e in events if e.day)
    row = {"id": incident_id, "type": Counter(e.type for e in events).most_common(1)[0][0],
           "category": events[0].category, "place_id": place_id,
           "lat": anchor.lat if anchor else None, "lon": anchor.lon if anchor else None,
           "country_code": anchor.country_code if anchor else None,
           "time_start": days[0].isoformat() if days else None, "time_end": days[-1].isoformat() if days else None,
           "actor1": top_actors[0] if top_actors else None, "actor2": top_actors[1] if len(top_actors) > 1 else None,
           "events": len(events), "sources": len({e.source for e in events}),
           "fatalities_reported": json.dumps(sorted({e.fatalities for e in events if e.fatalities is not None})),
           "dates_reported": json.dumps(dates)}
    return row, [{"incident_id": incident_id, "event_id": e.id} for e in events]


def merge_incidents(store: Store) -> int:
    """Recompute all incidents from the stored events; returns how many there are."""
    incidents = cluster(_load(store))
    rows, links = [], []
    for incident in incidents:
        row, members = _row(incident)
        rows.append(row)
        links.extend(members)
    with store.write_transaction() as connection:
        connection.execute(delete(schema.incident_events))
        connection.execute(delete(schema.incidents))
        for i in range(0, len(rows), 1000):
            connection.execute(schema.incidents.insert(), rows[i:i + 1000])
        for i in range(0, len(links), 1000):
            connection.execute(schema.incident_events.insert(), links[i:i + 1000])
    return len(rows)
