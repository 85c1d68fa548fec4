"""Throughput of the whole pipeline beside the floor of spaCy's blank English tokenizer.

    .venv/bin/python benchmarks/throughput.py [--repeat N]

Texts: ../shared/data/re3d/dev.jsonl and ../shared/data/geoparse/lgl.jsonl. Prints documents per
second for sitrep (pipeline load excluded, reported apart), for the tokenizer alone, their ratio,
and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

import spacy

import sitrep
from sitrep.api import _pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FILES = [SHARED / "re3d" / "dev.jsonl", SHARED / "geoparse" / "lgl.jsonl"]


def load_texts() -> list[dict]:
    rows = []
    for path in FILES:
        if not path.exists():
            sys.exit(f"needs {path} (the shared data)")
        with path.open(encoding="utf-8") as handle:
            rows += [{"id": r["id"], "text": r["text"]} for r in map(json.loads, handle) if r.get("text")]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the texts (default 1)")
    args = parser.parse_args()
    rows = load_texts() * args.repeat
    characters = sum(len(r["text"]) for r in rows)

    started = time.perf_counter()
    _pipeline()
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    count = sum(1 for _ in sitrep.analyze_many(rows))
    sitrep_seconds = time.perf_counter() - started

    tokenizer = spacy.blank("en").tokenizer
    started = time.perf_counter()
    for row in rows:
        tokenizer(row["text"])
    floor_seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "documents": count, "characters": characters, "pipeline_load_s": round(load_seconds, 2),
        "sitrep_docs_per_s": round(count / sitrep_seconds, 1),
        "tokenizer_docs_per_s": round(count / floor_seconds, 1),
        "slowdown_vs_tokenizer": round(sitrep_seconds / floor_seconds, 1),
        "peak_rss_mb": round(peak_mb), "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
