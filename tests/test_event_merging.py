"""Within one document: repeated passages on one event merge, distinct events stay apart, and a
source named at the head of an account carries over to the sentences that continue it."""

from __future__ import annotations

import sitrep
from conftest import assert_valid_report


def events_of(text: str) -> list[dict]:
    return assert_valid_report(sitrep.analyze(text, id="t", published="2024-03-08"))["events"]


def test_a_clash_told_twice_is_one_event_with_two_passages():
    events = events_of("Heavy clashes erupted in Kismayo on Monday between al-Shabaab fighters and Somali "
                       "troops. The fighting in Kismayo lasted until the evening.")
    clashes = [e for e in events if e["type"] == "armed_clash"]
    assert len(clashes) == 1
    passages = [clashes[0]] + clashes[0]["evidence"]
    assert [p["sentence"]["text"].split()[:2] for p in passages] == [["Heavy", "clashes"], ["The", "fighting"]]
    assert clashes[0]["time"]["start"] == "2024-03-04"


def test_attacks_at_different_places_on_different_days_stay_apart():
    events = events_of("Militants attacked a checkpoint in Gao on Monday.\n"
                       "Separately, militants attacked a market in Mopti on Tuesday.")
    assert len(events) == 2
    assert len({e["place"] for e in events}) == 2
    assert all(e["evidence"] == [] for e in events)


def test_a_source_at_the_head_of_an_account_carries_to_the_next_sentences_of_it():
    text = ("According to the UN mission, the situation in the north is tense.\n"
            "Gunmen abducted 12 villagers near Kidal on Tuesday. Troops later arrested three suspects.\n"
            "Soldiers killed two men in Gao on Friday.")
    events = {e["trigger"]["text"]: e for e in events_of(text)}
    for trigger in ("abducted", "arrested"):
        assert events[trigger]["modality"] == "reported"
        assert events[trigger]["attribution"]["text"] == "the UN mission"
    # A new paragraph after the continued account is the writer's own again.
    assert events["killed"]["modality"] == "asserted" and events["killed"]["attribution"] is None


def test_a_source_inside_the_sentence_does_not_carry_over():
    text = "The army shelled the town, a spokesman said. Rebels ambushed a convoy near Kidal on Tuesday."
    events = {e["trigger"]["text"]: e for e in events_of(text)}
    assert events["ambushed"]["attribution"] is None
