"""WARC web archives (plain or gzip-compressed, as written by crawlers): one document per archived
HTML page, read as a stream with warcio.

Only ``response`` records of HTTP status 200 with an HTML content type are documents; every other
record (requests, metadata, images, redirects...) is passed over without a word. An archive that
ends early or turns unreadable gives one :class:`InputProblem` for the file, after the documents of
the records that could be read.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from warcio.archiveiterator import WARCIterator

from sitrep.ingest.documents import Document, InputProblem
from sitrep.ingest.html import extract_html

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = {"text/html", "application/xhtml+xml"}

Item = Document | InputProblem

_READ_SIZE = 1 << 16


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


class _Broken(Exception):
    """A record that shows the archive was cut off or damaged: its header has no Content-Length (it was
    cut within the header), or its block is shorter than the Content-Length says."""


def read_warc(path: Path) -> Iterator[Item]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size == 0:
                yield InputProblem(origin, "empty document")
                return
            yield from _read_records(stream, size, origin)
    except OSError as exc:
        yield InputProblem(origin, f"cannot read file: {exc.strerror or exc}")


def _read_records(stream, size: int, origin: str) -> Iterator[Item]:
    records = WARCIterator(stream)  # WARC only: warcio would otherwise read some junk as old ARC records
    number = pages = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises many kinds on damaged input; none may stop the batch
            yield InputProblem(origin, f"archive is truncated or corrupt after record {number}: {_first_line(exc)}")
            return
        number += 1
        where = f"{origin}:record {number}"
        try:
            item = _read_record(record, where)
        except _Broken as exc:
            yield InputProblem(origin, f"archive is truncated or corrupt: record {number} "
                                       f"({_target(record) or record.rec_type or 'no type'}) {exc}")
            return
        if item is not None:
            pages += 1
            yield item
    if records.offset < size:  # the reader stopped short of the end: a record's header was cut off
        yield InputProblem(origin, f"archive is truncated or corrupt: nothing readable after record {number} "
                                   f"(byte {records.offset} of {size})")
    elif pages == 0:
        yield InputProblem(origin, "archive holds no HTML pages (response records of status 200)")


def _read_record(record, where: str) -> Item | None:
    """The record's document, a problem with it, or None for a record that is not an HTML page;
    raises _Broken when the record is cut short."""
    declared = record.rec_headers.get_header("Content-Length")
    if not declared or not declared.strip().isdigit():
        raise _Broken("has no Content-Length")
    uri = _target(record)
    headers = record.http_headers
    if record.rec_type != "response" or headers is None or headers.get_statuscode() != "200":
        _drain(record)
        return None
    content_type = Message()
    content_type["Content-Type"] = headers.get_header("Content-Type") or ""
    if content_type.get_content_type() not in HTML_TYPES:
        _drain(record)
        return None
    record_id = _record_id(record)
    try:
        body = record.content_stream().read()
    except Exception as exc:  # a broken chunked or compressed body
        _drain(record)
        return InputProblem(where, f"cannot read the body of {uri}: {_first_line(exc)}", record_id)
    _drain(record)
    charset = content_type.get_param("charset")
    charset = charset.strip() if isinstance(charset, str) and charset.strip() else "utf-8"
    try:
        html = body.decode(codecs.lookup(charset).name)
    except LookupError:
        return InputProblem(where, f"{uri}: unknown charset {charset!r} in its Content-Type", record_id)
    except UnicodeDecodeError as exc:
        return InputProblem(where, f"{uri}: body is not valid {charset} (byte {exc.start})", record_id)
    extracted = extract_html(html.removeprefix("\ufeff"))
    if not extracted.text.strip():
        return InputProblem(where, f"{uri}: HTML page has no main text", record_id)
    return Document(text=extracted.text, id=record_id or "", title=extracted.title, published=extracted.published,
                    source=extracted.source, url=uri or extracted.url, origin=where)


def _drain(record) -> None:
    """Read the rest of the record's block; a block shorter than its declared length is a cut-off archive."""
    raw = record.raw_stream
    while raw.read(_READ_SIZE):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise _Broken(f"ends {raw.limit} bytes early")


def _target(record) -> str | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return uri.strip().strip("<>") if uri else None


def _record_id(record) -> str | None:
    value = record.rec_headers.get_header("WARC-Record-ID")
    return value.strip().strip("<>") or None if value else None


def _first_line(exc: Exception) -> str:
    """The first paragraph of the error's message, on one line (warcio's messages run to several)."""
    paragraphs = [" ".join(part.split()) for part in str(exc).split("\n\n") if part.strip()]
    return paragraphs[0] if paragraphs else type(exc).__name__
