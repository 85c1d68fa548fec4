"""The four export formats: ACLED-layout CSV, GeoJSON, Parquet and JSON Lines.

Every writer streams: rows come from the store's generator and go out in bounded batches, so an
export of millions of events needs no more memory than one batch. Files are written beside the
target and renamed into place only when complete, so an error never leaves a half file behind.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Float, Integer

from sitrep.export.acled import COLUMNS, acled_rows
from sitrep.export.common import incident_members, iter_rows
from sitrep.store import EventFilter, Store, schema
from sitrep.streaming import batched

FORMATS = ("csv", "geojson", "parquet", "jsonl")
SUFFIXES = {".csv": "csv", ".geojson": "geojson", ".parquet": "parquet", ".pq": "parquet",
            ".jsonl": "jsonl", ".ndjson": "jsonl"}
PARQUET_ROW_GROUP = 10_000
EVIDENCE_BATCH = 1_000  # rows per evidence lookup


@dataclass
class ExportResult:
    written: int = 0
    skipped: int = 0  # GeoJSON only: rows without coordinates


def format_for(path: str) -> str | None:
    """The format a file name implies, if any (``--format`` may be left out for these)."""
    return SUFFIXES.get(Path(path).suffix.lower())


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path in the target's folder, renamed onto the target when the block succeeds.

    Same folder, so the final rename is atomic (same file system); on any error the partial file
    is removed and the previous target, if any, stays as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        # mkstemp makes the file private (0600); give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        partial.chmod(0o666 & ~umask)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_csv(store: Store, path: Path, filters: EventFilter, incidents: bool = False) -> ExportResult:
    """ACLED's columns, one row per event (or incident)."""
    result = ExportResult()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in acled_rows(store, iter_rows(store, filters, incidents), incidents):
            writer.writerow(row)
            result.written += 1
    return result


def write_geojson(store: Store, path: Path, filters: EventFilter, incidents: bool = False) -> ExportResult:
    """A FeatureCollection of Point features, written feature by feature; rows without coordinates are skipped."""
    result = ExportResult()
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [\n')
        for row in iter_rows(store, filters, incidents):
            if row.get("lat") is None or row.get("lon") is None:
                result.skipped += 1
                continue
            feature = {"type": "Feature", "id": row["id"],
                       "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                       "properties": row}
            handle.write((",\n" if result.written else "") + json.dumps(feature, ensure_ascii=False))
            result.written += 1
        handle.write("\n]}\n")
    return result


def _arrow_type(column: Any) -> pa.DataType:
    if isinstance(column.type, Integer):
        return pa.int64()
    if isinstance(column.type, Float):
        return pa.float64()
    return pa.string()


def parquet_schema(incidents: bool = False) -> pa.Schema:
    """One Arrow field per table column; incidents' JSON list columns become real lists."""
    table = schema.incidents if incidents else schema.events
    fields = []
    for column in table.columns:
        if column.name == "fatalities_reported":
            kind = pa.list_(pa.int64())
        elif column.name == "dates_reported":
            kind = pa.list_(pa.string())
        else:
            kind = _arrow_type(column)
        fields.append(pa.field(column.name, kind))
    return pa.schema(fields)


def write_parquet(store: Store, path: Path, filters: EventFilter, incidents: bool = False) -> ExportResult:
    """Row groups of ``PARQUET_ROW_GROUP`` rows, each built from one batch of the stream."""
    result = ExportResult()
    arrow_schema = parquet_schema(incidents)
    with pq.ParquetWriter(path, arrow_schema, compression="zstd") as writer:
        for batch in batched(iter_rows(store, filters, incidents), PARQUET_ROW_GROUP):
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema), row_group_size=PARQUET_ROW_GROUP)
            result.written += len(batch)
    return result


def _evidence(store: Store, ids: list[str], incidents: bool) -> dict[str, list[dict[str, Any]]]:
    """Evidence per row id; an incident's evidence is that of all its events."""
    if not incidents:
        return store.event_sources(ids)
    members = incident_members(store, ids)
    sources = store.event_sources([m["event_id"] for ms in members.values() for m in ms])
    return {incident: [e for m in ms for e in sources.get(m["event_id"], [])] for incident, ms in members.items()}


def write_jsonl(store: Store, path: Path, filters: EventFilter, incidents: bool = False) -> ExportResult:
    """One JSON object per row: the table's fields plus ``evidence`` [{document, source, url, sentence}]."""
    result = ExportResult()
    with path.open("w", encoding="utf-8") as handle:
        for batch in batched(iter_rows(store, filters, incidents), EVIDENCE_BATCH):
            evidence = _evidence(store, [r["id"] for r in batch], incidents)
            for row in batch:
                row["evidence"] = evidence.get(row["id"], [])
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            result.written += len(batch)
    return result


WRITERS: dict[str, Callable[[Store, Path, EventFilter, bool], ExportResult]] = {
    "csv": write_csv, "geojson": write_geojson, "parquet": write_parquet, "jsonl": write_jsonl,
}


def export(store: Store, fmt: str, output: str | Path, filters: EventFilter | None = None,
           incidents: bool = False) -> ExportResult:
    """Write the events (or incidents) matching ``filters`` to ``output`` in format ``fmt``, atomically."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with atomic_path(output) as partial:
        return WRITERS[fmt](store, partial, filters or EventFilter(), incidents)
