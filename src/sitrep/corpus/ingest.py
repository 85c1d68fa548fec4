"""``sitrep ingest``: stream documents from disk into the store, in batches, resumably.

Flow: read inputs lazily -> cut into batches -> drop documents already stored (by text hash) ->
analyse batches (in this process, in a bounded process pool, or on a Dask cluster) -> write each
batch in one transaction -> merge incidents. Only a bounded number of batches is ever in flight,
so memory stays flat whatever the corpus size. Killed at any moment, the same command resumes:
committed batches are skipped by hash, the batch in flight is redone.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sitrep.corpus.batch import (
    Analysed,
    analyse_and_store,
    analyse_batch,
    analyse_batch_to_parquet,
    load_parquet_partition,
)
from sitrep.corpus.incidents import merge_incidents
from sitrep.ingest import Document, InputProblem, read_inputs
from sitrep.ingest.documents import text_hash
from sitrep.store import Store
from sitrep.streaming import Progress, batched


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    problems: list[str] = field(default_factory=list)
    incidents: int = 0
    seconds: float = 0.0


def estimate_total(paths: Iterable[str]) -> int | None:
    """A cheap count of documents for the ETA: lines of JSON Lines/CSV files, files in folders."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.exists():
            return None
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            if name.endswith((".jsonl", ".ndjson", ".csv", ".tsv")):
                with file.open("rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
                total += lines - (1 if name.endswith((".csv", ".tsv")) else 0)
            elif name.endswith((".txt", ".text", ".html", ".htm", ".xhtml")):
                total += 1
            elif name.endswith((".rss", ".atom", ".xml", ".warc", ".warc.gz")):
                return None  # entries inside are not worth counting twice
    return total


def _documents(items: Iterator[Document | InputProblem],
               on_problem: Callable[[InputProblem], None]) -> Iterator[Document]:
    for item in items:
        if isinstance(item, InputProblem):
            on_problem(item)
        else:
            yield item


def ingest(paths: list[str], db_url: str, *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
           batch_size: int = 32, csv_columns: dict[str, str] | None = None, progress: TextIO | None = sys.stderr,
           staging: str | None = None) -> IngestSummary:
    """Analyse and store every document under ``paths``; see the module docstring."""
    started = time.monotonic()
    summary = IngestSummary()
    meter = Progress("sitrep ingest", progress, total=estimate_total(paths))
    seen: set[str] = set()

    def problem(item: InputProblem) -> None:
        summary.problems.append(str(item))
        if progress is not None:
            progress.write(f"sitrep ingest: skipped {item}\n")

    def fresh(batch: list[Document]) -> list[Document]:
        """The documents of a batch not stored yet and not met earlier in this run."""
        hashes = [text_hash(d.text) for d in batch]
        stored = store.known_hashes(hashes)
        keep = []
        for document, doc_hash in zip(batch, hashes, strict=True):
            if doc_hash in stored or doc_hash in seen:
                summary.already_stored += 1
                continue
            seen.add(doc_hash)
            keep.append(document)
        return keep

    def record(result: Analysed, size: int) -> None:
        reports, problems = result
        counted(store.add(reports), problems, size)

    def counted(stored: int, problems: list[InputProblem], size: int) -> None:
        for item in problems:
            problem(item)
        summary.stored += stored
        summary.read += size
        meter.update(summary.read + summary.already_stored)

    with Store(db_url) as store:
        inputs = read_inputs(paths, csv_columns=csv_columns) if csv_columns else read_inputs(paths)
        batches = (b for b in (fresh(batch) for batch in batched(_documents(inputs, problem), batch_size)) if b)
        if engine == "dask":
            _run_dask(batches, record, workers, scheduler, staging)
        elif workers <= 1:
            for batch in batches:
                record(analyse_batch(batch), len(batch))
        else:
            _run_pool(batches, counted, workers, store.url)
        meter.update(summary.read + summary.already_stored, force=True)
        summary.incidents = merge_incidents(store)
    summary.seconds = time.monotonic() - started
    return summary


def _warm_worker() -> None:
    from sitrep.api import _pipeline

    _pipeline()  # build once per worker process, before the first batch arrives


def _run_pool(batches: Iterator[list[Document]], counted: Callable[[int, list[InputProblem], int], None],
              workers: int, db_url: str) -> None:
    """Workers analyse and write their batches; at most two batches per worker are in flight."""
    in_flight: dict[Future, int] = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) as pool:
        for batch in batches:
            in_flight[pool.submit(analyse_and_store, batch, db_url)] = len(batch)
            if len(in_flight) >= 2 * workers:  # bounded: memory stays flat
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    counted(*future.result(), in_flight.pop(future))
        for future in list(in_flight):
            counted(*future.result(), in_flight.pop(future))


def _run_dask(batches: Iterator[list[Document]], record: Callable[[Analysed, int], None], workers: int,
              scheduler: str | None, staging: str | None) -> None:
    """Each batch becomes a Parquet partition on a worker; the partitions are loaded here."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # the optional "cluster" extra
        raise RuntimeError("--engine dask needs the cluster extra: pip install 'sitrep[cluster]'") from exc
    folder = Path(staging or tempfile.mkdtemp(prefix="sitrep-partitions-"))
    folder.mkdir(parents=True, exist_ok=True)
    cluster = None if scheduler else LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                                  dashboard_address=None, host="127.0.0.1")
    client = Client(scheduler or cluster)
    try:
        pending = as_completed()
        sizes: dict[str, int] = {}
        for number, batch in enumerate(batches):
            path = str(folder / f"part-{number:06d}.parquet")
            sizes[path] = len(batch)
            pending.add(client.submit(analyse_batch_to_parquet, batch, path, pure=False))
            if pending.count() >= 2 * max(1, workers):
                _load_one(next(pending), record, sizes)
        for future in pending:
            _load_one(future, record, sizes)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if staging is None:
            shutil.rmtree(folder, ignore_errors=True)


def _load_one(future, record: Callable[[Analysed, int], None], sizes: dict[str, int]) -> None:
    path, problems = future.result()
    record((load_parquet_partition(path), problems), sizes.pop(path))
    Path(path).unlink(missing_ok=True)
