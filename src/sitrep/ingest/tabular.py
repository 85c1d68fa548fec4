"""CSV and TSV files: one document per data row, read as a stream (the file is never loaded whole).

Columns are found by name through a mapping from sitrep's fields (id, text, title, published, source,
url) to column names; by default each field is read from the column of the same name. A row that
cannot be used becomes an :class:`InputProblem` naming the file and the row's first line
("news.csv:row 3"), and reading goes on with the next row.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitrep.ingest.documents import Document, InputProblem
from sitrep.time import parse_published

FIELDS = ("id", "text", "title", "published", "source", "url")
TABULAR_SUFFIXES = {".csv", ".tsv"}

# The csv module's default (131,072 characters per field) is too small for long articles; a limit is
# still kept so that an unclosed quote fails with a message instead of reading a whole file into one field.
FIELD_SIZE_LIMIT = 1 << 25

Item = Document | InputProblem


def resolve_columns(mapping: Mapping[str, str] | None) -> dict[str, str]:
    """The full field -> column mapping: the given entries over the default (each field's own name)."""
    columns = {name: name for name in FIELDS}
    for field, column in (mapping or {}).items():
        if field not in FIELDS:
            raise ValueError(f"unknown CSV field {field!r}; the fields are {', '.join(FIELDS)}")
        if not isinstance(column, str) or not column.strip():
            raise ValueError(f"the column for CSV field {field!r} must be a non-empty string")
        columns[field] = column.strip()
    return columns


def read_table(path: Path, columns: Mapping[str, str]) -> Iterator[Item]:
    """Documents from the rows of a CSV (or, for a ``.tsv`` suffix, tab-separated) file."""
    origin = str(path)
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    try:
        with path.open("rb") as stream:
            yield from _read_rows(stream, origin, dialect, columns)
    except OSError as exc:
        yield InputProblem(origin, f"cannot read file: {exc.strerror or exc}")


def _read_rows(stream, origin: str, dialect: type[csv.Dialect], columns: Mapping[str, str]) -> Iterator[Item]:
    lines = _Lines(stream)
    reader = csv.DictReader(lines, dialect=dialect)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        yield InputProblem(origin, f"malformed CSV header: {exc}")
        return
    if header is None:
        yield InputProblem(origin, "empty document")
        return
    if not header:
        yield InputProblem(origin, "the first line is blank; a CSV file must start with its header line")
        return
    _, bad = lines.take()
    if bad:
        yield InputProblem(origin, f"invalid UTF-8 at byte {bad[1]} of the header line")
        return
    reader.fieldnames = [name.strip() for name in header]
    if columns["text"] not in reader.fieldnames:
        named = ", ".join(repr(name) for name in reader.fieldnames)
        yield InputProblem(origin, f"no text column {columns['text']!r}; the columns are {named}")
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start, _ = lines.take()
            yield InputProblem(f"{origin}:row {start or lines.number}",
                               f"malformed CSV ({exc}); the rest of the file is skipped")
            return
        rows += 1
        start, bad = lines.take()
        yield _document_from_row(row, columns, f"{origin}:row {start}", bad)
    if rows == 0:
        yield InputProblem(origin, "CSV file has a header but no rows")


def _document_from_row(row: dict, columns: Mapping[str, str], where: str, bad: tuple[int, int] | None) -> Item:
    doc_id = _value(row, columns["id"])
    if bad:
        return InputProblem(where, f"invalid UTF-8 at byte {bad[1]} of line {bad[0]}", doc_id)
    text = row.get(columns["text"])
    if not isinstance(text, str) or not text.strip():
        return InputProblem(where, "empty document", doc_id)
    published = _value(row, columns["published"])
    day = parse_published(published) if published else None
    return Document(text=text, id=doc_id or "", title=_value(row, columns["title"]),
                    published=day.isoformat() if day else None, source=_value(row, columns["source"]),
                    url=_value(row, columns["url"]), origin=where)


def _value(row: dict, column: str) -> str | None:
    value = row.get(column)
    return value.strip() if isinstance(value, str) and value.strip() else None


class _Lines:
    """The file's lines decoded one by one (UTF-8, a leading byte-order mark dropped), counting them so
    that each row is named by its first line and an undecodable line is charged to its own row."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.number = 0
        self.start: int | None = None  # first non-blank line of the row being read
        self.bad: tuple[int, int] | None = None  # (line, byte) of the row's first invalid UTF-8

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = next(self.stream)
        self.number += 1
        if self.number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")  # keeps the CSV parser in step with the file
            if self.bad is None:
                self.bad = (self.number, exc.start)
        if self.start is None and line.strip("\r\n"):
            self.start = self.number
        return line

    def take(self) -> tuple[int | None, tuple[int, int] | None]:
        """The finished row's first line and decoding error; the next row starts afresh."""
        start, bad = self.start, self.bad
        self.start = self.bad = None
        return start, bad
