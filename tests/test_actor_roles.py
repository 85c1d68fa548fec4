"""Persons get the role and organisation the text gives them, linked to the organisation's actor."""

from __future__ import annotations

import pytest

import sitrep
from conftest import assert_valid_report


@pytest.mark.parametrize(("text", "person", "affiliation"), [
    ("ISIS leader Abu Bakr al-Baghdadi was killed in a raid in Idlib.", "Abu Bakr al-Baghdadi",
     "leader of Islamic State"),
    ("Hezbollah spokesman Mohammad Afif said the group fired rockets at Israel.", "Mohammad Afif",
     "spokesman of Hezbollah"),
    ("The Wagner Group, founded by Yevgeny Prigozhin, deployed fighters to Mali.", "Yevgeny Prigozhin",
     "founder of Wagner Group / Africa Corps"),
])
def test_role_and_organisation(text, person, affiliation):
    report = assert_valid_report(sitrep.analyze(text, id="t"))
    actor = next(a for a in report["actors"] if a["name"] == person)
    assert actor["type"] == "person" and actor["affiliation"] == affiliation


def test_a_person_without_a_stated_role_has_none():
    report = assert_valid_report(sitrep.analyze("Abu Bakr al-Baghdadi was seen in Raqqa.", id="t"))
    actor = next(a for a in report["actors"] if a["type"] == "person")
    assert actor["affiliation"] is None


def test_a_word_for_unnamed_actors_used_as_an_adjective_is_no_actor():
    report = sitrep.analyze("The UN sent 40 military and civilian personnel to Haiti.")
    assert not any(a.name.startswith("Civilians") for a in report.actors)
    report = sitrep.analyze("A civilian was killed in Gao.")
    assert any(a.name.startswith("Civilians") for a in report.actors)


def test_a_people_s_riots_are_done_by_its_rioters():
    report = sitrep.analyze("Kenyan riots against the new tax law spread to Mombasa on Tuesday.")
    riots = next(e for e in report.events if e.trigger.text == "riots")
    assert next(a.name for a in report.actors if a.id == riots.actor1) == "Rioters (Kenya)"
