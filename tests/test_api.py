"""The Python API: sitrep.analyze and the streaming sitrep.analyze_many."""

from __future__ import annotations

import itertools
import json

import pytest

import sitrep
from conftest import assert_valid_report
from sitrep import Document, InputProblem, Report


def test_analyze_returns_a_report_that_serialises_to_the_contract():
    report = sitrep.analyze("Russian forces shelled Kharkiv on 3 March 2024, killing four civilians.",
                            id="k1", published="2024-03-05", source="Wire")
    assert isinstance(report, Report)
    data = assert_valid_report(report)
    assert data["schema"] == "sitrep.report/1" and data["id"] == "k1"
    assert json.loads(report.to_json()) == report.to_dict()
    event = data["events"][0]
    assert event["type"] == "shelling_artillery_missile_attack"
    assert event["category"] == "explosions_remote_violence" and event["plover"] == "FIGHT"
    assert event["actor1"] == "actor:russia-forces"
    assert event["time"] == {"start": "2024-03-03", "end": None, "text": "3 March 2024", "precision": "day"}
    assert event["fatalities"] == 4
    place = next(p for p in data["places"] if p["id"] == event["place"])
    assert place["name"] == "Kharkiv" and place["country_code"] == "UA"


def test_unknown_metadata_is_refused():
    with pytest.raises(TypeError, match="unknown metadata: colour"):
        sitrep.analyze("text", colour="red")


def test_analyze_many_streams_lazily():
    consumed = []

    def source():
        for i in itertools.count():
            consumed.append(i)
            yield {"id": f"d{i}", "text": f"Protesters rallied in Nairobi for the {i}th day."}

    stream = sitrep.analyze_many(source())
    first = next(stream)
    assert first.id == "d0" and consumed == [0]
    second = next(stream)
    assert second.id == "d1" and consumed == [0, 1]


def test_analyze_many_yields_problems_in_place():
    items = [Document(text="Gunmen abducted 20 farmers in Zamfara.", id="ok"), "", {"id": "x"},
             InputProblem("feed.jsonl:4", "malformed JSON")]
    results = list(sitrep.analyze_many(items))
    assert isinstance(results[0], Report) and results[0].id == "ok"
    assert results[0].events[0].type == "abduction_forced_disappearance"
    assert [type(r) for r in results[1:]] == [InputProblem] * 3


@pytest.mark.parametrize("text, modality", [
    ("The army will launch an offensive on Idlib next week.", "predicted"),
    ("The group denied that its fighters attacked the convoy near Gao.", "negated"),
    ("If talks fail, rebels could attack Goma.", "hypothetical"),
    ("Fighters reportedly clashed with troops near Palma.", "reported"),
    ("Troops clashed with al-Shabaab fighters near Afgoye on Monday.", "asserted"),
])
def test_modality_cues(text, modality):
    report = sitrep.analyze(text, published="2024-05-10")
    assert report.events and report.events[0].modality == modality


def test_a_document_without_events_still_reports_entities():
    report = sitrep.analyze("The weather in Paris was mild and sunny.")
    data = assert_valid_report(report)
    assert data["events"] == []
    assert [p["country_code"] for p in data["places"]] == ["FR"]
