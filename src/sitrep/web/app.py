"""The HTTP API and the dashboard over one store; ``/docs`` lists the endpoints.

Safe by construction: every query is SQLAlchemy Core with bound parameters; filter values are
checked by the CLI's own option parsers before they reach a query (422 otherwise); request bodies
are capped (413); writes need the configured bearer token and are off without one; there is no
CORS middleware, so browsers keep other sites' pages from reading the API; every response carries
nosniff and a Content-Security-Policy that allows nothing from outside this server.
"""

from __future__ import annotations

import csv
import hmac
import html
import io
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sitrep import analyze
from sitrep.corpus import merge_incidents
from sitrep.corpus.batch import analyse_batch
from sitrep.export.acled import COLUMNS, acled_rows
from sitrep.filters import parse_bbox, parse_category, parse_country, parse_date, parse_event_type, parse_modality
from sitrep.ingest import Document
from sitrep.ingest.documents import text_hash
from sitrep.store import EventFilter, Store
from sitrep.web import queries
from sitrep.web.security import BodyLimit, SecurityHeaders

STATIC_DIR = Path(__file__).parent / "static"
MAX_LIMIT = 1000
MAX_OFFSET = 2**53  # beyond any real offset, and far inside what every database's integer takes

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep</title></head>
<body><h1>sitrep</h1>
<p>The dashboard assets are not built. Run <code>make install</code>, then restart <code>sitrep serve</code>.</p>
<p>The API works without them: see <a href="/docs">/docs</a>.</p></body></html>
"""

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"rows per page, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Format = Annotated[Literal["json", "geojson", "csv"], Query(description="json, geojson or csv (ACLED's columns)")]
# No NUL: PostgreSQL text cannot hold one, so it is refused here rather than failing in the database.
Search = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$", description="part of the name, any case")]


def _no_nul(name: str, values: list[str]) -> list[str]:
    """Free-text filter values, refused when they hold a NUL (see ``Search``)."""
    if any("\x00" in value for value in values):
        raise HTTPException(422, f"{name}: NUL characters are not allowed")
    return values


def _parsed(name: str, parse: Callable[[str], Any], values: list[str]) -> list[Any]:
    """Values checked by the filter parsers the command line uses too, so both accept the same things."""
    try:
        return [parse(value) for value in values]
    except ValueError as exc:
        raise HTTPException(422, f"{name}: {exc}") from None


def event_filter(
    type: Annotated[list[str], Query(default_factory=list, description="event type, e.g. armed_clash")],
    category: Annotated[list[str], Query(default_factory=list, description="ACLED event type, e.g. battles")],
    actor: Annotated[list[str], Query(default_factory=list, description='actor id, "isis" or "actor:isis"')],
    country: Annotated[list[str], Query(default_factory=list, description="ISO 3166 alpha-2 code, e.g. SY")],
    modality: Annotated[list[str], Query(default_factory=list, description="asserted, reported, predicted, ...")],
    source: Annotated[list[str], Query(default_factory=list, description="the documents' source, as stored")],
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="from YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="to YYYY[-MM[-DD]], inclusive")] = None,
) -> EventFilter:
    """The query parameters every listing and statistic takes, as an ``EventFilter``."""
    filters = EventFilter(
        types=_parsed("type", parse_event_type, type), categories=_parsed("category", parse_category, category),
        actors=_no_nul("actor", actor), countries=_parsed("country", parse_country, country),
        modalities=_parsed("modality", parse_modality, modality), sources=_no_nul("source", source),
        bbox=_parsed("bbox", parse_bbox, [bbox])[0] if bbox is not None else None,
        date_from=_parsed("from", parse_date, [date_from])[0] if date_from is not None else None,
        date_to=_parsed("to", parse_date, [date_to])[0] if date_to is not None else None)
    if filters.date_from and filters.date_to and filters.date_from[:len(filters.date_to)] > filters.date_to:
        raise HTTPException(422, f"from {filters.date_from} is after to {filters.date_to}")
    return filters


Filters = Annotated[EventFilter, Depends(event_filter)]


class DocumentIn(BaseModel):
    """One document to analyse; the fields of a JSON Lines input record."""

    model_config = ConfigDict(extra="forbid")

    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    source: str | None = None
    url: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) == 10:  # fromisoformat also takes 20240203
                return value
        raise ValueError("published must be a date YYYY-MM-DD")

    def meta(self) -> dict[str, str]:
        """The metadata ``sitrep.analyze`` takes, without the unset fields."""
        return {k: v for k, v in self.model_dump(exclude={"text"}).items() if v is not None}


class DocumentsIn(BaseModel):
    """Documents to analyse and store."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn]


