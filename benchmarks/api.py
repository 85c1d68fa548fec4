"""HTTP API latency: filtered ``GET /api/events`` over a store of at least 10,000 events, through a real server.

    .venv/bin/python benchmarks/api.py [--db out/benchmarks/api.db] [--requests 50]

The store at ``--db`` is used as it is when it already holds 10,000 events; otherwise the texts of
../shared/data are ingested into it (2 workers): event snippets, geoparsing articles, re3d and the
NER sentences, each with a published date spread over 2020-2024 and its data set as source. Those
give about 6,000 events, so the event-bearing documents are then ingested again as syndicated
copies (another outlet, a later date, a one-line credit) until 10,000 events exist, the way a
story reaches a real corpus through several outlets. Then uvicorn serves the store on 127.0.0.1
and each query is timed ``--requests`` times over one keep-alive connection, after one warm-up
request; the result (median and p95 in ms) is printed as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from sitrep.corpus import ingest
from sitrep.store import Store, schema
from sitrep.web import create_app, running

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SOURCES = ["events/event_location_dev.jsonl", "events/case2021_task2_dev.jsonl", "geoparse/lgl.jsonl",
           "geoparse/geovirus.jsonl", "geoparse/geowebnews_dev.jsonl", "re3d/dev.jsonl",
           *sorted(f"ner/{p.name}" for p in (SHARED / "ner").glob("*.jsonl"))]
WANTED_EVENTS = 10_000
FIRST_DAY, DAYS = date(2020, 1, 1), 5 * 365


def _published(key: str, shift: int = 0) -> str:
    """A date in 2020-2024 fixed by ``key``, so every build spreads the documents the same way."""
    offset = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % DAYS
    return (FIRST_DAY + timedelta(days=offset + shift)).isoformat()


def _event_count(db_url: str) -> int:
    with Store(db_url) as store:
        return store.counts()["events"]


def build(db_url: str, folder: Path) -> dict:
    """Ingest the shared texts, then syndicated copies of the event-bearing ones, until enough events exist."""
    started = time.perf_counter()
    corpus = folder / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for source in SOURCES:
            with (SHARED / source).open(encoding="utf-8") as handle:
                for number, line in enumerate(handle):
                    key = f"{source}:{number}"
                    out.write(json.dumps({"id": key, "text": json.loads(line)["text"], "published": _published(key),
                                          "source": Path(source).stem}) + "\n")
    ingest([str(corpus)], db_url, workers=2, progress=None)
    copy = 0
    while _event_count(db_url) < WANTED_EVENTS:
        copy += 1
        with Store(db_url) as store, store.engine.connect() as connection:
            docs = schema.documents
            with_events = select(schema.events.c.document_hash).distinct()
            originals = connection.execute(select(docs.c.doc_id, docs.c.text, docs.c.published)
                                           .where(docs.c.hash.in_(with_events), docs.c.source != "syndicated")).all()
        corpus = folder / f"copies-{copy}.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for doc_id, text, published in originals:
                shifted = date.fromisoformat(published) + timedelta(days=copy) if published else None
                out.write(json.dumps({"id": f"{doc_id}#copy{copy}", "text": f"{text}\n\nSyndicated copy {copy}.",
                                      "published": shifted.isoformat() if shifted else None,
                                      "source": "syndicated"}) + "\n")
        ingest([str(corpus)], db_url, workers=2, progress=None)
    return {"build_seconds": round(time.perf_counter() - started, 1), "syndicated_rounds": copy}


def time_queries(base_url: str, requests: int) -> dict:
    """Median and p95 latency of filtered event queries, with filter values taken from the store itself."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        stats = client.get("/api/stats").raise_for_status().json()
        actor = client.get("/api/actors", params={"limit": 1}).raise_for_status().json()["items"][0]["id"]
        queries = {
            "country": {"country": stats["by_country"][0]["key"]},
            "type_and_date_range": {"type": stats["by_type"][0]["key"], "from": "2022-01", "to": "2023-06"},
            "bbox": {"bbox": "35,29,49,38"},  # Syria and Iraq
            "actor": {"actor": actor},
            "no_filter_page_10": {"offset": 900},
        }
        results = {}
        for name, params in queries.items():
            total = client.get("/api/events", params=params).raise_for_status().json()["total"]  # warm-up
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get("/api/events", params=params).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[name] = {"params": params, "total": total, "median_ms": round(statistics.median(times), 1),
                             "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "out" / "benchmarks" / "api.db"), help="SQLite path or URL")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per query")
    args = parser.parse_args()
    db_url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    if "://" not in args.db:
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    results: dict = {"db": args.db}
    if _event_count(db_url) < WANTED_EVENTS:
        with tempfile.TemporaryDirectory(prefix="sitrep-api-bench-") as folder:
            results.update(build(db_url, Path(folder)))
    with Store(db_url) as store:
        results["store"] = store.counts()
    with running(create_app(db_url)) as base_url:
        results["queries"] = time_queries(base_url, args.requests)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
