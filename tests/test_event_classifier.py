"""The event-type classifier: training on a tiny fixture, the shipped model, and typing in the pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import sitrep
from conftest import ROOT
from sitrep.events.classifier import EventClassifier, features
from sitrep.events.training import fit, plover_examples, written_examples
from sitrep.events.typology import CATEGORY

TINY = {
    "natural_disaster": ["An earthquake destroyed houses in the valley.", "Floods swept away the bridge after rain.",
                         "A cyclone flattened coastal villages.", "Heavy rain caused floods and an earthquake."],
    "arrests": ["Police arrested the opposition leader.", "Soldiers detained twelve suspects in a raid.",
                "The journalist was arrested at the airport.", "Police detained and arrested the activists."],
    "peaceful_protest": ["Thousands marched to demand higher wages.", "Students protested outside the ministry.",
                         "Workers marched and protested in the capital.", "Farmers protested against the new law."],
}


def _tiny_model() -> EventClassifier:
    texts = [(text, event_type) for event_type, examples in TINY.items() for text in examples]
    return fit([features(text, ()) for text, _ in texts], [t for _, t in texts], sorted(TINY))


def test_a_model_trained_on_a_tiny_fixture_types_its_own_examples():
    model = _tiny_model()
    for event_type, examples in TINY.items():
        for text in examples:
            probabilities = model.probabilities(text)
            assert max(probabilities, key=probabilities.get) == event_type, text
            assert sum(probabilities.values()) == pytest.approx(1.0)


def test_a_saved_model_loads_with_the_same_probabilities(tmp_path):
    model = _tiny_model()
    model.save(tmp_path / "model.npz")
    loaded = EventClassifier.load(tmp_path / "model.npz")
    text = "Police arrested protesters after the floods."
    assert loaded.probabilities(text) == pytest.approx(model.probabilities(text), abs=1e-3)  # float16 weights


def test_the_written_examples_cover_every_type():
    counts: dict[str, int] = {}
    for example in written_examples():
        counts[example.type] = counts.get(example.type, 0) + 1
    assert set(counts) == set(CATEGORY)
    assert min(counts.values()) >= 12


def test_plover_records_map_to_contract_types(tmp_path):
    records = [{"event": "PROTEST", "mode": "strike-hun", "text": "Prisoners began a hunger strike."},
               {"event": "AGREE", "text": "The two armies agreed to a ceasefire."},
               {"event": "AGREE", "text": "The two countries agreed to share information."},
               {"event": "DEMAND", "text": "The minister demanded an apology."},
               {"event": "FIGHT", "mode": "heavy-weapons", "text": "Rebels shelled the city."}]
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert [e.type for e in plover_examples(path)] == ["peaceful_protest", "agreement", "diplomatic_event",
                                                        "diplomatic_event"]


def test_the_shipped_model_loads_and_runs_without_torch():
    # torch set to None in sys.modules makes any import of it fail.
    script = ("import sys; sys.modules['torch'] = None; import sitrep; "
              "print(sitrep.analyze('Police fired tear gas to disperse protesters in Nairobi.').events[0].type)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert result.stdout.strip() == "protest_with_intervention"
    about = EventClassifier.load().about
    assert about["examples"]["written"] >= 400 and about["cross_validation"]["accuracy"] > 0.5


@pytest.mark.parametrize("text, event_type", [
    ("Thousands of teachers marched peacefully in Accra to demand better pay.", "peaceful_protest"),
    ("Protesters torched cars and looted shops in the city centre.", "violent_demonstration"),
    ("Gunmen kidnapped 30 students from a school in Kaduna state.", "abduction_forced_disappearance"),
    ("A 7.1-magnitude earthquake struck the region, killing 40 people.", "natural_disaster"),
    ("Police seized weapons and ammunition in a raid on a house in Kirkuk.", "disrupted_weapons_use"),
    ("The army recaptured the town of Bama from Boko Haram fighters.", "government_regains_territory"),
])
def test_the_pipeline_types_clear_sentences(text, event_type):
    report = sitrep.analyze(text)
    assert report.events and report.events[0].type == event_type
    assert report.events[0].category == CATEGORY[event_type]

