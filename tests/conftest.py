"""Shared fixtures: the report schema check every test applies, paths to the shared data, and database URLs
(SQLite, and a throwaway PostgreSQL server the suite starts itself; see tests/postgres.py)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from postgres import PostgresUnavailable, ThrowawayPostgres
from sitrep.report import Report, report_schema

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"

_VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def assert_valid_report(report: Report | dict) -> dict:
    """Validate against the shipped schema, and check every span's text against its offsets."""
    data = report.to_dict(include_text=True) if isinstance(report, Report) else report
    _VALIDATOR.validate(data)
    text = data.get("text")
    if text is not None:
        spans = [e for e in data["entities"]]
        spans += [m for p in data["places"] for m in p["mentions"]]
        spans += [m for a in data["actors"] for m in a["mentions"]]
        spans += [e["trigger"] for e in data["events"]] + [e["sentence"] for e in data["events"]]
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"], span
    return data


def shared_file(relative: str) -> Path:
    """A file under ../shared; the test skips (with the reason) where the shared data is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (the project's shared data), not present here")
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    """One PostgreSQL server for the whole session, on a free 127.0.0.1 port; stopped and removed at the end
    (also when tests fail). Skips where the server binaries are not installed."""
    server = ThrowawayPostgres()
    try:
        server.start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL server binaries (Debian package postgresql) not installed: {exc}")
    try:
        yield server
    finally:
        server.stop()


_DATABASE_NUMBERS = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: ThrowawayPostgres, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh, empty database of its own on the session's PostgreSQL server; dropped afterwards."""
    label = re.sub(r"[^a-z0-9_]+", "_", request.node.name.lower())[:40].strip("_")
    name = f"t{next(_DATABASE_NUMBERS)}_{label}"
    url = postgres_server.new_database(name)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database, once for SQLite and once for PostgreSQL. The PostgreSQL fixture is requested
    only for that parameter, so the SQLite run goes ahead where PostgreSQL is not installed."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/sitrep.db"
    return request.getfixturevalue("postgres_url")
