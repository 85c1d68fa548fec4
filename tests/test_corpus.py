"""Corpus ingest into a real SQLite file and a real PostgreSQL server: idempotence, crash safety,
parallel engines and cross-document incidents."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import ROOT, SAMPLES
from sitrep.corpus import ingest
from sitrep.store import Store, schema
from sitrep.store.migrations import SCHEMA_VERSION, current_version

FIXTURES = Path(__file__).parent / "fixtures"


def table_count(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar()


def assert_complete(store: Store) -> None:
    """Every stored document has exactly the events its stored report lists: nothing half-written."""
    with store.engine.connect() as connection:
        reports = connection.execute(select(schema.documents.c.hash, schema.documents.c.report)).all()
        per_document = dict(connection.execute(
            select(schema.events.c.document_hash, func.count()).group_by(schema.events.c.document_hash)).all())
    for doc_hash, report in reports:
        assert per_document.get(doc_hash, 0) == len(json.loads(report)["events"]), doc_hash


def test_ingest_stores_rows_and_reingest_adds_nothing(db_url):
    first = ingest([str(SAMPLES)], db_url, progress=None)
    assert first.stored == 20 and first.already_stored == 0
    with Store(db_url) as store:
        counts = store.counts()
        assert counts["documents"] == 20 and counts["events"] > 20 and counts["incidents"] > 0
        assert counts["evidence"] >= counts["events"]  # an event told twice keeps both passages
        assert table_count(store, "place_mentions") > 0 and table_count(store, "actor_mentions") > 0
        assert current_version(store.engine) == SCHEMA_VERSION
        assert_complete(store)
    again = ingest([str(SAMPLES)], db_url, progress=None)
    assert again.stored == 0 and again.already_stored == 20
    with Store(db_url) as store:
        assert store.counts() == counts


def test_bad_lines_are_skipped_and_the_rest_is_stored(tmp_path, db_url):
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text('{"id": "ok", "text": "Gunmen abducted 12 farmers near Katsina on Monday."}\n'
                      '{"id": "bad", "text": \n'
                      '{"id": "empty", "text": ""}\n', encoding="utf-8")
    summary = ingest([str(corpus)], db_url, progress=None)
    assert summary.stored == 1
    assert any("feed.jsonl:2: malformed JSON" in p for p in summary.problems)
    assert any("feed.jsonl:3 (id empty): empty document" in p for p in summary.problems)


def test_same_incident_from_several_sources(db_url):
    summary = ingest([str(FIXTURES / "same_incident.jsonl")], db_url, progress=None)
    assert summary.stored == 7
    with Store(db_url) as store:
        incidents = list(store.incidents())
        assert len(incidents) == 4, incidents
        # A report may name several event verbs ("exploded ..., killing five"): an event each, one incident.
        bombing = next(i for i in incidents if i["sources"] == 3)
        assert bombing["type"] == "remote_explosive_landmine_ied" and bombing["events"] >= 3
        assert json.loads(bombing["fatalities_reported"]) == [5, 7]  # kept side by side, not averaged
        assert bombing["time_start"] == "2024-03-12"
        protest = next(i for i in incidents if i["category"] == "protests")
        assert protest["events"] == 2 and protest["sources"] == 2
        assert sum(i["events"] for i in incidents) == store.counts()["events"]


def test_two_worker_pool_matches_one_worker(tmp_path):
    one = f"sqlite:///{tmp_path}/one.db"
    two = f"sqlite:///{tmp_path}/two.db"
    ingest([str(SAMPLES)], one, workers=1, batch_size=4, progress=None)
    ingest([str(SAMPLES)], two, workers=2, batch_size=4, progress=None)
    with Store(one) as a, Store(two) as b:
        assert a.counts() == b.counts()
        assert {r["id"] for r in a.events()} == {r["id"] for r in b.events()}


def test_dask_local_cluster_engine(tmp_path):
    pytest.importorskip("dask.distributed", reason="the cluster extra (dask, distributed) is not installed")
    url = f"sqlite:///{tmp_path}/dask.db"
    summary = ingest([str(FIXTURES / "same_incident.jsonl")], url, engine="dask", workers=2, batch_size=2,
                     progress=None, staging=str(tmp_path / "parts"))
    assert summary.stored == 7
    assert not list((tmp_path / "parts").glob("*.parquet"))  # every partition was loaded, then removed
    with Store(url) as store:
        assert store.counts()["documents"] == 7
        assert_complete(store)


def _distinct_corpus(path: Path, copies: int) -> int:
    """The sample reports, each repeated with a marker so that every text is distinct."""
    base = [json.loads(line) for line in (SAMPLES / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    with path.open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for row in base:
                handle.write(json.dumps({**row, "id": f"{row['id']}-{k}", "text": f"{row['text']} (copy {k})"}) + "\n")
    return copies * len(base)


def test_kill_nine_and_resume_loses_and_duplicates_nothing(tmp_path, db_url):
    corpus = tmp_path / "corpus.jsonl"
    expected = _distinct_corpus(corpus, 6)
    command = [sys.executable, "-m", "sitrep.cli", "ingest", str(corpus), "--db", db_url, "--batch-size", "3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    chance = random.Random(20261126)
    for _ in range(3):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(1.5, 4.5))  # somewhere in start-up, analysis or a write
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    with Store(db_url) as store:
        assert store.counts()["documents"] == expected
        with store.engine.connect() as connection:
            ids = connection.execute(select(schema.documents.c.doc_id)).scalars().all()
        assert len(ids) == len(set(ids)) == expected
        assert_complete(store)
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert "0 documents stored" in again.stderr
