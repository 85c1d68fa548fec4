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


def test_further_event_verbs_of_a_sentence_with_an_event_have_their_own_events():
    report = sitrep.analyze("At least 28 people died when their vehicle hit a landmine in the town of Bur Hakaba.")
    assert {"died", "hit"} <= {e.trigger.text for e in report.events}
    assert place_name(report, event_at(report, "died").place) == "Bur Hakaba"


def test_no_further_verb_makes_an_event_of_a_sentence_without_one():
    assert not sitrep.analyze("The old man died in his sleep in Nairobi.").events


def test_a_present_tense_after_its_subject_or_before_its_object_is_a_verb():
    report = sitrep.analyze("Air force jets regularly patrol the coast, while militants detonate bombs in Mosul.")
    assert {"patrol", "detonate"} <= {e.trigger.text for e in report.events}
    report = sitrep.analyze("Cho Seung-Hui fatally shoots 32 people at Virginia Tech in Blacksburg.")
    assert [e.trigger.text for e in report.events] == ["shoots"]


def test_a_light_verb_with_the_event_as_object_heads_the_predicate():
    report = sitrep.analyze("Russian jets also launched intense airstrikes on the towns of southern rural Aleppo.")
    assert [e.trigger.text for e in report.events] == ["launched intense airstrikes"]
    report = sitrep.analyze("ISIS began the assault by launching two car bombs at the army's defenses near Palmyra.")
    assert "began the assault" in {e.trigger.text for e in report.events}


def test_an_aspect_verb_and_a_gerund_are_one_predicate():
    report = sitrep.analyze("Rebel factions began attacking government positions in Quneitra province.")
    assert [e.trigger.text for e in report.events] == ["began attacking"]


def test_a_capital_named_as_where_is_a_candidate_though_taken_for_a_government_elsewhere():
    report = sitrep.analyze("The demonstrators marched through La Paz chanting slogans.")
    assert place_name(report, event_at(report, "marched").place) == "La Paz"


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
    report = sitrep.analyze("Fighting raged in Iraq and Syria on Monday. Rebels from Ain Issa and Tal Abyad clashed "
                            "with the army on Tuesday.")
    event = event_at(report, "clashed")
    assert place_name(report, event.place) == "Syria"
    assert event.location_precision == "sentence_country"


def test_a_town_that_falls_or_is_taken_is_where_it_happened():
    report = sitrep.analyze("Mosul fell to Islamic State fighters in June 2014.")
    assert place_name(report, event_at(report, "fell to").place) == "Mosul"
    report = sitrep.analyze("Islamic State fighters from Raqqa overran the town on Sunday.")
    assert place_name(report, report.events[0].place) != "Raqqa"  # where they came from


def test_of_two_places_named_as_one_location_the_finer_is_where():
    report = sitrep.analyze("Israeli troops shot dead a teenager in the West Bank town of Nablus on Tuesday.")
    assert place_name(report, event_at(report, "shot dead").place) == "Nablus"
    report = sitrep.analyze("Protesters marched through Lyon in eastern France on Saturday.")
    assert place_name(report, event_at(report, "marched").place) == "Lyon"
