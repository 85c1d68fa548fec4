"""Every place of the DEBKA Weekly example report resolves to the right place (the other half of
tests/test_example.py, which checks the towns' and countries' coordinates)."""

from __future__ import annotations

import math

import pytest

import sitrep
from conftest import shared_file

# name in the text -> (feature, country, a true point of the place)
EXPECTED = {
    "Ain Issa": ("city", "SY", (36.39, 38.86)),
    "Deir a-Zor": (None, "SY", (35.33, 40.14)),  # the region (governorate) or its city: the text says "region"
    "Anbar": ("admin1", "IQ", (33.0, 42.0)),  # "the western Iraqi Anbar province"
    "Euphrates": ("water", None, (35.9, 39.0)),
    "Raqqa": ("city", "SY", (35.95, 39.01)),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def places() -> list[dict]:
    text = shared_file("examples/isis_getaway_bunkers_2016.txt").read_text(encoding="utf-8")
    return sitrep.analyze(text, id="debka", published="2016-06-10").to_dict()["places"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_place_resolves_right(places, name):
    feature, country, point = EXPECTED[name]
    place = next(p for p in places if any(name in m["text"] for m in p["mentions"]))
    assert place["country_code"] == country
    assert feature is None or place["feature"] == feature
    assert km((place["lat"], place["lon"]), point) <= 60


def test_no_place_mention_is_left_unresolved(places):
    assert [p["name"] for p in places if p["lat"] is None] == []
