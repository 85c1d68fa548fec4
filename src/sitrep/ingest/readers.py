"""Turn paths (files, folders, ``-``) into a stream of documents and input problems.

Plain text, HTML and JSON Lines are read here; CSV/TSV (tabular.py), RSS/Atom feeds (feeds.py) and
WARC archives (warc.py) have readers of their own, chosen by file suffix (for ``.xml``, and for
standard input, a feed is recognised by its root element).

Nothing here raises for bad input: a problem is yielded in the document's place, naming the file
(and line) and what was wrong, so that one bad file never stops a batch.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sitrep.ingest.documents import Document, InputProblem
from sitrep.ingest.feeds import FEED_SUFFIXES, looks_like_feed, read_feed
from sitrep.ingest.html import extract_html
from sitrep.ingest.tabular import TABULAR_SUFFIXES, read_table, resolve_columns
from sitrep.ingest.warc import is_warc_name, read_warc

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
XML_SUFFIX = ".xml"  # read only when it is a feed

Item = Document | InputProblem


def read_inputs(paths: Iterable[str], stdin: BinaryIO | None = None,
                csv_columns: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Documents from every path in order; folders are walked in sorted order, hidden files skipped.

    ``csv_columns`` maps sitrep fields (id, text, title, published, source, url) to the CSV/TSV
    column each is read from; a field not given is read from the column of its own name. An unknown
    field raises ValueError here, at the call.
    """
    return _read_all(paths, stdin, resolve_columns(csv_columns))


def _read_all(paths: Iterable[str], stdin: BinaryIO | None, columns: dict[str, str]) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from _read_bytes(data, "<stdin>", suffix=None)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and _is_input_file(p))
            if not files:
                yield InputProblem(str(path), "folder holds no .txt, .html, .jsonl, .csv, .tsv, feed or .warc files")
            for file in files:
                yield from _read_file(file, columns)
        else:
            yield from _read_file(path, columns)


def _is_input_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | TABULAR_SUFFIXES | FEED_SUFFIXES:
        return True
    if is_warc_name(path.name):
        return True
    if suffix == XML_SUFFIX:  # feeds only: a folder's other XML files (sitemaps, configuration) are not documents
        try:
            with path.open("rb") as stream:
                return looks_like_feed(stream.read(8192))
        except OSError:
            return True  # read it anyway, so that the problem is reported
    return False


def _read_file(path: Path, columns: dict[str, str]) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in TABULAR_SUFFIXES:  # streamed, not read whole
        yield from read_table(path, columns)
        return
    if is_warc_name(path.name):
        yield from read_warc(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    yield from _read_bytes(data, str(path), suffix)


def _read_bytes(data: bytes, origin: str, suffix: str | None) -> Iterator[Item]:
    if not data.strip():
        yield InputProblem(origin, "empty document")
        return
    if b"\x00" in data[:8192]:
        yield InputProblem(origin, "binary file (contains NUL bytes), not text")
        return
    kind = _kind(data, suffix)
    if kind == "jsonl":
        yield from _read_jsonl(data, origin)
        return
    if kind == "feed":
        yield from read_feed(data, origin)
        return
    if kind == "xml":
        yield InputProblem(origin, "XML file is not an RSS or Atom feed (root element not <rss>, <feed> or <rdf:RDF>)")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputProblem(origin, f"invalid UTF-8 at byte {exc.start}")
        return
    if kind == "html":
        extracted = extract_html(text)
        if not extracted.text.strip():
            yield InputProblem(origin, "HTML page has no main text")
            return
        yield Document(text=extracted.text, title=extracted.title, published=extracted.published,
                       url=extracted.url, source=extracted.source, origin=origin)
    else:
        yield Document(text=text, origin=origin)


def _kind(data: bytes, suffix: str | None) -> str:
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix == XML_SUFFIX or suffix is None:
        if looks_like_feed(data):
            return "feed"
        if suffix == XML_SUFFIX:
            return "xml"
    head = data.lstrip()[:512].lower()
    if suffix is None and head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html")) or (suffix is None and b"<body" in data[:4096].lower()):
        return "html"
    return "text"


def _read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield InputProblem(where, f"invalid UTF-8 at byte {exc.start} of the line")
            continue
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        yield _document_from_record(record, where)


def _document_from_record(record: object, where: str) -> Item:
    if not isinstance(record, dict):
        return InputProblem(where, "a JSON Lines document must be an object")
    doc_id = record.get("id")
    doc_id = None if doc_id is None else str(doc_id)
    text = record.get("text")
    if not isinstance(text, str):
        return InputProblem(where, "missing or non-string 'text'", doc_id)
    if not text.strip():
        return InputProblem(where, "empty document", doc_id)
    published = record.get("published")
    if published is not None and not _is_iso_date(published):
        return InputProblem(where, f"'published' must be YYYY-MM-DD, got {published!r}", doc_id)
    toponyms = record.get("toponyms")
    spans = None
    if toponyms is not None:
        try:
            spans = [(int(t["start"]), int(t["end"])) for t in toponyms]
        except (TypeError, KeyError, ValueError):
            return InputProblem(where, "'toponyms' must be a list of {start, end}", doc_id)
        if any(not 0 <= s < e <= len(text) for s, e in spans):
            return InputProblem(where, "a toponym span lies outside the text", doc_id)
    return Document(text=text, id=doc_id or "", title=_str_or_none(record.get("title")),
                    published=published, source=_str_or_none(record.get("source")),
                    url=_str_or_none(record.get("url")), toponyms=spans, origin=where)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
