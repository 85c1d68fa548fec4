"""The command line: ``sitrep analyze`` (CONTRACT.md), ``sitrep ingest``, ``sitrep summary``, the ways out of
the store: ``sitrep export``, ``sitrep events``, ``sitrep incidents``, and ``sitrep serve`` (API and dashboard)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sitrep import analyze_many
from sitrep.filters import (
    MODALITIES,
    parse_bbox,
    parse_category,
    parse_country,
    parse_date,
    parse_event_type,
    parse_modality,
)
from sitrep.ingest import Document, InputProblem, read_inputs
from sitrep.report import Report
from sitrep.store import DEFAULT_URL, EventFilter
from sitrep.streaming import Progress


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

    ingest = commands.add_parser("ingest", help="analyse a corpus into the database (resumable, idempotent)")
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders: text, HTML, JSON Lines, CSV/TSV, RSS/Atom, WARC")
    ingest.add_argument("--db", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
    ingest.add_argument("--workers", type=int, default=1, help="analysing processes (default 1)")
    ingest.add_argument("--engine", choices=("local", "dask"), default="local")
    ingest.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster)")
    ingest.add_argument("--batch-size", type=int, default=32, help="documents per batch and transaction")
    ingest.add_argument("--csv-columns", metavar="MAP",
                        help="CSV column mapping, e.g. text=body,id=guid,published=date")
    ingest.add_argument("--staging", metavar="DIR", help="folder for Dask's Parquet partitions (shared with workers)")
    ingest.set_defaults(run=_ingest)

    gazetteer = commands.add_parser("gazetteer", help="manage the gazetteer")
    gazetteer_commands = gazetteer.add_subparsers(dest="action", required=True)
    gazetteer_import = gazetteer_commands.add_parser(
        "import", help="extend the gazetteer with GeoNames dumps (allCountries/XX.txt, alternateNamesV2, admin codes)")
    gazetteer_import.add_argument("files", nargs="+", metavar="FILE")
    gazetteer_import.set_defaults(run=_gazetteer_import)

    train = commands.add_parser("train", help="learn a model from gold data")
    train_models = train.add_subparsers(dest="model", required=True)
    geo = train_models.add_parser("geo", help="the toponym resolver's ranking weights, from gold toponyms")
    geo.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="documents with toponyms (start, end, lat, lon)")
    geo.add_argument("--output", default=str(Path(__file__).parent / "data" / "models" / "geo_ranker.json"),
                     help="model file to write (default: the one sitrep ships)")
    geo.add_argument("--folds", type=int, default=5, help="cross-validation folds over documents")
    geo.set_defaults(run=_train_geo)
    evloc = train_models.add_parser("evloc", help="the event location model, from sentences with an event verb "
                                                  "and where it happened")
    evloc.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="sentences with VERB and LOCATION spans")
    evloc.add_argument("--output", default=str(Path(__file__).parent / "data" / "models" / "event_location.json"),
                       help="model file to write (default: the one sitrep ships)")
    evloc.add_argument("--folds", type=int, default=5, help="cross-validation folds over sentences")
    evloc.set_defaults(run=_train_evloc)
    events = train_models.add_parser(
        "events", help="the event-type classifier, from the written examples and the PLOVER records")
    events.add_argument("plover", nargs="?", metavar="PLOVER_GSR_CAMEO.json",
                        help="PLOVER gold standard records to learn from beside the written examples")
    events.add_argument("--output", default=str(Path(__file__).parent / "data" / "models" / "event_classifier.npz"),
                        help="model file to write (default: the one sitrep ships)")
    events.add_argument("--folds", type=int, default=5, help="cross-validation folds over the written examples")
    events.set_defaults(run=_train_events)
    ner = train_models.add_parser("ner", help="the name model (PERSON, ORGANIZATION, LOCATION) the recogniser merges "
                                              "with its knowledge, taught by a fine-tuned MiniLM (needs torch; "
                                              "its labels are cached, ~20 min the first time)")
    ner.add_argument("--data", default=str(Path.cwd().parent / "shared" / "data"),
                     help="the gold data folder with ner/ and re3d/ (default ../shared/data)")
    ner.add_argument("--output", default=str(Path(__file__).parent / "data" / "models" / "ner"),
                     help="model folder to write (default: the one sitrep ships)")
    ner.add_argument("--epochs", type=int, default=10)
    ner.set_defaults(run=_train_ner)

    summary = commands.add_parser("summary", help="summarise a file of reports (JSON Lines or JSON)")
    summary.add_argument("reports", metavar="REPORTS")
    summary.add_argument("--top", type=int, default=8, help="how many places and actors to list")
    summary.set_defaults(run=_summary)

    export = commands.add_parser("export", help="write stored events (or incidents) to a file")
    export.add_argument("--db", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
    export.add_argument("--format", choices=("csv", "geojson", "parquet", "jsonl"),
                        help="csv (ACLED's columns), geojson, parquet or jsonl (default: from the file name)")
    export.add_argument("--output", "-o", metavar="FILE", required=True, help="the file to write")
    export.add_argument("--incidents", action="store_true", help="one row per incident instead of per event")
    add_filter_options(export)
    export.set_defaults(run=_export, parser=export)

    for name, what in (("events", "events"), ("incidents", "incidents (events merged across documents)")):
        listing = commands.add_parser(name, help=f"list stored {what}, newest first")
        listing.add_argument("--db", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
        listing.add_argument("--limit", type=_count, default=20, help="how many rows to show (default 20)")
        add_filter_options(listing)
        listing.set_defaults(run=_listing, parser=listing, incidents=name == "incidents")

    serve = commands.add_parser("serve", help="serve the HTTP API and the dashboard (writes need SITREP_TOKEN)")
    serve.add_argument("--db", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 exposes it)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(run=_serve)

    args = parser.parse_args(argv)
    return args.run(args)


# -- analyze ------------------------------------------------------------------------------
def _analyze(args: argparse.Namespace) -> int:
    progress = Progress("sitrep", sys.stderr, log_every=None)  # a log gets the closing line only
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
            progress.update(analysed)
    if sys.stderr.isatty():
        sys.stderr.write("\r")
    where = f" -> {args.output}" if args.output else ""
    print(f"sitrep: {analysed:,} documents analysed, {problems:,} skipped, in {progress.elapsed:.1f} s{where}",
          file=sys.stderr)
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


# -- ingest -------------------------------------------------------------------------------
def _ingest(args: argparse.Namespace) -> int:
    from sitrep.corpus import ingest

    columns = None
    if args.csv_columns:
        try:
            columns = dict(pair.split("=", 1) for pair in args.csv_columns.split(","))
        except ValueError:
            print(f"sitrep: --csv-columns wants field=column pairs, got {args.csv_columns!r}", file=sys.stderr)
            return 2
    summary = ingest(args.paths, args.db, workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                     batch_size=args.batch_size, csv_columns=columns, staging=args.staging)
    print(f"sitrep ingest: {summary.stored:,} documents stored, {summary.already_stored:,} already stored, "
          f"{len(summary.problems):,} skipped, {summary.incidents:,} incidents, in {summary.seconds:.1f} s "
          f"-> {args.db}", file=sys.stderr)
    return 0 if summary.stored or summary.already_stored or not summary.problems else 1


# -- filters (export, events, incidents) ---------------------------------------------------


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The options that select events, shared by ``export``, ``events`` and ``incidents``."""
    group = parser.add_argument_group("filters (repeat a list option to match any of its values)")
    group.add_argument("--type", dest="types", action="append", type=_event_type, default=[], metavar="TYPE",
                       help="event type, e.g. armed_clash")
    group.add_argument("--category", dest="categories", action="append", type=_category, default=[],
                       metavar="CATEGORY", help="ACLED event type, e.g. battles, or non_acled")
    group.add_argument("--actor", dest="actors", action="append", default=[], metavar="ID",
                       help='actor id, "isis" or "actor:isis" (either side of the event)')
    group.add_argument("--country", dest="countries", action="append", type=_country, default=[], metavar="CC",
                       help="ISO 3166 alpha-2 code, e.g. SY")
    group.add_argument("--bbox", type=_bbox, metavar="MINLON,MINLAT,MAXLON,MAXLAT",
                       help="bounding box (WGS 84); write --bbox=-10,... when it starts with a minus")
    group.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="from YYYY[-MM[-DD]]")
    group.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="to YYYY[-MM[-DD]] (inclusive)")
    group.add_argument("--modality", dest="modalities", action="append", type=_modality, default=[],
                       metavar="M", help=f"one of {', '.join(MODALITIES)}")
    group.add_argument("--source", dest="sources", action="append", default=[], metavar="S",
                       help="the documents' source, as stored")


