"""Tables. Every report part is a row with keys; the report JSON is kept beside them for display.

Documents are keyed by the SHA-1 of their text, so the same article ingested twice is one row.
Events carry denormalised copies of their place's coordinates and country and their document's
date and source, because every listing and export filters on those.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("hash", String(40), primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", Text),
    Column("url", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("report", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_doc_id", "doc_id"),
    Index("ix_documents_published", "published"),
)

places = Table(
    "places", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("admin1", Text),
    Column("feature", String(20), nullable=False),
    Column("geonameid", Integer),
)

actors = Table(
    "actors", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(40), nullable=False),
    Column("country_code", String(2)),
    Column("affiliation", Text),
)


def _mentions(name: str, target: str) -> Table:
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("document_hash", String(40), ForeignKey("documents.hash", ondelete="CASCADE"), nullable=False),
        Column(f"{target}_id", String(200), ForeignKey(f"{target}s.id"), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Index(f"ix_{name}_document", "document_hash"),
        Index(f"ix_{name}_{target}", f"{target}_id"),
    )


place_mentions = _mentions("place_mentions", "place")
actor_mentions = _mentions("actor_mentions", "actor")

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_hash", String(40), ForeignKey("documents.hash", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(20), nullable=False),
    Column("ref", String(200)),
    Index("ix_entities_document", "document_hash"),
)

events = Table(
    "events", metadata,
    Column("id", String(100), primary_key=True),  # "<document hash>:<event id>"
    Column("document_hash", String(40), ForeignKey("documents.hash", ondelete="CASCADE"), nullable=False),
    Column("type", String(50), nullable=False),
    Column("category", String(40), nullable=False),
    Column("plover", String(20)),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("place_id", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("location_precision", String(20)),
    Column("time_start", String(10)),
    Column("time_end", String(10)),
    Column("time_text", Text),
    Column("time_precision", String(10)),
    Column("modality", String(20), nullable=False),
    Column("attribution_text", Text),
    Column("attribution_start", Integer),
    Column("attribution_end", Integer),
    Column("fatalities", Integer),
    Column("confidence", Float, nullable=False),
    Column("published", String(10)),
    Column("source", Text),
    Index("ix_events_document", "document_hash"),
    Index("ix_events_type", "type"),
    Index("ix_events_category", "category"),
    Index("ix_events_time", "time_start"),
    Index("ix_events_country", "country_code"),
    Index("ix_events_latlon", "lat", "lon"),
    Index("ix_events_actor1", "actor1"),
    Index("ix_events_actor2", "actor2"),
)

evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_hash", String(40), ForeignKey("documents.hash", ondelete="CASCADE"), nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Index("ix_evidence_event", "event_id"),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(40), primary_key=True),
    Column("type", String(50), nullable=False),
    Column("category", String(40), nullable=False),
    Column("place_id", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("time_start", String(10)),
    Column("time_end", String(10)),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("events", Integer, nullable=False),
    Column("sources", Integer, nullable=False),
    Column("fatalities_reported", Text, nullable=False),  # JSON list: conflicting counts side by side
    Column("dates_reported", Text, nullable=False),  # JSON list of the events' dates
    Index("ix_incidents_time", "time_start"),
)

incident_events = Table(
    "incident_events", metadata,
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(100), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_incident_events_event", "event_id"),
)
