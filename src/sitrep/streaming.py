"""Helpers for work that streams: cutting a stream into batches, and a progress line."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, so lookups and writes go in bulk."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Progress:
    """Documents per second and, when the total is known, an ETA, on one updating line.

    A terminal gets the line redrawn every 0.5 s; anything else (a log file) gets a new line every
    ``log_every`` seconds, or nothing when that is None.
    """

    def __init__(self, label: str, stream: TextIO | None, total: int | None = None,
                 log_every: float | None = 5.0) -> None:
        self.label, self.stream, self.total, self.log_every = label, stream, total, log_every
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = -1  # the count on the last line written

    def update(self, done: int, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        live = self.stream.isatty()
        if not live and self.log_every is None:
            return
        if done == self.shown or (not force and now - self.last < (0.5 if live else self.log_every)):
            return
        self.last, self.shown = now, done
        rate = done / max(now - self.started, 1e-9)
        line = f"{self.label}: {done:,} documents"
        if self.total:
            eta = max(self.total - done, 0) / rate if rate > 0 else 0
            line += f" / {self.total:,} ({100 * done / self.total:.0f}%), ETA {eta:,.0f} s"
        line += f", {rate:.1f} docs/s"
        self.stream.write(f"\r{line}" + ("\n" if force else "") if live else line + "\n")
        self.stream.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started
