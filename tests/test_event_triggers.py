"""The trigger lexicon's families of wording, through the public API: each form of an event verb or
noun yields an event whose trigger covers it, and words as common outside conflict reporting yield none."""

from __future__ import annotations

import pytest

import sitrep
from sitrep.events.typology import CATEGORY


def _events(text: str) -> list[sitrep.Event]:
    return sitrep.analyze(text).events


def _covering(text: str, word: str) -> list[sitrep.Event]:
    """The events whose trigger covers the first occurrence of ``word``."""
    start = text.index(word)
    return [e for e in _events(text) if e.trigger.start <= start < e.trigger.end]


@pytest.mark.parametrize("text, word, category", [
    # Base forms and nouns of the violent verbs, beside their participles.
    ("Insurgents threatened that they would kill any teacher who reopened a school in Tillaberi.", "kill",
     "battles"),
    ("Masked men entered a nightclub in Culiacan and began shooting at the guests.", "shooting", "battles"),
    ("Two gunmen on a motorbike tried to assassinate the deputy mayor of Kismayo.", "assassinate",
     "violence_against_civilians"),
    # Blowing up, in its forms; an explosion of unstated kind.
    ("Saboteurs blew up an oil pipeline near Kirkuk before dawn.", "blew up", "explosions_remote_violence"),
    ("Militants have blown up a bridge on the road to Mopti.", "blown up", "explosions_remote_violence"),
    # Disasters.
    ("A strong quake shook Sulawesi overnight, flattening dozens of houses.", "quake", "non_acled"),
    ("Two minibuses collided on the road out of Mwanza, killing nine passengers.", "collided", "non_acled"),
    # Strikes, walkouts, die-ins and roads blocked by a crowd.
    ("Bus drivers in Harare went on strike over unpaid allowances.", "on strike", "protests"),
    ("Nurses at the referral hospital in Eldoret staged a walkout over pay.", "walkout", "protests"),
    ("Students held a die-in on the steps of the city hall in Santiago.", "die-in", "protests"),
    ("Hundreds of angry farmers blocked the main highway into Lahore with tractors.", "blocked", "protests"),
    # Strategic developments.
    ("The army set up a new observation post above the valley road near Kupwara.", "observation post",
     "strategic_developments"),
    ("The government annexed the contested border district after a disputed referendum.", "annexed",
     "strategic_developments"),
    ("Militiamen burned dozens of houses in the village of Kalehe.", "burned", "strategic_developments"),
    ("Federal troops dislodged the rebels from three villages in Kordofan.", "dislodged", "battles"),
    ("The army expelled the jihadist fighters from the town of Diapaga after a week of fighting.", "expelled",
     "battles"),
    ("Ghana expelled three diplomats of its neighbour over the border dispute.", "expelled", "non_acled"),
    # The present tense of headlines and the -ing form of participial clauses.
    ("Authorities are jailing opposition activists in Minsk without trial.", "jailing", "strategic_developments"),
    ("Pakistan deploys troops to the border with Afghanistan.", "deploys", "strategic_developments"),
    ("Soldiers mutinied at a barracks outside Ouagadougou on Sunday.", "mutinied", "strategic_developments"),
    # Agreements with the verb that reaches them; diplomatic verbs in each of their forms.
    ("The two militias reached a ceasefire after a week of fighting in Zawiya.", "reached a ceasefire",
     "strategic_developments"),
    ("Chad and Sudan will negotiate over the disputed oasis in N'Djamena next week.", "negotiate", "non_acled"),
    ("The Omani foreign minister travelled to Tehran for talks on the water dispute.", "travelled to",
     "non_acled"),
])
def test_a_family_member_is_an_event_trigger(text, word, category):
    events = _covering(text, word)
    assert events, [e.trigger.text for e in _events(text)]
    assert any(e.category == category for e in events), [(e.trigger.text, e.type) for e in events]
    assert all(e.category == CATEGORY[e.type] for e in events)


@pytest.mark.parametrize("text, category", [
    # A noun types its sentence's event, whose trigger is the verb where there is one.
    ("The assassination of a tribal elder in North Waziristan was carried out by gunmen on a motorbike.",
     "violence_against_civilians"),
    ("An explosion near the bus terminal in Peshawar killed four people.", "explosions_remote_violence"),
    ("Authorities extended the nightly curfew in Conakry for another week.", "strategic_developments"),
    ("Gunmen hijacked a minibus carrying traders on the road to Gusau.", "violence_against_civilians"),
    ("Medics in Ghouta said the rockets had released a poisonous gas over the eastern suburbs.",
     "explosions_remote_violence"),
    ("Two soldiers were killed when their truck hit an anti-tank mine near Gao.", "explosions_remote_violence"),
    ("A volcano suddenly erupted on the island of Ambae, killing two villagers.", "non_acled"),
])
def test_a_family_member_types_its_sentence(text, category):
    assert any(e.category == category for e in _events(text)), [(e.trigger.text, e.type) for e in _events(text)]


@pytest.mark.parametrize("text", [
    "The spokesman said the documents were found in an office in the capital.",
    "The city council faces a host of problems with its water supply.",
    "Share prices sank on Monday after the central bank raised its rates.",
    "Neighbours were sharing food and blankets in the cold.",
    "The negotiating position of the ministry has hardened since the summer.",
])
def test_words_common_outside_conflict_reporting_are_no_events(text):
    assert _events(text) == []


def test_a_road_blocked_by_no_one_is_no_protest():
    events = _events("A landslide blocked the road to the village after days of heavy rain.")
    assert [e.type for e in events] == ["natural_disaster"]


def test_burning_a_flag_at_a_protest_destroys_no_property():
    events = _events("Students demonstrated outside the consulate, burning a French flag.")
    assert events and {e.category for e in events} == {"protests"}


def test_a_protest_in_the_rain_is_no_disaster():
    events = _events("Thousands of supporters marched through Kampala in torrential rain.")
    assert events and all(e.category == "protests" for e in events)
