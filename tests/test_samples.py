"""The bundled sample corpus: every report analyses, validates, and yields the event kinds it was written for."""

from __future__ import annotations

from collections import Counter

import pytest

import sitrep
from conftest import SAMPLES, assert_valid_report
from sitrep.ingest import Document, read_inputs


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    items = list(read_inputs([str(SAMPLES)]))
    assert all(isinstance(i, Document) for i in items), [str(i) for i in items if not isinstance(i, Document)]
    return [assert_valid_report(r) for r in sitrep.analyze_many(items)]


def test_all_twenty_samples_analyse(reports):
    assert len(reports) == 20
    assert all(r["events"] for r in reports)
    assert all(r["places"] for r in reports)


def test_samples_cover_the_main_event_categories(reports):
    categories = Counter(e["category"] for r in reports for e in r["events"])
    for category in ("battles", "explosions_remote_violence", "violence_against_civilians", "protests",
                     "riots", "strategic_developments"):
        assert categories[category] > 0, categories


def test_transliterated_spellings_resolve_to_one_place(reports):
    # "east of Deir ez-Zor" is the city; "Dayr az Zawr province" is the governorate named after it.
    by_doc = {r["id"]: r for r in reports}
    places = by_doc["sample-01"]["places"]
    city = next(p for p in places if any(m["text"] == "Deir ez-Zor" for m in p["mentions"]))
    province = next(p for p in places if any(m["text"] == "Dayr az Zawr" for m in p["mentions"]))
    assert city["country_code"] == province["country_code"] == "SY"
    assert abs(province["lat"] - city["lat"]) < 1 and abs(province["lon"] - city["lon"]) < 1.5
