"""The Python API: sitrep.analyze and the streaming sitrep.analyze_many."""

from __future__ import annotations

import itertools
import json

import pytest

import sitrep
from conftest import assert_valid_report
from sitrep import Document, InputProblem, Report, api


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


BATCH_TEXTS = [
    "Militants ambushed a police convoy near Mandera on Tuesday, killing three officers.",
    "The Kenyan government said it would send more troops to the border region.",
    "",
    "Lieutenant Amina Yusuf of the Somali National Army told reporters that al-Shabaab fighters had fled.",
    "Heavy rain flooded several villages in Tana River county overnight.",
    "Protesters marched through Mombasa demanding the release of detained activists.",
    "A roadside bomb struck a bus outside Garissa, wounding eleven passengers.",
    "Officials in Nairobi denied that any airstrikes had taken place.",
    "Residents of Lamu reported gunfire late on Friday.",
    "The African Union mission said its soldiers had recaptured the town of Bulo Burde.",
]


def _dumped(results: list) -> list:
    return [r.to_json() if isinstance(r, Report) else str(r) for r in results]


def test_a_list_is_read_in_batches_with_the_reports_of_one_at_a_time():
    documents = [{"id": f"b{i}", "text": text} for i, text in enumerate(BATCH_TEXTS)]
    assert len(documents) > api.BATCH  # more than one batch
    together = list(sitrep.analyze_many(documents))
    alone = list(sitrep.analyze_many(iter(documents)))
    assert _dumped(together) == _dumped(alone)
    assert isinstance(together[2], InputProblem) and all(isinstance(r, Report) for r in together[:2] + together[3:])


def test_a_document_that_fails_in_a_batch_fails_alone(monkeypatch):
    places = api._pipeline().get_pipe("sitrep_places").resolver
    resolve = places.resolve

    def failing(text, spans):
        if "Mombasa" in text:
            raise RuntimeError("resolver broke")
        return resolve(text, spans)

    monkeypatch.setattr(places, "resolve", failing)
    results = list(sitrep.analyze_many([{"id": f"b{i}", "text": text} for i, text in enumerate(BATCH_TEXTS)]))
    assert isinstance(results[5], InputProblem) and "resolver broke" in str(results[5])
    assert [isinstance(r, Report) for r in results] == [i not in (2, 5) for i in range(len(BATCH_TEXTS))]


def test_documents_are_still_read_one_by_one_when_the_name_model_cannot_read_them_together(monkeypatch):
    model = api._pipeline().get_pipe("sitrep_entities").name_model
    tag_scores = model.tag_scores

    def alone_only(docs):
        if len(docs) > 1:
            raise MemoryError("too many at once")
        return tag_scores(docs)

    documents = [{"id": f"b{i}", "text": text} for i, text in enumerate(BATCH_TEXTS)]
    expected = _dumped(list(sitrep.analyze_many(iter(documents))))
    monkeypatch.setattr(model, "tag_scores", alone_only)
    assert _dumped(list(sitrep.analyze_many(documents))) == expected


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