def _listing(store: Store, rows: list[dict[str, Any]], total: int, limit: int, offset: int, fmt: str,
             incidents: bool) -> Response:
    """One page of event or incident rows as the JSON envelope, GeoJSON or ACLED-layout CSV."""
    if fmt == "geojson":
        features = [{"type": "Feature", "id": row["id"],
                     "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]}, "properties": row}
                    for row in rows if row["lat"] is not None and row["lon"] is not None]
        return JSONResponse({"type": "FeatureCollection", "total": total, "limit": limit, "offset": offset,
                             "features": features}, media_type="application/geo+json")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(acled_rows(store, rows, incidents))
        name = "incidents" if incidents else "events"
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "items": rows})


def _docs_page(schema: dict[str, Any]) -> str:
    """A self-contained page listing the endpoints (FastAPI's own /docs loads Swagger UI from a CDN)."""
    parts = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitrep API</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}code{background:#eee}"
             "li{margin:.2em 0}</style></head><body>",
             f"<h1>{html.escape(schema['info']['title'])} API</h1>",
             '<p>The OpenAPI schema: <a href="/openapi.json">/openapi.json</a>. Writes need '
             "<code>Authorization: Bearer &lt;SITREP_TOKEN&gt;</code>.</p>"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parts.append(f"<h2><code>{html.escape(method.upper())} {html.escape(path)}</code></h2>")
            if operation.get("description") or operation.get("summary"):
                parts.append(f"<p>{html.escape(operation.get('description') or operation['summary'])}</p>")
            params = [f"<li><code>{html.escape(p['name'])}</code> ({html.escape(p['in'])}) "
                      f"{html.escape(p.get('description', ''))}</li>" for p in operation.get("parameters", [])]
            if params:
                parts.append("<ul>" + "".join(params) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def create_app(db_url: str, token: str | None = None, max_body_bytes: int = 1_000_000,
               static_dir: Path | None = None) -> FastAPI:
    """The app over the store at ``db_url``; writes need ``token`` and are off without one."""
    store = Store(db_url)  # one engine, hence one connection pool, for every request
    static_dir = STATIC_DIR if static_dir is None else static_dir
    # The analysis pipeline is shared by all requests and not made for concurrent use; writes
    # recompute every incident, so running them one at a time loses nothing either.
    write_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="sitrep", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)  # added last, so it is outside: 413 answers get the headers too

    def writer(authorization: Annotated[str | None, Header(description="Bearer <SITREP_TOKEN>")] = None) -> None:
        if token is None:
            raise HTTPException(403, "writes are disabled: set SITREP_TOKEN")
        scheme, _, given = (authorization or "").partition(" ")
        # Constant-time comparison: the answer's timing says nothing about how much of a guess was right.
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is needed",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.get("/api/events")
    def list_events(filters: Filters, limit: Limit = 100, offset: Offset = 0, format: Format = "json") -> Response:
        """Events matching the filters, newest first, one page at a time."""
        with store.engine.connect() as connection:
            total, rows = queries.event_page(connection, filters, limit, offset)
        return _listing(store, rows, total, limit, offset, format, incidents=False)

    @app.get("/api/events/{event_id:path}")
    def get_event(event_id: str) -> Response:
        """One event with its evidence: the trigger and sentence in each source document."""
        with store.engine.connect() as connection:
            row = None if "\x00" in event_id else queries.event_detail(connection, event_id)
        if row is None:
            raise HTTPException(404, "no such event")
        return JSONResponse(row)

    @app.get("/api/incidents")
    def list_incidents(filters: Filters, limit: Limit = 100, offset: Offset = 0,
                       format: Format = "json") -> Response:
        """Incidents (events merged across documents) matching the filters, newest first."""
        with store.engine.connect() as connection:
            total, rows = queries.incident_page(connection, filters, limit, offset)
        return _listing(store, rows, total, limit, offset, format, incidents=True)

    @app.get("/api/incidents/{incident_id:path}")
    def get_incident(incident_id: str) -> Response:
        """One incident with its events and their evidence."""
        with store.engine.connect() as connection:
            row = None if "\x00" in incident_id else queries.incident_detail(connection, incident_id)
        if row is None:
            raise HTTPException(404, "no such incident")
        return JSONResponse(row)

    @app.get("/api/actors")
    def list_actors(q: Search = None, limit: Limit = 100) -> Response:
        """Actors, most events first (events: where the actor is on either side)."""
        with store.engine.connect() as connection:
            items = queries.actors(connection, q, limit)
        return JSONResponse({"items": items})

    @app.get("/api/places")
    def list_places(q: Search = None, limit: Limit = 100) -> Response:
        """Places, most events first."""
        with store.engine.connect() as connection:
            items = queries.places(connection, q, limit)
        return JSONResponse({"items": items})

    @app.get("/api/documents/{doc_hash}")
    def get_document(doc_hash: str) -> Response:
        """A stored document, its text and its report; the report's offsets index the text."""
        with store.engine.connect() as connection:
            row = None if "\x00" in doc_hash else queries.document(connection, doc_hash)
        if row is None:
            raise HTTPException(404, "no such document")
        return JSONResponse(row)

    @app.get("/api/stats")
    def get_stats(filters: Filters) -> Response:
        """Counts of the matching events by type, category, month, country and actor pair."""
        with store.engine.connect() as connection:
            return JSONResponse(queries.stats(connection, filters))

    @app.get("/api/filters")
    def get_filters() -> Response:
        """The values each filter can take in this store."""
        with store.engine.connect() as connection:
            return JSONResponse(queries.filter_values(connection))

    @app.post("/api/analyze", dependencies=[Depends(writer)])
    def analyze_text(document: DocumentIn) -> Response:
        """Analyse one text and return its report (with the text); nothing is stored."""
        with write_lock:
            report = analyze(document.text, **document.meta())
        return JSONResponse(report.to_dict(include_text=True))

    @app.post("/api/documents", dependencies=[Depends(writer)])
    def add_documents(body: DocumentsIn) -> Response:
        """Analyse and store documents (those already stored are skipped), then re-merge incidents."""
        documents = [Document(text=d.text, origin=f"documents[{i}]", **d.meta()) for i, d in enumerate(body.documents)]
        with write_lock:
            known = store.known_hashes(text_hash(d.text) for d in documents)
            fresh = [d for d in documents if text_hash(d.text) not in known]
            reports, problems = analyse_batch(fresh) if fresh else ([], [])
            stored = store.add(reports)
            if stored:
                merge_incidents(store)
        return JSONResponse({"stored": stored, "already_stored": len(documents) - len(problems) - stored,
                             "problems": [str(p) for p in problems]})

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = static_dir / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html; charset=utf-8")
        return HTMLResponse(NOT_BUILT)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_docs_page(app.openapi()))

    if static_dir.is_dir():
        app.mount("/static", StaticFiles(directory=static_dir), name="static")
    return app
