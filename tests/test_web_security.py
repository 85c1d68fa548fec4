"""The HTTP API's defences, against a real uvicorn server: SQL injection, body size, CORS, binding, markup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from sqlalchemy import inspect

from sitrep.cli import main
from sitrep.corpus import ingest
from sitrep.ingest.documents import text_hash
from sitrep.store import Store
from sitrep.web import create_app, running

SAMPLES = Path(__file__).parents[1] / "samples"
TOKEN = "security-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT, IMAGE = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"
HOSTILE = {"id": "hostile-1", "title": f"{SCRIPT} Checkpoint attack {IMAGE}", "published": "2025-01-05",
           "source": "Hostile Wire",
           "text": f"{SCRIPT} Gunmen attacked a police checkpoint in Kirkuk on Saturday, killing three officers, "
                   f"officials said. {IMAGE} The attackers fled toward Hawija."}
PAYLOADS = ["' OR 1=1 --", "x'; DROP TABLE events; --", "1 UNION SELECT id, document_hash FROM events --",
            '" OR ""="', "') OR ('1'='1", "%' OR '%'='", "actor:isis' --", "SY' OR 'a'='a", "1; DELETE FROM events",
            "\\'; SELECT pg_sleep(5); --", "\x00' OR 1=1 --"]
FILTERS = ["type", "category", "actor", "country", "modality", "source", "bbox", "from", "to"]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web-security")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder}/sitrep.db"
    ingest([str(SAMPLES), str(folder / "hostile.jsonl")], url, progress=None)
    return url


@pytest.fixture(scope="module")
def counts(db_url: str) -> dict[str, int]:
    with Store(db_url) as store:
        return store.counts()


@pytest.fixture(scope="module")
def client(db_url: str, counts: dict[str, int]) -> Iterator[httpx.Client]:
    with running(create_app(db_url, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def assert_store_intact(db_url: str, counts: dict[str, int]) -> None:
    with Store(db_url) as store:
        assert store.counts() == counts
        assert {"events", "documents", "incidents", "actors", "places"} <= set(inspect(store.engine).get_table_names())


# -- (a) SQL injection ----------------------------------------------------------------------
def test_injection_through_filters_matches_nothing_or_is_refused(client, db_url, counts):
    for path in ("/api/events", "/api/incidents", "/api/stats"):
        for name in FILTERS:
            for payload in PAYLOADS:
                response = client.get(path, params={name: payload})
                assert response.status_code in (200, 422), (path, name, payload, response.text)
                if response.status_code == 200:  # free-text filters: the payload is a value that matches nothing
                    assert response.json()["total"] == 0, (path, name, payload)
    assert_store_intact(db_url, counts)


def test_injection_through_paging_search_and_format(client, db_url, counts):
    for payload in PAYLOADS:
        for name in ("limit", "offset", "format"):
            assert client.get("/api/events", params={name: payload}).status_code == 422, (name, payload)
        for path in ("/api/actors", "/api/places"):
            response = client.get(path, params={"q": payload})
            assert response.status_code in (200, 422), (path, payload)
            if response.status_code == 200:
                assert response.json()["items"] == [], (path, payload)
            assert client.get(path, params={"limit": payload}).status_code == 422
    assert client.get("/api/events", params={"offset": 10**30}).status_code == 422  # no integer overflow either
    assert_store_intact(db_url, counts)


def test_injection_through_path_ids_is_404(client, db_url, counts):
    some_event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    for payload in PAYLOADS + [f"{some_event['id']}' OR '1'='1", f"{some_event['document_hash']}' --"]:
        for path in ("/api/events/", "/api/incidents/", "/api/documents/"):
            response = client.get(path + quote(payload, safe=""))
            assert response.status_code == 404, (path, payload, response.status_code)
    assert_store_intact(db_url, counts)


# -- (b) body size --------------------------------------------------------------------------
def test_oversized_body_is_413_with_content_length(client, db_url, counts):
    body = json.dumps({"documents": [{"text": "x" * 2_000_000}]}).encode()
    response = client.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert_store_intact(db_url, counts)


def test_oversized_chunked_body_is_413(client, db_url, counts):
    def chunks() -> Iterator[bytes]:
        yield b'{"documents": [{"text": "'
        for _ in range(200):
            yield b"x" * 10_000  # 2 MB in all, with no Content-Length
        yield b'"}]}'

    response = client.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert_store_intact(db_url, counts)


def test_bodies_under_the_limit_pass_and_the_limit_is_configurable(client, db_url):
    under = json.dumps({"text": "y" * 900_000})
    response = client.post("/api/analyze", content=under, headers={"Content-Type": "application/json"})
    assert response.status_code == 401  # reached the app (no token given), not stopped at the door
    with running(create_app(db_url, token=TOKEN, max_body_bytes=100)) as url:
        small = httpx.post(f"{url}/api/analyze", json={"text": "z" * 200}, headers=AUTH)
        assert small.status_code == 413


# -- (c) CORS -------------------------------------------------------------------------------
def test_no_cors(client):
    origin = {"Origin": "https://evil.example"}
    response = client.get("/api/events", headers=origin)
    assert response.status_code == 200
    assert not any(name.lower().startswith("access-control-") for name in response.headers)
    preflight = client.options("/api/documents", headers={**origin, "Access-Control-Request-Method": "POST",
                                                           "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code >= 400
    assert not any(name.lower().startswith("access-control-") for name in preflight.headers)


# -- (d) binding ----------------------------------------------------------------------------
def test_serve_binds_localhost_by_default(capsys, monkeypatch, db_url, tmp_path, client):
    assert str(client.base_url).startswith("http://127.0.0.1:")
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0 and "127.0.0.1" in capsys.readouterr().out
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    assert main(["serve", "--db", db_url]) == 0
    assert calls == [{"host": "127.0.0.1", "port": 8000}]
    assert "read-only" in capsys.readouterr().err


def test_serve_refuses_a_missing_database(capsys, tmp_path):
    missing = tmp_path / "typo.db"
    assert main(["serve", "--db", str(missing)]) == 1
    assert "no database at" in capsys.readouterr().err and not missing.exists()


# -- (e) markup in stored text ----------------------------------------------------------------
def test_markup_comes_back_as_plain_json_strings(client):
    response = client.get(f"/api/documents/{text_hash(HOSTILE['text'])}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    document = response.json()
    assert document["title"] == HOSTILE["title"] and document["text"] == HOSTILE["text"]
    events = client.get("/api/events", params={"source": "Hostile Wire"}).json()["items"]
    assert events
    detail = client.get(f"/api/events/{events[0]['id']}").json()
    assert detail["evidence"][0]["title"] == HOSTILE["title"]


def test_html_pages_carry_the_content_security_policy(client):
    for path in ("/", "/docs"):
        response = client.get(path)
        assert response.headers["content-type"].startswith("text/html")
        policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
        assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
        assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
