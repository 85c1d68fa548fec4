"""Who acted and who was acted on, through the public API."""

from __future__ import annotations

import sitrep


def roles(text: str, trigger: str) -> tuple[str | None, str | None]:
    report = sitrep.analyze(text)
    names = {a.id: a.name for a in report.actors}
    event = next(e for e in report.events if e.trigger.text == trigger)
    return names.get(event.actor1), names.get(event.actor2)


def test_active_voice_subject_acts_on_object():
    assert roles("Nigerian troops clashed with Boko Haram fighters near Maiduguri.", "clashed") == \
        ("Nigeria (state forces)", "Boko Haram")


def test_passive_voice_agent_acts_on_subject():
    actor1, actor2 = roles("Two Kenyan soldiers were killed by al-Shabaab militants in Lamu.", "killed")
    assert actor1 == "al-Shabaab" and actor2 == "Kenya (state forces)"


def test_clashes_between_two_sides_before_the_verb():
    assert roles("Clashes between the Syrian army and ISIS fighters killed 12 people near Palmyra.", "killed") == \
        ("Syria (state forces)", "Islamic State")


def test_a_country_s_forces_are_its_state_forces():
    actor1, _ = roles("Israel's forces killed two Palestinians in Jenin.", "killed")
    assert actor1 == "Israel (state forces)"


def test_a_backer_is_not_the_one_that_acts():
    report = sitrep.analyze("Turkish-backed rebels attacked Kurdish villagers in Afrin.")
    attack = next(e for e in report.events if e.trigger.text == "attacked")
    acting = next(a for a in report.actors if a.id == attack.actor1)
    assert [m.text for m in acting.mentions] == ["rebels"]


def test_a_demonym_with_an_armed_group_word_is_an_actor_of_that_country():
    report = sitrep.analyze("Rwandan rebels demanded the removal of the president.")
    event = next(e for e in report.events if e.trigger.text == "demanded")
    actor = next(a for a in report.actors if a.id == event.actor1)
    assert actor.country_code == "RW"


def test_a_source_that_speaks_of_itself_is_the_actor():
    actor1, actor2 = roles("Japan said on Tuesday it had halted economic aid to Serbia.", "halted")
    assert actor1 == "Japan"


def test_a_source_reporting_others_is_not_a_party():
    actor1, _ = roles("Police said gunmen killed two traders in Mopti.", "killed")
    assert actor1 is not None and "police" not in actor1.lower() and "forces" not in actor1


def test_by_after_a_noun_marks_no_passive_agent():
    actor1, _ = roles("Turkish police demanded an apology by Greece on Monday.", "demanded")
    assert actor1 == "Turkey (state forces)"


def test_a_state_does_not_act_on_its_own_troops():
    _, actor2 = roles("Syria said it would withdraw its troops from Lebanon.", "withdraw")
    assert actor2 != "Syria (state forces)"


def test_civilians_of_a_country_named_by_a_demonym():
    _, actor2 = roles("Israeli troops shot two Palestinian youths near Nablus.", "shot")
    assert actor2 is not None and actor2.startswith("Civilians")


def test_passive_without_an_agent_names_only_who_was_acted_on():
    actor1, actor2 = roles("At least seven civilians were reportedly killed in Mogadishu on Tuesday.", "killed")
    assert actor1 is None and actor2 is not None and actor2.startswith("Civilians")


def test_a_town_that_falls_to_someone_is_taken_by_them():
    report = sitrep.analyze("ISIS-held Tikrit fell to Iraqi forces on Tuesday.")
    names = {a.id: a.name for a in report.actors}
    event = next(e for e in report.events if e.trigger.text.startswith("fell"))
    assert names.get(event.actor1) == "Iraq (state forces)"
    assert event.type == "government_regains_territory"


def test_a_state_is_acted_on_through_a_place_after_a_preposition_of_direction():
    assert roles("Jordan sent 200 tonnes of food aid to Yemen on Friday.", "sent") == ("Jordan", "Yemen")


def test_a_measure_taken_in_a_country_acts_on_that_state():
    assert roles("Kenya imposed a curfew in Somalia after the vote.", "imposed") == ("Kenya", "Somalia")


def test_where_violence_happened_is_not_the_one_it_hit():
    _, actor2 = roles("Gunmen opened fire in Mali on Sunday.", "opened fire")
    assert actor2 is None


def test_a_demonym_before_an_official_or_an_act_stands_for_its_state():
    report = sitrep.analyze("A Kenyan official rejected a Somali proposal on Monday.")
    names = {a.id: a.name for a in report.actors}
    event = next(e for e in report.events if e.trigger.text == "rejected")
    assert (names.get(event.actor1), names.get(event.actor2)) == ("Kenya (government)", "Somalia")
    assert {e.text: e.label for e in report.entities}["Somali"] == "NATIONALITY"


def test_an_alleged_act_is_no_claim_and_its_source_no_party():
    assert roles("Kenya is investigating alleged abuses by Somali troops, an official said.", "investigating") == \
        ("Kenya", "Somalia (state forces)")


def test_a_people_s_property_is_its_civilians():
    report = sitrep.analyze("Iran threatened to shell Iraqi towns near the border.")
    assert any(a.name == "Civilians (Iraq)" and [m.text for m in a.mentions] == ["Iraqi"] for a in report.actors)


