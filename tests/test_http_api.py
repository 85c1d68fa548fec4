"""The HTTP API through a real uvicorn server on 127.0.0.1, over a store filled from samples/ once per module."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from sitrep.corpus import ingest
from sitrep.export import ACLED_COLUMNS, table_columns
from sitrep.store import EventFilter, Store, schema
from sitrep.web import create_app, running

SAMPLES = Path(__file__).parents[1] / "samples"
TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVENT_ROW = set(table_columns()) | {"actor1_name", "actor2_name", "place_name", "document_id", "incident_id"}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two identical stores of the samples: one only read, one the write tests change."""
    folder = tmp_path_factory.mktemp("http-api")
    ingest([str(SAMPLES)], f"sqlite:///{folder}/read.db", progress=None)
    shutil.copy(folder / "read.db", folder / "write.db")  # the ingest closed the store: the file is complete
    return {"read": f"sqlite:///{folder}/read.db", "write": f"sqlite:///{folder}/write.db"}


@pytest.fixture(scope="module")
def store(stores: dict[str, str]) -> Iterator[Store]:
    with Store(stores["read"]) as opened:
        yield opened


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("static")
    (folder / "index.html").write_text('<!doctype html><title>sitrep</title><script src="/static/app.js"></script>')
    (folder / "app.js").write_text("console.log('sitrep');\n")
    return folder


@pytest.fixture(scope="module")
def client(stores: dict[str, str], static_dir: Path) -> Iterator[httpx.Client]:
    with running(create_app(stores["read"], token=TOKEN, static_dir=static_dir)) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        yield http


@pytest.fixture(scope="module")
def writer(stores: dict[str, str]) -> Iterator[httpx.Client]:
    with running(create_app(stores["write"], token=TOKEN)) as url, httpx.Client(base_url=url, timeout=120) as http:
        yield http


