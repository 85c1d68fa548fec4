"""The Python API: ``analyze`` one text, ``analyze_many`` a stream of documents, ``events_frame`` the store's
events as a DataFrame."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from sitrep.ingest import Document, InputProblem
from sitrep.pipeline import analyze_document, analyze_documents, build_pipeline
from sitrep.report import Report
from sitrep.streaming import batched

if TYPE_CHECKING:
    import pandas


# Documents analysed together: the name model reads them in one pass (its cost per call is shared; the
# gain levels off beyond this many news articles).
BATCH = 8


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    return build_pipeline()


def analyze(text: str, **meta: Any) -> Report:
    """Analyse one document. ``meta``: id, title, published (YYYY-MM-DD), source, url, toponyms."""
    toponyms = meta.pop("toponyms", None)
    if toponyms is not None:
        meta["toponyms"] = [(t["start"], t["end"]) if isinstance(t, dict) else tuple(t) for t in toponyms]
    unknown = set(meta) - {"id", "title", "published", "source", "url", "toponyms"}
    if unknown:
        raise TypeError(f"analyze() got unknown metadata: {', '.join(sorted(unknown))}")
    return analyze_document(_pipeline(), Document(text=text, **meta))


def analyze_many(documents: Iterable[Document | InputProblem | str | dict]) -> Iterator[Report | InputProblem]:
    """Analyse documents as they arrive (a generator: memory stays flat).

    Items may be ``Document``s, plain strings, or dicts with the JSON Lines keys. Input problems
    (and documents whose analysis fails) are yielded as ``InputProblem`` in their place. Items from
    an iterator are taken one by one, each report coming as soon as its document; a list or tuple,
    all there already, is read ``BATCH`` documents at a time, which the name model reads in one pass.
    """
    nlp = _pipeline()
    batches = batched(documents, BATCH) if isinstance(documents, Sequence) else ([item] for item in documents)
    for batch in batches:
        items = [item if isinstance(item, InputProblem) else _as_document(item) for item in batch]
        results = analyze_documents(nlp, [item for item in items if isinstance(item, Document)])
        for item in items:
            if isinstance(item, InputProblem):
                yield item
                continue
            result = next(results)
            yield result if isinstance(result, Report) else InputProblem(
                item.origin, f"analysis failed: {type(result).__name__}: {result}", item.id)


def _as_document(item: Document | str | dict) -> Document | InputProblem:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(text=item) if item.strip() else InputProblem("<text>", "empty document")
    if isinstance(item, dict):
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            return InputProblem("<dict>", "missing or empty 'text'", item.get("id"))
        toponyms = item.get("toponyms")
        return Document(text=text, id=str(item.get("id") or ""), title=item.get("title"),
                        published=item.get("published"), source=item.get("source"), url=item.get("url"),
                        toponyms=[(t["start"], t["end"]) for t in toponyms] if toponyms is not None else None)
    return InputProblem("<input>", f"cannot analyse a {type(item).__name__}")


def events_frame(db: str = "sitrep.db", incidents: bool = False, **filters: Any) -> pandas.DataFrame:
    """Stored events (or incidents) as a pandas DataFrame, one column per table field.

    ``filters`` are ``sitrep.store.EventFilter`` fields (types, categories, actors, countries,
    modalities, sources, bbox, date_from, date_to); a list field also takes a single string.
    Where geopandas is installed the result is a GeoDataFrame with point geometry in EPSG:4326
    (None for rows without coordinates). Needs the ``analysis`` extra (pandas).
    """
    try:
        import pandas
    except ImportError as exc:
        raise ImportError("events_frame() needs pandas: pip install 'sitrep[analysis]'") from exc
    from dataclasses import fields

    from sitrep.export import iter_rows, open_store, table_columns
    from sitrep.store import EventFilter

    known = {f.name for f in fields(EventFilter)}
    unknown = set(filters) - known
    if unknown:
        raise TypeError(f"events_frame() got unknown filters: {', '.join(sorted(unknown))}; "
                        f"known: {', '.join(sorted(known))}")
    for name in ("types", "categories", "actors", "countries", "modalities", "sources"):
        if isinstance(filters.get(name), str):  # types="armed_clash" means ["armed_clash"], not its letters
            filters[name] = [filters[name]]
    if filters.get("bbox") is not None:
        filters["bbox"] = tuple(float(v) for v in filters["bbox"])
    with open_store(db) as store:
        rows = list(iter_rows(store, EventFilter(**filters), incidents))
    frame = pandas.DataFrame(rows, columns=table_columns(incidents))
    try:
        import geopandas
        from shapely.geometry import Point
    except ImportError:
        return frame
    points = [Point(lon, lat) if pandas.notna(lon) and pandas.notna(lat) else None
              for lon, lat in zip(frame["lon"], frame["lat"], strict=True)]
    return geopandas.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")
