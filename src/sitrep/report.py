"""The report model every stage shares, and its JSON form (see CONTRACT.md: ``sitrep.report/1``).

Stages fill these dataclasses; ``Report.to_dict()`` is the only place that decides how they look as
JSON, so the CLI, the store and the API all emit the same shape.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any, Literal

SCHEMA_ID = "sitrep.report/1"

EntityLabel = Literal["PERSON", "ORGANIZATION", "LOCATION", "NATIONALITY", "DATE", "WEAPON",
                      "MILITARY_PLATFORM", "VEHICLE", "QUANTITY", "MONEY"]
PlaceFeature = Literal["country", "admin1", "admin2", "city", "region", "water", "terrain",
                       "infrastructure", "other"]
ActorType = Literal["state", "state_forces", "government", "rebel_group", "political_militia",
                    "identity_militia", "protesters", "rioters", "civilians", "international_organization",
                    "media", "person", "other"]
Modality = Literal["asserted", "reported", "predicted", "planned", "hypothetical", "negated"]
Precision = Literal["day", "week", "month", "season", "year", "decade"]
# How closely a place's point locates what the text names (see ``sitrep.geo.resolver.point_precision``).
PointPrecision = Literal["point", "area", "approximate"]


@dataclass
class Span:
    """A stretch of the document text: ``text == document[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: EntityLabel
    ref: str | None = None


@dataclass
class Place:
    id: str
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None
    feature: PlaceFeature
    geonameid: int | None = None
    mentions: list[Span] = field(default_factory=list)
    precision: PointPrecision | None = None  # null when unresolved


@dataclass
class Actor:
    id: str
    name: str
    type: ActorType
    country_code: str | None = None
    affiliation: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class EventTime:
    start: str | None
    end: str | None
    text: str | None
    precision: Precision


@dataclass
class Attribution:
    """Who says so: the source as written, with its span."""

    text: str
    start: int
    end: int


@dataclass
class Evidence:
    """Another passage of the same document that tells of an event: its trigger and sentence."""

    trigger: Span
    sentence: Span


@dataclass
class Event:
    id: str
    type: str
    category: str
    plover: str | None
    trigger: Span
    sentence: Span
    actor1: str | None
    actor2: str | None
    place: str | None
    time: EventTime | None
    modality: Modality
    attribution: Attribution | None
    fatalities: int | None
    confidence: float
    location_precision: Literal["mentioned", "sentence_country", "document_focus"] | None = None
    # Further passages on the same event in this document (the first one is trigger/sentence above).
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Report:
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    text: str | None = None  # only serialised when the caller asks for it (--include-text)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA_ID}
        out.update(asdict(self))
        if not include_text:
            out.pop("text")
        return out

    def to_json(self, include_text: bool = False, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one report, as shipped in the package."""
    text = resources.files("sitrep.data").joinpath("report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def report_from_dict(data: dict[str, Any]) -> Report:
    """The inverse of ``Report.to_dict`` (for reports read back from files, Parquet or the store)."""

    def spans(items: list[dict]) -> list[Span]:
        return [Span(**m) for m in items]

    events = []
    for e in data.get("events", []):
        events.append(Event(
            id=e["id"], type=e["type"], category=e["category"], plover=e.get("plover"),
            trigger=Span(**e["trigger"]), sentence=Span(**e["sentence"]), actor1=e.get("actor1"),
            actor2=e.get("actor2"), place=e.get("place"), time=EventTime(**e["time"]) if e.get("time") else None,
            modality=e["modality"], attribution=Attribution(**e["attribution"]) if e.get("attribution") else None,
            fatalities=e.get("fatalities"), confidence=e["confidence"],
            location_precision=e.get("location_precision"),
            evidence=[Evidence(trigger=Span(**x["trigger"]), sentence=Span(**x["sentence"]))
                      for x in e.get("evidence", [])]))
    return Report(
        id=data["id"], title=data.get("title"), published=data.get("published"), source=data.get("source"),
        url=data.get("url"), text=data.get("text"),
        entities=[Entity(**e) for e in data.get("entities", [])],
        places=[Place(**{**p, "mentions": spans(p["mentions"])}) for p in data.get("places", [])],
        actors=[Actor(**{**a, "mentions": spans(a["mentions"])}) for a in data.get("actors", [])],
        events=events)
