"""Corpora at scale: streaming ingest into the store (process pool or Dask) and cross-document incidents."""

from sitrep.corpus.incidents import merge_incidents
from sitrep.corpus.ingest import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest", "merge_incidents"]
