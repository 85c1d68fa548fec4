"""RSS and Atom feed files: one document per entry, its content (or summary) as plain text."""

from __future__ import annotations

import contextlib
import datetime
import io
import re
from collections.abc import Iterator

import feedparser
import lxml.html
from lxml import etree

from sitrep.ingest.documents import Document, InputProblem
from sitrep.time import parse_published

FEED_SUFFIXES = {".rss", ".atom"}

Item = Document | InputProblem

# What may come before the root element of an XML document: declaration, processing instructions,
# comments, doctype, white space.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|[\w.-]+:feed|rdf:RDF)[\s>/]")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?\s*>")
_HTML_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}
# Elements that end a line of text; their content is put on lines of its own.
_BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure", "figcaption",
           "address", "hr"}


def looks_like_feed(data: bytes) -> bool:
    """Whether the root element (after any XML prolog) is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``."""
    head = data[:8192].removeprefix(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOG.match(head, position):
        if match.end() == position:
            break
        position = match.end()
    return bool(_FEED_ROOT.match(head, len(head) - len(head[position:].lstrip())))


def read_feed(data: bytes, origin: str) -> Iterator[Item]:
    """Documents from the entries of an RSS (0.9x, 1.0, 2.0) or Atom feed."""
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is meant not to raise; a bad feed must not stop the batch
        yield InputProblem(origin, f"cannot parse feed: {exc}")
        return
    if not parsed.entries:
        reason = f"not a readable feed: {parsed.get('bozo_exception')}" if parsed.get("bozo") else "feed has no entries"
        yield InputProblem(origin, reason)
        return
    source = _plain(parsed.feed.get("title"), parsed.feed.get("title_detail"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _document_from_entry(entry, source, f"{origin}:entry {number}")


def _document_from_entry(entry: dict, source: str | None, where: str) -> Item:
    link = _clean(entry.get("link"))
    doc_id = _clean(entry.get("id")) or link
    if entry.get("content"):
        body = entry["content"][0]
        value, kind = body.get("value"), body.get("type")
    else:
        value, kind = entry.get("summary"), (entry.get("summary_detail") or {}).get("type")
    try:
        text = html_to_text(value) if value and (kind in _HTML_TYPES or _TAG.search(value)) else (value or "")
    except (etree.ParserError, ValueError) as exc:
        return InputProblem(where, f"entry content is not readable HTML: {exc}", doc_id)
    text = text.strip()
    if not text:
        return InputProblem(where, "entry has no text (no content or summary)", doc_id)
    return Document(text=text, id=doc_id or "", title=_plain(entry.get("title"), entry.get("title_detail")),
                    published=_entry_date(entry), source=source, url=link, origin=where)


def _entry_date(entry: dict) -> str | None:
    """The publication (else update) date as written in the feed; feedparser's parsed time, which it
    converts to UTC (and so may move to the next or previous day), only where sitrep cannot read it."""
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        day = parse_published(entry[raw]) if isinstance(entry.get(raw), str) else None
        if day is None and entry.get(parsed):
            try:
                day = datetime.date(*entry[parsed][:3])
            except (TypeError, ValueError):
                day = None
        if day is not None:
            return day.isoformat()
    return None


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, one line per paragraph (block
    element or ``<br>``), white space within a line collapsed; scripts and styles left out."""
    if not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    for element in list(root.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        element.text = _spaces(element.text)
        element.tail = _spaces(element.tail)
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _plain(value: object, detail: dict | None) -> str | None:
    """A title as plain text (feeds may carry titles as HTML)."""
    if not isinstance(value, str) or not value.strip():
        return None
    kind = (detail or {}).get("type")
    if kind in _HTML_TYPES or _TAG.search(value):
        with contextlib.suppress(etree.ParserError, ValueError):  # unreadable: keep it as it is
            value = " ".join(html_to_text(value).split())
    return value.strip() or None


def _clean(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _spaces(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text)