def test_an_unnamed_group_after_a_people_that_is_no_actor_is_still_a_group():
    report = sitrep.analyze("The army detained thousands of Tamil civilian refugees in Jaffna.")
    assert any(a.type == "civilians" and "refugees" in [m.text for m in a.mentions] for a in report.actors)


def test_a_noun_event_in_the_object_is_done_by_the_subject_to_whom_it_names_between():
    assert roles("The World Bank handed Kenya 40 million dollars of aid for schools.", "aid") == \
        ("World Bank", "Kenya")


def test_joined_subjects_of_a_noun_event_are_not_actor_and_target():
    _, actor2 = roles("Sudan and Chad renewed negotiations today on a troop pullback.", "negotiations")
    assert actor2 is None


def test_an_appositive_describes_the_subject_before_it():
    actor1, _ = roles("Kenya, a key U.S. ally in the region, has refused to deploy troops in Somalia.", "refused")
    assert actor1 == "Kenya"


def test_what_a_source_says_another_must_do_is_its_demand_on_that_other():
    assert roles("Kenya said on Monday that Somalia must hand over the suspects.", "hand over") == ("Kenya", "Somalia")


def test_a_source_speaking_of_itself_after_a_parenthesised_acronym():
    actor1, _ = roles("The International Labour Organization (ILO) reiterated its demand that Israel ease "
                      "restrictions.", "demand")
    assert actor1 is not None


def test_someone_arrested_in_a_country_is_acted_on_by_that_state():
    assert roles("A Kenyan journalist was arrested in Uganda on Monday.", "arrested") == ("Uganda", "Civilians (Kenya)")


def test_a_stative_participle_is_no_passive():
    assert roles("Sudanese forces were engaged in ethnic cleansing against Masalit villagers.", "engaged") == \
        ("Sudan (state forces)", "Civilians (Sudan)")


def test_a_verb_of_purpose_is_done_by_the_clause_s_subject():
    actor1, actor2 = roles("The Kenyan president will visit Ethiopia and Somalia to mediate in the border dispute.",
                           "mediate")
    assert actor1 == "Kenya (government)" and actor2 in ("Ethiopia", "Somalia")


def test_a_participle_after_the_clause_is_done_by_its_subject():
    assert roles("Police fired tear gas at demonstrators in Nairobi, injuring five and arresting 12 students.",
                 "arresting") == ("Kenya (state forces)", "Civilians (Kenya)")


def test_where_fighters_advance_to_or_from_is_their_route_not_their_target():
    _, actor2 = roles("Rebel fighters advanced from Idlib towards Aleppo on Monday.", "advanced")
    assert actor2 != "Syria"


def test_words_as_common_outside_politics_are_events_only_with_an_actor() -> None:
    assert not sitrep.analyze("Do yourself a favor and give them a call.").events
    assert not sitrep.analyze("I just want a simple way to get a good deal.").events
    (aid,) = sitrep.analyze("Iran gave weapons to the Houthis.").events
    assert (aid.type, aid.actor1, aid.actor2) == ("diplomatic_event", "actor:iran", "actor:houthis")


def test_what_a_source_says_another_must_do_is_a_demand_even_without_a_trigger():
    report = sitrep.analyze("Norway said on Friday that Sudan must reopen the border crossing.")
    names = {a.id: a.name for a in report.actors}
    event = next(e for e in report.events if e.trigger.text == "reopen")
    assert (event.plover, names.get(event.actor1), names.get(event.actor2)) == ("DEMAND", "Norway", "Sudan")


def test_what_a_source_says_it_must_do_itself_is_no_demand():
    assert not sitrep.analyze("Norway said it must reopen its embassy.").events


def test_a_word_of_a_name_is_no_trigger():
    report = sitrep.analyze("The Popular Liberation Front attacked a police post near Kidal.")
    assert [e.trigger.text for e in report.events] == ["attacked"]
    assert report.events[0].category != "strategic_developments"


def test_a_noun_that_modifies_a_group_is_no_trigger():
    report = sitrep.analyze("Zambian riot police arrested four students in Lusaka.")
    assert [e.trigger.text for e in report.events] == ["arrested"]


def test_a_verb_joined_by_and_shares_the_first_verb_s_subject():
    assert roles("Al-Shabaab fighters kidnapped two Kenyan teachers and killed a policeman in Mandera.",
                 "killed")[0] == "al-Shabaab"


def test_a_name_after_a_possessive_is_another_party():
    assert roles("Canada demanded that its NATO partners send more troops.", "demanded") == ("Canada", "NATO")


def test_whom_a_protest_is_against_comes_before_where_it_was():
    assert roles("Hundreds of students rallied in Nairobi against the party's leader Raila Odinga.",
                 "rallied")[1] == "Raila Odinga"


def test_a_noun_after_a_possessive_is_no_verb():
    report = sitrep.analyze("Ugandan students are continuing a hunger strike in protest of the government's "
                            "refusal to reopen the university.")
    assert [e.trigger.text for e in report.events] == ["hunger strike"]


def test_according_to_a_source_without_a_comma_ends_before_the_clause_s_subject():
    report = sitrep.analyze("According to reports the Kenyan army shelled a camp near Mandera.")
    event = report.events[0]
    assert event.attribution is not None and event.attribution.text == "reports"
    assert next(a.name for a in report.actors if a.id == event.actor1) == "Kenya (state forces)"
