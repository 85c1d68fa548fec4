"""Where events happened, through the public API, and `sitrep train evloc` on a gold file written for it."""

from __future__ import annotations

import json
from pathlib import Path

import sitrep
from sitrep.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "evloc_train.jsonl"


def event_at(report: sitrep.Report, trigger: str) -> sitrep.Event:
    return next(e for e in report.events if e.trigger.text == trigger)


def place_name(report: sitrep.Report, place_id: str | None) -> str | None:
    return next((p.mentions[0].text for p in report.places if p.id == place_id), None)


def test_the_place_of_the_event_not_the_origin_of_its_actors():
    report = sitrep.analyze("ISIS fighters from Raqqa attacked a checkpoint near Manbij.")
    event = event_at(report, "attacked")
    assert place_name(report, event.place) == "Manbij"
    assert event.location_precision == "mentioned"


def test_without_a_place_in_the_sentence_the_document_focus_coarser_and_said():
    report = sitrep.analyze("Fighting raged in Kandahar on Monday. Gunmen later killed two policemen.")
    event = event_at(report, "killed")
    assert place_name(report, event.place) == "Kandahar"
    assert event.location_precision == "document_focus"


def test_a_place_named_only_as_where_someone_speaks_is_not_where_it_happened():
    report = sitrep.analyze("Gunmen killed two traders, officials in Bamako said.")
    assert place_name(report, event_at(report, "killed").place) is None


def test_every_event_verb_of_a_sentence_has_its_event_and_the_sentence_event_leads():
    report = sitrep.analyze("Palestinian gunmen shot and killed two Israeli guards near Hebron.")
    triggers = {e.trigger.text for e in report.events}
    assert {"shot", "killed"} <= triggers
    leading = max(report.events, key=lambda e: e.confidence)
    assert all(e.confidence < leading.confidence for e in report.events if e is not leading)
    assert all(place_name(report, e.place) == "Hebron" for e in report.events)


def test_a_noun_trigger_takes_its_light_verb():
    report = sitrep.analyze("The suicide attack occurred in Lashkar Gah on Monday.")
    assert [e.trigger.text for e in report.events] == ["suicide attack occurred"]


def test_train_evloc_writes_weights_and_a_cross_validated_accuracy(tmp_path, capsys):
    output = tmp_path / "event_location.json"
    assert main(["train", "evloc", str(FIXTURE), "--output", str(output), "--folds", "2"]) == 0
    model = json.loads(output.read_text(encoding="utf-8"))
    assert model["trained_on"] == ["evloc_train.jsonl"] and model["sentences"] == 12
    assert {"none", "prep_near", "prep_from"} <= set(model["weights"])
    assert model["weights"]["prep_near"] > model["weights"]["prep_from"]
    assert 0.0 <= model["cross_validated_accuracy"] <= 1.0
    assert "cross-validated accuracy" in capsys.readouterr().err


def test_a_participle_clause_shares_the_place_of_its_sentence():
    report = sitrep.analyze("A car bomb exploded near a checkpoint in Mogadishu on Monday, killing five people.")
    assert place_name(report, event_at(report, "killing").place) == "Mogadishu"


def test_between_two_places_the_country_they_lie_in_coarser_and_said():
    report = sitrep.analyze("Fighting raged in Iraq and Syria on Monday. Another rebel column is on the march "
                            "from Ain Issa to Raqqa.")
    event = event_at(report, "on the march")
    assert place_name(report, event.place) == "Syria"
    assert event.location_precision == "sentence_country"
