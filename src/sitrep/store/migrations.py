"""Versioned schema migrations: each has a number and runs once, in order, in a transaction.

A database records the versions applied in ``schema_migrations``. A new migration is appended to
``MIGRATIONS``; it never edits an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, inspect, select

from sitrep.store import schema

_V1_TABLES = ("documents", "places", "actors", "place_mentions", "actor_mentions", "entities", "events",
              "evidence", "incidents", "incident_events")


def _initial(connection: Connection) -> None:
    schema.metadata.create_all(connection, tables=[schema.metadata.tables[t] for t in _V1_TABLES])


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema: documents, places, actors, mentions, entities, events, evidence, incidents", _initial),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(engine: Engine) -> list[int]:
    """Apply every pending migration; returns the versions applied now."""
    applied_now = []
    with engine.begin() as connection:
        schema.schema_migrations.create(connection, checkfirst=True)
        current = connection.execute(select(func.max(schema.schema_migrations.c.version))).scalar() or 0
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"database schema version {current} is newer than this sitrep ({SCHEMA_VERSION})")
        for version, name, step in MIGRATIONS:
            if version <= current:
                continue
            step(connection)
            connection.execute(schema.schema_migrations.insert().values(
                version=version, name=name, applied_at=datetime.now(UTC)))
            applied_now.append(version)
    return applied_now


def current_version(engine: Engine) -> int:
    if not inspect(engine).has_table("schema_migrations"):
        return 0
    with engine.connect() as connection:
        return connection.execute(select(func.max(schema.schema_migrations.c.version))).scalar() or 0
