"""Main-text extraction from HTML pages with trafilatura (boilerplate, menus and footers dropped)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass
class ExtractedPage:
    text: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None


def extract_html(html: str) -> ExtractedPage:
    result = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                         with_metadata=True, favor_precision=True)
    if result is None:
        return ExtractedPage("", None, None, None, None)
    fields = result if isinstance(result, dict) else result.as_dict()
    published = fields.get("date")
    return ExtractedPage(text=fields.get("text") or "", title=fields.get("title"),
                         published=published if published and len(published) == 10 else None,
                         url=fields.get("url"), source=fields.get("sitename"))
