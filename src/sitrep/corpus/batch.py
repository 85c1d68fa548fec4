"""The batch function every engine runs: a list of documents in, their reports out.

It is the same function for the in-process path, the local process pool and Dask workers; each
worker process builds the pipeline once (``sitrep.api`` caches it) and reuses it for every batch.
Pool workers also write their own batches (``analyse_and_store``), so that turning reports into
rows runs in parallel too and only the commit itself takes turns.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.api import analyze_many
from sitrep.ingest import Document, InputProblem
from sitrep.report import Report, report_from_dict
from sitrep.store import Store

Analysed = tuple[list[tuple[Report, str]], list[InputProblem]]


def analyse_batch(documents: list[Document]) -> Analysed:
    """Reports (with their text) and the problems met, for one batch."""
    reports: list[tuple[Report, str]] = []
    problems: list[InputProblem] = []
    for document, result in zip(documents, analyze_many(documents), strict=True):
        if isinstance(result, InputProblem):
            problems.append(result)
        else:
            reports.append((result, document.origin))
    return reports, problems


_stores: dict[str, Store] = {}  # one open store per database URL in each worker process


def analyse_and_store(documents: list[Document], db_url: str) -> tuple[int, list[InputProblem]]:
    """Analyse a batch and write it in one transaction; returns (documents newly stored, problems)."""
    reports, problems = analyse_batch(documents)
    store = _stores.get(db_url)
    if store is None:
        store = _stores[db_url] = Store(db_url)
    return store.add(reports), problems


def analyse_batch_to_parquet(documents: list[Document], path: str) -> tuple[str, list[InputProblem]]:
    """Dask's variant: the reports go to a Parquet partition (written whole, then renamed)."""
    reports, problems = analyse_batch(documents)
    table = pa.table({"origin": [origin for _, origin in reports],
                      "report": [r.to_json(include_text=True) for r, _ in reports]})
    partial = Path(path).with_suffix(".partial")
    pq.write_table(table, partial)
    partial.replace(path)
    return path, problems


def load_parquet_partition(path: str) -> list[tuple[Report, str]]:
    import json

    table = pq.read_table(path)
    return [(report_from_dict(json.loads(text)), origin)
            for origin, text in zip(table.column("origin").to_pylist(), table.column("report").to_pylist(),
                                    strict=True)]
