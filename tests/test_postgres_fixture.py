"""The database fixtures: `db_url` gives a working SQLite and a working PostgreSQL database, each one fresh."""

from __future__ import annotations

import sqlalchemy as sa

_METADATA = sa.MetaData()
_ITEMS = sa.Table(
    "items", _METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
)


def test_db_url_round_trips_a_row(db_url):
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            assert not sa.inspect(conn).has_table("items")  # a fresh database
            _METADATA.create_all(conn)
            conn.execute(_ITEMS.insert(), [{"id": 1, "name": "Kharkiv — Харків"}])
        with engine.connect() as conn:
            assert conn.execute(sa.select(_ITEMS.c.id, _ITEMS.c.name)).all() == [(1, "Kharkiv — Харків")]
        expected = "sqlite" if db_url.startswith("sqlite") else "postgresql"
        assert engine.dialect.name == expected
    finally:
        engine.dispose()


def test_postgres_databases_are_independent(postgres_server, postgres_url):
    other_url = postgres_server.new_database("independence_check")
    assert other_url != postgres_url
    first, second = sa.create_engine(postgres_url), sa.create_engine(other_url)
    try:
        with first.begin() as conn:
            _METADATA.create_all(conn)
            conn.execute(_ITEMS.insert(), [{"id": 1, "name": "only in the first"}])
        with second.connect() as conn:
            assert not sa.inspect(conn).has_table("items")
        with first.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(_ITEMS)).scalar_one() == 1
    finally:
        first.dispose()
        second.dispose()
        postgres_server.drop_database("independence_check")
