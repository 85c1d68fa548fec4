"""Corpus ingest at scale: throughput with 1 and 2 local workers and a 2-worker Dask LocalCluster,
peak memory of the whole process tree, database size per 1,000 documents, incident-merge time.

    .venv/bin/python benchmarks/corpus.py [--documents 10000] [--out DIR]

The corpus is built from the texts in ../shared/data (news articles, snippets, sentences), in a
fixed order, each text once; every configuration ingests it into a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from pathlib import Path

from sitrep.corpus import ingest, merge_incidents
from sitrep.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = ["geoparse/lgl.jsonl", "geoparse/geovirus.jsonl", "geoparse/geowebnews_dev.jsonl", "re3d/dev.jsonl",
           "events/case2021_task2_dev.jsonl", "events/event_location_dev.jsonl", "ner/uner_en_ewt_dev.jsonl",
           "ner/uner_en_ewt_test.jsonl", "ner/wnut17_train.jsonl", "ner/wnut17_dev.jsonl", "ner/wnut17_test.jsonl",
           "ner/crossner_politics_test.jsonl", "ner/wikiann_en_dev.jsonl"]


def build_corpus(path: Path, wanted: int) -> dict:
    seen, written, characters = set(), 0, 0
    with path.open("w", encoding="utf-8") as out:
        for source in SOURCES:
            with (SHARED / source).open(encoding="utf-8") as handle:
                for line in handle:
                    text = json.loads(line).get("text") or ""
                    if len(text) < 40 or text in seen:
                        continue
                    seen.add(text)
                    out.write(json.dumps({"id": f"bench-{written}", "text": text}) + "\n")
                    written += 1
                    characters += len(text)
                    if written >= wanted:
                        return {"documents": written, "mean_characters": round(characters / written)}
    return {"documents": written, "mean_characters": round(characters / max(written, 1))}


class TreeMemory:
    """Peak resident memory of this process and all its descendants, sampled from /proc."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss_tree(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        tree, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
            tree.update(children)
            frontier.extend(children)
        return sum(rss.get(pid, 0) for pid in tree)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss_tree())
            self._stop.wait(0.25)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run(corpus: Path, folder: Path, name: str, **options) -> dict:
    db = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with TreeMemory() as memory:
        started = time.perf_counter()
        summary = ingest([str(corpus)], f"sqlite:///{db}", progress=None, **options)
        seconds = time.perf_counter() - started
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    return {"stored": summary.stored, "seconds": round(seconds, 1), "docs_per_s": round(summary.stored / seconds, 1),
            "peak_rss_mb": round(memory.peak / 2**20),
            "db_mb_per_1000_docs": round(size / 2**20 / summary.stored * 1000, 2),
            "incidents": summary.incidents, "db": str(db)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "out" / "corpus-bench"))
    args = parser.parse_args()
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    results: dict = {"corpus": build_corpus(corpus, args.documents), "cpus": os.cpu_count()}
    results["local_1_worker"] = run(corpus, folder, "one", workers=1)
    results["local_2_workers"] = run(corpus, folder, "two", workers=2)
    results["dask_localcluster_2_workers"] = run(corpus, folder, "dask", engine="dask", workers=2)
    one, two = results["local_1_worker"]["docs_per_s"], results["local_2_workers"]["docs_per_s"]
    results["speedup_2_vs_1"] = round(two / one, 2)
    with Store(f"sqlite:///{folder / 'two.db'}") as store:
        started = time.perf_counter()
        merge_incidents(store)
        results["incident_merge_s"] = round(time.perf_counter() - started, 2)
        results["events"] = store.counts()["events"]
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