@pytest.fixture(scope="module")
def read_only(stores: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """No token configured, and no dashboard assets."""
    app = create_app(stores["read"], static_dir=tmp_path_factory.mktemp("empty") / "missing")
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def all_events(client: httpx.Client, **params: object) -> list[dict]:
    return ok(client.get("/api/events", params={**params, "limit": 1000}))["items"]


# -- events ---------------------------------------------------------------------------------
def test_events_envelope_rows_and_names(client, store):
    body = ok(client.get("/api/events"))
    assert body["total"] == store.counts()["events"] > 20
    assert body["limit"] == 100 and body["offset"] == 0 and len(body["items"]) == min(100, body["total"])
    with store.engine.connect() as connection:
        actor_names = dict(connection.execute(select(schema.actors.c.id, schema.actors.c.name)).all())
        place_names = dict(connection.execute(select(schema.places.c.id, schema.places.c.name)).all())
        doc_ids = dict(connection.execute(select(schema.documents.c.hash, schema.documents.c.doc_id)).all())
        in_incident = set(connection.scalars(select(schema.incident_events.c.event_id)))
    for row in body["items"]:
        assert set(row) == EVENT_ROW
        assert row["actor1_name"] == actor_names.get(row["actor1"])
        assert row["actor2_name"] == actor_names.get(row["actor2"])
        assert row["place_name"] == place_names.get(row["place_id"])
        assert row["document_id"] == doc_ids[row["document_hash"]]
        assert (row["incident_id"] is not None) == (row["id"] in in_incident)
    assert [r["id"] for r in body["items"]] == [r["id"] for r in store.events(limit=100)]  # newest first


def test_pagination(client):
    everything = all_events(client)
    first, second = (ok(client.get("/api/events", params={"limit": 7, "offset": o})) for o in (0, 7))
    assert [r["id"] for r in first["items"] + second["items"]] == [r["id"] for r in everything[:14]]
    assert first["total"] == second["total"] == len(everything)
    assert ok(client.get("/api/events", params={"offset": len(everything)}))["items"] == []
    assert ok(client.get("/api/events", params={"limit": 0}))["items"] == []
    for bad in ({"limit": 1001}, {"limit": -1}, {"offset": -1}, {"limit": "ten"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad


def _filters(store: Store) -> list[tuple[dict, EventFilter]]:
    """One narrowing value per filter, taken from the stored events."""
    rows = list(store.events())
    first_located = next(r for r in rows if r["lat"] is not None and r["country_code"])
    lat, lon = first_located["lat"], first_located["lon"]
    dated = sorted(r["time_start"] for r in rows if r["time_start"] and len(r["time_start"]) == 10)
    low, high = dated[len(dated) // 4], dated[len(dated) // 2]
    actor = next(r["actor1"] for r in rows if r["actor1"])
    modality = next(r["modality"] for r in rows if r["modality"] != rows[0]["modality"])
    source = next(r["source"] for r in rows if r["source"])
    return [
        ({"type": rows[0]["type"]}, EventFilter(types=[rows[0]["type"]])),
        ({"category": rows[0]["category"]}, EventFilter(categories=[rows[0]["category"]])),
        ({"country": first_located["country_code"].lower()}, EventFilter(countries=[first_located["country_code"]])),
        ({"bbox": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}"}, EventFilter(bbox=(lon - 1, lat - 1, lon + 1, lat + 1))),
        ({"from": low, "to": high}, EventFilter(date_from=low, date_to=high)),
        ({"actor": actor.removeprefix("actor:")}, EventFilter(actors=[actor])),
        ({"modality": modality}, EventFilter(modalities=[modality])),
        ({"source": source}, EventFilter(sources=[source])),
    ]


def test_each_filter_narrows_to_what_the_store_selects(client, store):
    everything = ok(client.get("/api/events"))["total"]
    for params, expected in _filters(store):
        body = ok(client.get("/api/events", params={**params, "limit": 1000}))
        ids = [r["id"] for r in store.events(expected)]
        assert 0 < body["total"] < everything, params
        assert body["total"] == len(ids) and [r["id"] for r in body["items"]] == ids, params
        stats = ok(client.get("/api/stats", params=params))
        assert stats["total"] == body["total"], params


def test_filter_semantics(client):
    rows = all_events(client, country="SY")
    assert rows and all(r["country_code"] == "SY" for r in rows)
    rows = all_events(client, bbox="35,32,43,38")
    assert rows and all(35 <= r["lon"] <= 43 and 32 <= r["lat"] <= 38 for r in rows)
    rows = all_events(client, **{"from": "2024-03", "to": "2024-03"})
    assert rows and all(r["time_start"].startswith("2024-03") for r in rows)
    types = {r["type"] for r in all_events(client)}
    a, b = sorted(types)[:2]
    both = ok(client.get("/api/events", params=[("type", a), ("type", b)]))["total"]  # repeatable: any of
    assert both == ok(client.get("/api/events", params={"type": a}))["total"] + \
        ok(client.get("/api/events", params={"type": b}))["total"]
    combined = all_events(client, country="SY", modality="asserted")
    assert all(r["country_code"] == "SY" and r["modality"] == "asserted" for r in combined)


@pytest.mark.parametrize(("params", "mentions"), [
    ({"type": "bombing"}, "type"), ({"category": "wars"}, "category"), ({"country": "Syria"}, "country"),
    ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "40,30,35,38"}, "bbox"), ({"from": "2024-13"}, "from"),
    ({"to": "yesterday"}, "to"), ({"modality": "rumoured"}, "modality"),
    ({"from": "2024-05", "to": "2024-01"}, "after"), ({"format": "xml"}, "format"),
])
def test_invalid_values_are_422_with_a_clear_message(client, params, mentions):
    for path in ("/api/events", "/api/incidents", "/api/stats"):
        if "format" in params and path == "/api/stats":
            continue
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, params)
        assert mentions in response.text


def test_geojson(client):
    page = ok(client.get("/api/events", params={"limit": 1000}))
    collection = ok(client.get("/api/events", params={"limit": 1000, "format": "geojson"}))
    assert collection["type"] == "FeatureCollection"
    located = [r for r in page["items"] if r["lat"] is not None]
    assert located and len(collection["features"]) == len(located)
    for feature, row in zip(collection["features"], located, strict=True):
        assert feature["geometry"] == {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        assert feature["properties"] == row


def test_csv_is_acled_layout(client):
    page = ok(client.get("/api/events", params={"country": "SY"}))
    response = client.get("/api/events", params={"country": "SY", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == ACLED_COLUMNS
    assert [r["event_id_cnty"] for r in rows] == [r["id"] for r in page["items"]]
    assert {r["country"] for r in rows} == {"Syria"}


# -- incidents ------------------------------------------------------------------------------
def test_incidents_listing_and_formats(client, store):
    body = ok(client.get("/api/incidents", params={"limit": 1000}))
    assert body["total"] == store.counts()["incidents"] == len(body["items"]) > 0
    for row in body["items"]:
        assert set(row) == set(table_columns(incidents=True)) | {"actor1_name", "actor2_name", "place_name"}
        assert isinstance(row["fatalities_reported"], list) and isinstance(row["dates_reported"], list)
    syria = ok(client.get("/api/incidents", params={"country": "SY"}))
    assert 0 < syria["total"] < body["total"] and all(r["country_code"] == "SY" for r in syria["items"])
    collection = ok(client.get("/api/incidents", params={"format": "geojson", "limit": 1000}))
    assert len(collection["features"]) == sum(1 for r in body["items"] if r["lat"] is not None)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/incidents", params={"format": "csv"}).text)))
    assert [r["event_id_cnty"] for r in rows] == [r["id"] for r in body["items"][:100]]


def test_incident_detail(client):
    merged = next(r for r in all_incidents(client) if r["events"] > 1)
    detail = ok(client.get(f"/api/incidents/{merged['id']}"))
    assert len(detail["events"]) == merged["events"]
    for event in detail["events"]:
        assert set(event) == EVENT_ROW | {"evidence"} and event["incident_id"] == merged["id"]
        assert event["evidence"]
    assert client.get("/api/incidents/incident:0000000000000000").status_code == 404


def all_incidents(client: httpx.Client) -> list[dict]:
    return ok(client.get("/api/incidents", params={"limit": 1000}))["items"]


# -- detail and documents --------------------------------------------------------------------
def test_event_detail_evidence_quotes_the_document(client):
    for row in all_events(client)[:25]:
        detail = ok(client.get(f"/api/events/{row['id']}"))
        assert {k: detail[k] for k in row} == row
        document = ok(client.get(f"/api/documents/{row['document_hash']}"))
        assert detail["evidence"]
        for evidence in detail["evidence"]:
            assert evidence["document_id"] == document["id"] and evidence["title"] == document["title"]
            text = document["text"]
            assert text[evidence["sentence_start"]:evidence["sentence_end"]] == evidence["sentence_text"]
            assert text[evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger_text"]
    assert client.get("/api/events/0000:event:nothing").status_code == 404


def test_document_spans_index_its_text(client, store):
    with store.engine.connect() as connection:
        hashes = list(connection.scalars(select(schema.documents.c.hash)))
    for doc_hash in hashes:
        document = ok(client.get(f"/api/documents/{doc_hash}"))
        assert document["hash"] == doc_hash
        text, report = document["text"], document["report"]
        spans = report["entities"] + [m for p in report["places"] for m in p["mentions"]]
        spans += [m for a in report["actors"] for m in a["mentions"]]
        spans += [e["trigger"] for e in report["events"]] + [e["sentence"] for e in report["events"]]
        assert spans
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"]
    assert client.get("/api/documents/" + "0" * 40).status_code == 404


# -- actors, places, stats, filters ---------------------------------------------------------
def test_actors(client, store):
    items = ok(client.get("/api/actors"))["items"]
    assert items and [a["events"] for a in items] == sorted((a["events"] for a in items), reverse=True)
    for actor in items[:5]:
        assert set(actor) == {"id", "name", "type", "country_code", "affiliation", "events"}
        assert actor["events"] == len(list(store.events(EventFilter(actors=[actor["id"]]))))
    query = items[0]["name"][:4].lower()
    found = ok(client.get("/api/actors", params={"q": query}))["items"]
    assert found and all(query in a["name"].lower() or query in a["id"] for a in found)
    assert len(ok(client.get("/api/actors", params={"limit": 2}))["items"]) == 2


def test_places(client):
    items = ok(client.get("/api/places"))["items"]
    assert items and [p["events"] for p in items] == sorted((p["events"] for p in items), reverse=True)
    top = items[0]
    assert set(top) == {"id", "name", "lat", "lon", "country_code", "admin1", "feature", "events"}
    assert top["events"] == sum(1 for r in all_events(client) if r["place_id"] == top["id"])
    found = ok(client.get("/api/places", params={"q": top["name"].upper()}))["items"]
    assert top["id"] in {p["id"] for p in found} and all(top["name"].lower() in p["name"].lower() for p in found)


def test_stats_add_up(client, store):
    stats = ok(client.get("/api/stats"))
    total = store.counts()["events"]
    assert stats["total"] == total
    assert sum(i["count"] for i in stats["by_type"]) == sum(i["count"] for i in stats["by_category"]) == total
    rows = all_events(client)
    assert sum(i["count"] for i in stats["by_month"]) == sum(1 for r in rows if len(r["time_start"] or "") >= 7)
    assert sum(i["count"] for i in stats["by_country"]) == sum(1 for r in rows if r["country_code"])
    months = [i["key"] for i in stats["by_month"]]
    assert months == sorted(months) and all(len(m) == 7 for m in months)
    pairs = stats["by_actor_pair"]
    assert 0 < len(pairs) <= 50
    assert set(pairs[0]) == {"actor1", "actor2", "actor1_name", "actor2_name", "count"}
    assert pairs[0]["count"] == sum(1 for r in rows if (r["actor1"], r["actor2"]) == (pairs[0]["actor1"],
                                                                                        pairs[0]["actor2"]))


def test_filters_list_the_stored_values(client, store):
    values = ok(client.get("/api/filters"))
    rows = list(store.events())
    assert values["types"] == sorted({r["type"] for r in rows})
    assert values["categories"] == sorted({r["category"] for r in rows})
    assert values["countries"] == sorted({r["country_code"] for r in rows if r["country_code"]})
    assert values["modalities"] == sorted({r["modality"] for r in rows})
    assert values["sources"] == sorted({r["source"] for r in rows if r["source"]})
    assert values["actors"] and set(values["actors"][0]) == {"id", "name"}


# -- pages ----------------------------------------------------------------------------------
def test_dashboard_static_and_offline_docs(client, read_only):
    index = client.get("/")
    assert index.status_code == 200 and "/static/app.js" in index.text
    assert "script-src 'self'" in index.headers["content-security-policy"]
    asset = client.get("/static/app.js")
    assert asset.status_code == 200 and "sitrep" in asset.text
    assert client.get("/static/missing.js").status_code == 404
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text and "/openapi.json" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text  # nothing fetched from the internet
    assert client.get("/redoc").status_code == 404
    schema_paths = ok(client.get("/openapi.json"))["paths"]
    assert {"/api/events", "/api/stats", "/api/documents"} <= set(schema_paths)
    fallback = read_only.get("/")
    assert fallback.status_code == 200 and "not built" in fallback.text and "make install" in fallback.text
    assert read_only.get("/static/app.js").status_code == 404


def test_concurrent_requests(client):
    expected = ok(client.get("/api/events", params={"country": "SY"}))["total"]

    def one(number: int) -> int:
        response = client.get("/api/events", params={"country": "SY", "offset": number % 3})
        assert response.status_code == 200
        return response.json()["total"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(one, range(96))) == {expected}


# -- writes ---------------------------------------------------------------------------------
ARTICLE = {"id": "api-test-1", "title": "Clash near Kirkuk", "published": "2025-02-03", "source": "API Test Wire",
           "url": "https://example.org/kirkuk",
           "text": "Islamic State fighters attacked an Iraqi army checkpoint near Kirkuk on Sunday, "
                   "killing four soldiers, security officials said."}


def test_analyze_returns_the_report(writer):
    body = {k: ARTICLE[k] for k in ("text", "id", "title", "published")}
    report = ok(writer.post("/api/analyze", json=body, headers=AUTH))
    assert report["id"] == "api-test-1" and report["text"] == ARTICLE["text"] and report["events"]
    assert ok(writer.get("/api/events", params={"source": "API Test Wire"}))["total"] == 0  # nothing stored
    assert writer.post("/api/analyze", json={"text": "  "}, headers=AUTH).status_code == 422
    assert writer.post("/api/analyze", json={"text": "x", "published": "3 Feb"}, headers=AUTH).status_code == 422
    assert writer.post("/api/analyze", json={"text": "x", "colour": "red"}, headers=AUTH).status_code == 422


def test_stored_document_becomes_visible(writer):
    before = ok(writer.get("/api/events"))["total"]
    result = ok(writer.post("/api/documents", json={"documents": [ARTICLE]}, headers=AUTH))
    assert result == {"stored": 1, "already_stored": 0, "problems": []}
    mine = ok(writer.get("/api/events", params={"source": "API Test Wire"}))
    assert mine["total"] > 0 and ok(writer.get("/api/events"))["total"] == before + mine["total"]
    event = mine["items"][0]
    assert event["document_id"] == "api-test-1" and event["incident_id"] is not None  # incidents re-merged
    document = ok(writer.get(f"/api/documents/{event['document_hash']}"))
    assert document["text"] == ARTICLE["text"] and document["url"] == ARTICLE["url"]
    again = ok(writer.post("/api/documents", json={"documents": [ARTICLE, ARTICLE]}, headers=AUTH))
    assert again == {"stored": 0, "already_stored": 2, "problems": []}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer"},
                                     {"Authorization": f"Bearer {TOKEN}x"}])
def test_writes_need_the_token(writer, headers):
    for path, body in (("/api/analyze", {"text": ARTICLE["text"]}), ("/api/documents", {"documents": [ARTICLE]})):
        response = writer.post(path, json=body, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["www-authenticate"] == "Bearer"


def test_writes_are_off_without_a_configured_token(read_only, store):
    before = store.counts()
    for path, body in (("/api/analyze", {"text": ARTICLE["text"]}), ("/api/documents", {"documents": [ARTICLE]})):
        for headers in ({}, AUTH):
            response = read_only.post(path, json=body, headers=headers)
            assert response.status_code == 403 and "writes are disabled: set SITREP_TOKEN" in response.text
    assert ok(read_only.get("/api/events"))["total"] == before["events"]
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(schema.documents)).scalar() == before["documents"]


# -- PostgreSQL -----------------------------------------------------------------------------
def _unordered(value: object) -> object:
    """Lists as sorted JSON, so that the two databases' orders of equal keys (and collations) do not matter."""
    if isinstance(value, list):
        return sorted(json.dumps(_unordered(v), sort_keys=True) for v in value)
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    return value


def test_postgresql_gives_the_same_answers(client, postgres_url):
    ingest([str(SAMPLES)], postgres_url, progress=None)
    event = all_events(client, country="SY")[0]
    incident = all_incidents(client)[0]
    requests = [("/api/events", {"limit": 1000}), ("/api/events", {"country": "SY", "format": "geojson"}),
                ("/api/events", {"bbox": "35,32,43,38", "modality": "asserted"}),
                ("/api/events", {"from": "2024-01", "to": "2024-06", "actor": "isis"}),
                ("/api/incidents", {"limit": 1000}), ("/api/incidents", {"source": event["source"]}),
                ("/api/stats", {}), ("/api/stats", {"type": event["type"]}), ("/api/actors", {"q": "state"}),
                ("/api/places", {"limit": 1000}), ("/api/filters", {}), (f"/api/events/{event['id']}", {}),
                (f"/api/incidents/{incident['id']}", {}), (f"/api/documents/{event['document_hash']}", {})]
    with running(create_app(postgres_url)) as url, httpx.Client(base_url=url, timeout=60) as postgres:
        for path, params in requests:
            expected = _unordered(ok(client.get(path, params=params)))
            assert _unordered(ok(postgres.get(path, params=params))) == expected, (path, params)
        params = {"country": "SY", "format": "csv"}
        csv_rows = sorted(postgres.get("/api/events", params=params).text.splitlines())
        assert csv_rows == sorted(client.get("/api/events", params=params).text.splitlines())