def event_filter(args: argparse.Namespace) -> EventFilter:
    """The ``EventFilter`` the filter options describe; a --from after --to is a usage error."""
    if args.date_from and args.date_to and args.date_from[:len(args.date_to)] > args.date_to:
        args.parser.error(f"--from {args.date_from} is after --to {args.date_to}")
    return EventFilter(types=args.types, categories=args.categories, actors=args.actors, countries=args.countries,
                       modalities=args.modalities, sources=args.sources, bbox=args.bbox,
                       date_from=args.date_from, date_to=args.date_to)


def _argument(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse ``type`` from a filter parser: its ValueError message becomes the usage error."""

    def checked(value: str) -> Any:
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    checked.__name__ = parse.__name__.removeprefix("parse_")
    return checked


_event_type, _category, _modality = _argument(parse_event_type), _argument(parse_category), _argument(parse_modality)
_country, _bbox, _date = _argument(parse_country), _argument(parse_bbox), _argument(parse_date)


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: want a whole number, 0 or more")
    return number


# -- export, events, incidents -------------------------------------------------------------
def _export(args: argparse.Namespace) -> int:
    from sitrep.export import NoDatabase, export, format_for, open_store

    filters = event_filter(args)
    fmt = args.format or format_for(args.output)
    if fmt is None:
        args.parser.error(f"cannot tell the format from {args.output!r}; give --format csv|geojson|parquet|jsonl")
    what = "incidents" if args.incidents else "events"
    try:
        with open_store(args.db) as store:
            result = export(store, fmt, args.output, filters, incidents=args.incidents)
    except (NoDatabase, OSError) as exc:
        print(f"sitrep export: {exc}", file=sys.stderr)
        return 1
    skipped = f" ({result.skipped:,} without coordinates skipped)" if result.skipped else ""
    print(f"sitrep export: {result.written:,} {what} written{skipped} -> {args.output}", file=sys.stderr)
    return 0


def _listing(args: argparse.Namespace) -> int:
    from sitrep.export import NoDatabase, listing, open_store

    filters = event_filter(args)
    try:
        with open_store(args.db) as store:
            print(listing(store, filters, incidents=args.incidents, limit=args.limit))
    except NoDatabase as exc:
        print(f"sitrep {args.command}: {exc}", file=sys.stderr)
        return 1
    return 0


# -- serve --------------------------------------------------------------------------------
def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sitrep.export import NoDatabase, open_store
    from sitrep.web import create_app

    try:
        open_store(args.db).close()  # serving a mistyped path would show an empty dashboard, not an error
    except NoDatabase as exc:
        print(f"sitrep serve: {exc}; create it first with: sitrep ingest --db {args.db} PATH...", file=sys.stderr)
        return 1
    token = os.environ.get("SITREP_TOKEN") or None
    if token is None:
        print("sitrep serve: SITREP_TOKEN is not set: the API is read-only", file=sys.stderr)
    uvicorn.run(create_app(args.db, token=token), host=args.host, port=args.port)
    return 0


# -- gazetteer ----------------------------------------------------------------------------
def _gazetteer_import(args: argparse.Namespace) -> int:
    from sitrep.gazetteer.geonames_import import ImportProblem, import_geonames
    from sitrep.gazetteer.index import build_base_gazetteer, imported_index_path, save_index

    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"sitrep: no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    gazetteer = build_base_gazetteer()
    try:
        counts = import_geonames(paths, gazetteer)
    except (ImportProblem, UnicodeDecodeError) as exc:
        print(f"sitrep: gazetteer import failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    save_index(gazetteer, imported_index_path())
    print(f"sitrep gazetteer import: {counts['places_added']:,} places added, {counts['places_named']:,} "
          f"known places renamed, {counts['names_added']:,} alternate names -> {imported_index_path()}",
          file=sys.stderr)
    return 0


# -- train --------------------------------------------------------------------------------
def _train_geo(args: argparse.Namespace) -> int:
    from sitrep.gazetteer import load_gazetteer
    from sitrep.geo.training import train_geo

    result = train_geo(args.gold, Path(args.output), load_gazetteer(), folds=args.folds)
    print(f"sitrep train geo: {result['ambiguous_mentions']:,} ambiguous mentions; cross-validated accuracy "
          f"{result['cross_validated_accuracy']:.3f} (previous weights {result['accuracy_of_previous_weights']:.3f})"
          f" -> {args.output}", file=sys.stderr)
    return 0


def _train_evloc(args: argparse.Namespace) -> int:
    from functools import partial

    from sitrep.events.location_training import train_evloc
    from sitrep.pipeline import annotate_mentions, build_pipeline

    result = train_evloc(args.gold, Path(args.output), partial(annotate_mentions, build_pipeline()),
                         folds=args.folds)
    print(f"sitrep train evloc: {result['sentences']:,} sentences ({result['reachable']:,} with their place "
          f"recognised); cross-validated accuracy {result['cross_validated_accuracy']:.3f} -> {args.output}",
          file=sys.stderr)
    return 0


def _train_events(args: argparse.Namespace) -> int:
    from sitrep.events.training import train_events

    about = train_events(Path(args.plover) if args.plover else None, Path(args.output), folds=args.folds)
    validation = about["cross_validation"]
    figures = (f"cross-validated accuracy {validation['accuracy']:.3f} (category {validation['category_accuracy']:.3f})"
               if validation else "no cross-validation")
    examples = ", ".join(f"{count:,} {source}" for source, count in about["examples"].items())
    print(f"sitrep train events: {examples} examples, {about['features']:,} features; {figures}"
          f" -> {args.output}", file=sys.stderr)
    return 0


def _train_ner(args: argparse.Namespace) -> int:
    from sitrep.entities.training import MissingTrainingPackage, train_ner

    try:
        record = train_ner(Path(args.data), Path(args.output), epochs=args.epochs,
                           log=lambda line: print(f"sitrep train ner: {line}", file=sys.stderr, flush=True))
    except MissingTrainingPackage as exc:
        print(f"sitrep train ner: {exc}", file=sys.stderr)
        return 1
    counts = record["records"]
    print(f"sitrep train ner: {counts['general']:,} general sentences, {counts['taught']:,} sentences its teacher "
          f"labelled and {counts['in_domain']} re3d documents -> {args.output}", file=sys.stderr)
    return 0


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
