"""Ways out of the store: file exports (ACLED-layout CSV, GeoJSON, Parquet, JSON Lines) and the
terminal listings behind ``sitrep events`` and ``sitrep incidents``. All take the same
``sitrep.store.EventFilter`` and reuse the store's queries."""

from sitrep.export.acled import COLUMNS as ACLED_COLUMNS
from sitrep.export.common import NoDatabase, count_matching, iter_rows, open_store, table_columns
from sitrep.export.listing import listing
from sitrep.export.writers import FORMATS, ExportResult, export, format_for

__all__ = ["ACLED_COLUMNS", "FORMATS", "ExportResult", "NoDatabase", "count_matching", "export", "format_for",
           "iter_rows", "listing", "open_store", "table_columns"]
