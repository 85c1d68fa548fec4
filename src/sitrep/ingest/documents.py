"""The unit of input: one document with its metadata, or a problem found while reading it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def text_hash(text: str) -> str:
    """The key of a document's content: the same text is the same document, whoever sent it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def content_id(text: str) -> str:
    """A stable id for a document that came without one."""
    return "sha1:" + text_hash(text)[:16]


@dataclass
class Document:
    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    toponyms: list[tuple[int, int]] | None = None
    origin: str = "<text>"  # where it came from, for messages: "file.jsonl:12"
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


@dataclass
class InputProblem:
    """A document that could not be read; the batch goes on without it."""

    origin: str
    reason: str
    id: str | None = None

    def __str__(self) -> str:
        who = f"{self.origin} (id {self.id})" if self.id else self.origin
        return f"{who}: {self.reason}"
