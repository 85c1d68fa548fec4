"""The store: open a database by URL, write analysed documents, read them back.

Writes are batched: one transaction per batch holds every row of every document in it, so a crash
loses at most the batch in flight and never leaves half a document. Documents are keyed by the
hash of their text; a document already stored is skipped, so re-ingesting changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite

from sitrep.ingest.documents import text_hash
from sitrep.report import Evidence, Report
from sitrep.store import schema
from sitrep.store.migrations import migrate
from sitrep.store.queries import EventFilter, event_query, incident_query

DEFAULT_URL = "sqlite:///sitrep.db"
_CHUNK = 500  # rows per IN (...) lookup, well under SQLite's variable limit


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps this crash-safe for committed transactions
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and file paths as well as SQLAlchemy URLs."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


class Store:
    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = normalise_url(url)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------
    @contextmanager
    def write_transaction(self) -> Iterator[Connection]:
        """A transaction that writes. On SQLite it takes the write lock up front (BEGIN IMMEDIATE):
        with several writers a deferred transaction that reads first could not upgrade its lock
        once another writer committed, and would fail instead of waiting."""
        if self.engine.dialect.name != "sqlite":
            with self.engine.begin() as connection:
                yield connection
            return
        with self.engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these document hashes are already stored."""
        wanted = list(hashes)
        found: set[str] = set()
        with self.engine.connect() as connection:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i:i + _CHUNK]
                rows = connection.execute(select(schema.documents.c.hash).where(schema.documents.c.hash.in_(chunk)))
                found.update(r[0] for r in rows)
        return found

    def add(self, reports: Iterable[tuple[Report, str]]) -> int:
        """Store analysed documents (report, origin) in one transaction; returns how many were new."""
        batch = [(r, origin) for r, origin in reports if r.text is not None]
        if not batch:
            return 0
        with self.write_transaction() as connection:
            hashes = [text_hash(r.text) for r, _ in batch]
            present = self._present(connection, hashes)
            added = 0
            for (report, origin), doc_hash in zip(batch, hashes, strict=True):
                if doc_hash in present:
                    continue
                present.add(doc_hash)  # the same text twice in one batch is one document
                self._insert(connection, report, origin, doc_hash)
                added += 1
        return added

    @staticmethod
    def _present(connection: Connection, hashes: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(hashes), _CHUNK):
            rows = connection.execute(select(schema.documents.c.hash).where(
                schema.documents.c.hash.in_(hashes[i:i + _CHUNK])))
            found.update(r[0] for r in rows)
        return found

    def _upsert_ignore(self, connection: Connection, table: Any, rows: list[dict], key: str) -> None:
        if not rows:
            return
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        connection.execute(dialect.insert(table).on_conflict_do_nothing(index_elements=[key]), rows)

    def _insert(self, connection: Connection, report: Report, origin: str, doc_hash: str) -> None:
        data = report.to_dict()
        connection.execute(schema.documents.insert().values(
            hash=doc_hash, doc_id=report.id, title=report.title, published=report.published, source=report.source,
            url=report.url, origin=origin, text=report.text, report=json.dumps(data, ensure_ascii=False),
            ingested_at=datetime.now(UTC)))
        places = {p.id: p for p in report.places}
        self._upsert_ignore(connection, schema.places, [
            {"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
             "admin1": p.admin1, "feature": p.feature, "geonameid": p.geonameid} for p in places.values()], "id")
        self._upsert_ignore(connection, schema.actors, [
            {"id": a.id, "name": a.name, "type": a.type, "country_code": a.country_code,
             "affiliation": a.affiliation} for a in report.actors], "id")
        rows = [{"document_hash": doc_hash, "place_id": p.id, "start": m.start, "end": m.end, "text": m.text}
                for p in report.places for m in p.mentions]
        if rows:
            connection.execute(schema.place_mentions.insert(), rows)
        rows = [{"document_hash": doc_hash, "actor_id": a.id, "start": m.start, "end": m.end, "text": m.text}
                for a in report.actors for m in a.mentions]
        if rows:
            connection.execute(schema.actor_mentions.insert(), rows)
        rows = [{"document_hash": doc_hash, "start": e.start, "end": e.end, "text": e.text, "label": e.label,
                 "ref": e.ref} for e in report.entities]
        if rows:
            connection.execute(schema.entities.insert(), rows)
        event_rows, evidence_rows = [], []
        for ev in report.events:
            place = places.get(ev.place) if ev.place else None
            event_id = f"{doc_hash}:{ev.id}"
            event_rows.append({
                "id": event_id, "document_hash": doc_hash, "type": ev.type, "category": ev.category,
                "plover": ev.plover, "actor1": ev.actor1, "actor2": ev.actor2, "place_id": ev.place,
                "lat": place.lat if place else None, "lon": place.lon if place else None,
                "country_code": place.country_code if place else None,
                "location_precision": ev.location_precision,
                "time_start": ev.time.start if ev.time else None, "time_end": ev.time.end if ev.time else None,
                "time_text": ev.time.text if ev.time else None,
                "time_precision": ev.time.precision if ev.time else None, "modality": ev.modality,
                "attribution_text": ev.attribution.text if ev.attribution else None,
                "attribution_start": ev.attribution.start if ev.attribution else None,
                "attribution_end": ev.attribution.end if ev.attribution else None,
                "fatalities": ev.fatalities, "confidence": ev.confidence, "published": report.published,
                "source": report.source})
            for passage in [Evidence(ev.trigger, ev.sentence), *ev.evidence]:
                evidence_rows.append({
                    "event_id": event_id, "document_hash": doc_hash, "trigger_start": passage.trigger.start,
                    "trigger_end": passage.trigger.end, "trigger_text": passage.trigger.text,
                    "sentence_start": passage.sentence.start, "sentence_end": passage.sentence.end,
                    "sentence_text": passage.sentence.text})
        if event_rows:
            connection.execute(schema.events.insert(), event_rows)
            connection.execute(schema.evidence.insert(), evidence_rows)

    # -- reading --------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("documents", "events", "incidents", "places", "actors", "evidence")
        with self.engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar()
                    for name in tables}

    def events(self, filters: EventFilter | None = None, limit: int | None = None,
               offset: int = 0) -> Iterator[dict[str, Any]]:
        """Event rows matching ``filters``, newest first, streamed."""
        return self._stream(event_query(filters or EventFilter()), limit, offset)

    def incidents(self, filters: EventFilter | None = None, limit: int | None = None,
                  offset: int = 0) -> Iterator[dict[str, Any]]:
        """Incident rows matching ``filters``, newest first, streamed."""
        return self._stream(incident_query(filters or EventFilter()), limit, offset)

    def _stream(self, query: Select, limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self.engine.connect() as connection:
            for row in connection.execution_options(stream_results=True).execute(query):
                yield dict(row._mapping)

    def event_sources(self, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """For each event: its document's id, source, url and the evidence sentence."""
        out: dict[str, list[dict[str, Any]]] = {}
        query = (select(schema.evidence.c.event_id, schema.documents.c.doc_id, schema.documents.c.source,
                        schema.documents.c.url, schema.evidence.c.sentence_text)
                 .join(schema.documents, schema.documents.c.hash == schema.evidence.c.document_hash)
                 .order_by(schema.evidence.c.event_id, schema.evidence.c.id))  # passages in the order stored
        with self.engine.connect() as connection:
            for i in range(0, len(event_ids), _CHUNK):
                rows = connection.execute(query.where(schema.evidence.c.event_id.in_(event_ids[i:i + _CHUNK])))
                for row in rows:
                    out.setdefault(row.event_id, []).append(
                        {"document": row.doc_id, "source": row.source, "url": row.url, "sentence": row.sentence_text})
        return out
