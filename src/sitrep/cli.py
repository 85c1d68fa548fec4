"""The command line: ``sitrep analyze`` (CONTRACT.md) and ``sitrep summary``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sitrep import analyze_many
from sitrep.ingest import Document, InputProblem, read_inputs
from sitrep.report import Report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="analyse documents and write one report per document")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="file (text, HTML, JSON Lines), folder, or -")
    analyze.add_argument("--format", choices=("json", "jsonl"), default="json")
    analyze.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    analyze.add_argument("--include-text", action="store_true", help="add the (extracted) document text")
    analyze.add_argument("--given-toponyms", action="store_true",
                         help="skip place recognition; resolve exactly the input's toponyms spans")
    analyze.set_defaults(run=_analyze)

    summary = commands.add_parser("summary", help="summarise a file of reports (JSON Lines or JSON)")
    summary.add_argument("reports", metavar="REPORTS")
    summary.add_argument("--top", type=int, default=8, help="how many places and actors to list")
    summary.set_defaults(run=_summary)

    args = parser.parse_args(argv)
    return args.run(args)


# -- analyze ------------------------------------------------------------------------------
def _analyze(args: argparse.Namespace) -> int:
    progress = _Progress(sys.stderr)
    items = _documents(args.paths, args.given_toponyms)
    analysed = problems = 0
    with _Output(args.output, args.format) as out:
        for item in analyze_many(items):
            if isinstance(item, InputProblem):
                problems += 1
                print(f"sitrep: skipped {item}", file=sys.stderr)
                continue
            out.write(item, args.include_text)
            analysed += 1
            progress.tick(analysed)
    progress.done(analysed, problems, args.output)
    return 0 if analysed else 1


def _documents(paths: list[str], given_toponyms: bool) -> Iterator[Document | InputProblem]:
    for item in read_inputs(paths):
        if isinstance(item, Document):
            if given_toponyms and item.toponyms is None:
                item.toponyms = []
            elif not given_toponyms:
                item.toponyms = None
        yield item


class _Output:
    """Reports to a file (written beside it, then moved into place) or to standard output."""

    def __init__(self, path: str | None, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        self.count = 0
        self.pending: str | None = None  # --format json: one report is an object, several an array

    def __enter__(self) -> _Output:
        if self.path:
            target = Path(self.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            self.stream: TextIO = self.partial.open("w", encoding="utf-8")
        else:
            self.stream = sys.stdout
        return self

    def write(self, report: Report, include_text: bool) -> None:
        if self.fmt == "jsonl":
            self.stream.write(report.to_json(include_text) + "\n")
        else:
            text = report.to_json(include_text, indent=1)
            if self.count == 0:
                self.pending = text
            else:
                if self.pending is not None:
                    self.stream.write("[\n" + self.pending)
                    self.pending = None
                self.stream.write(",\n" + text)
        self.count += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.fmt == "json":
            if self.pending is not None:
                self.stream.write(self.pending + "\n")
            elif self.count > 1:
                self.stream.write("\n]\n")
            elif self.count == 0:
                self.stream.write("[]\n")
        if self.path:
            self.stream.close()
            if exc_type is None:
                self.partial.replace(self.path)
            else:
                self.partial.unlink(missing_ok=True)
        else:
            self.stream.flush()


class _Progress:
    """A progress line on standard error (only on a terminal), and a closing line always."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0
        self.live = stream.isatty()

    def tick(self, done: int) -> None:
        now = time.monotonic()
        if self.live and now - self.last > 0.5:
            self.last = now
            rate = done / max(now - self.started, 1e-9)
            self.stream.write(f"\rsitrep: {done:,} documents analysed ({rate:.1f}/s)")
            self.stream.flush()

    def done(self, analysed: int, problems: int, output: str | None) -> None:
        elapsed = time.monotonic() - self.started
        where = f" -> {output}" if output else ""
        if self.live:
            self.stream.write("\r")
        self.stream.write(f"sitrep: {analysed:,} documents analysed, {problems:,} skipped, "
                          f"in {elapsed:.1f} s{where}\n")


# -- summary ------------------------------------------------------------------------------
def _summary(args: argparse.Namespace) -> int:
    try:
        reports = _load_reports(Path(args.reports))
    except (OSError, ValueError) as exc:
        print(f"sitrep: cannot read {args.reports}: {exc}", file=sys.stderr)
        return 1
    print(render_summary(reports, args.top, args.reports))
    return 0


def _load_reports(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def render_summary(reports: list[dict], top: int, source: str) -> str:
    events = [e for r in reports for e in r["events"]]
    by_type = Counter(e["type"] for e in events)
    modality = Counter(e["modality"] for e in events)
    places = Counter()
    place_names: dict[str, str] = {}
    actors = Counter()
    actor_names: dict[str, str] = {}
    for report in reports:
        for place in report["places"]:
            places[place["id"]] += len(place["mentions"])
            place_names[place["id"]] = f"{place['name']} ({place['country_code'] or '?'}, {place['feature']})"
        for actor in report["actors"]:
            actors[actor["id"]] += len(actor["mentions"])
            actor_names[actor["id"]] = f"{actor['name']} [{actor['type']}]"
    lines = [f"{len(reports)} documents, {len(events)} events, "
             f"{sum(len(r['places']) for r in reports)} places, {sum(len(r['actors']) for r in reports)} actors",
             "", "Events by type:"]
    lines += [f"  {count:4d}  {name}" for name, count in by_type.most_common()]
    lines += ["", "Events by modality: " + ", ".join(f"{m} {c}" for m, c in modality.most_common())]
    lines += ["", "Top places (mentions):"]
    lines += [f"  {count:4d}  {place_names[pid]}" for pid, count in places.most_common(top)]
    lines += ["", "Top actors (mentions):"]
    lines += [f"  {count:4d}  {actor_names[aid]}" for aid, count in actors.most_common(top)]
    lines += ["", f"Reports: {source}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
