"""The recogniser's merge of knowledge and the name model, through the pipeline and through a stand-in model."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

import sitrep
from sitrep.ingest import Document
from sitrep.pipeline import analyze_document, build_pipeline


def stand_in_model(names: dict[str, str], confidence: float = 1.0):
    """A "name model" that finds exactly the given names (text -> label) with the given probability,
    so the merge rules are what is tested."""
    def find(doc: Doc) -> list[Span]:
        found = []
        for text, label in names.items():
            start = doc.text.find(text)
            span = doc.char_span(start, start + len(text), label=label) if start >= 0 else None
            if span is not None:
                span._.name_confidence = confidence
                found.append(span)
        return found
    return find


def labels_of(report: sitrep.Report) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in report.entities}


def test_knowledge_wins_where_it_exists_and_the_model_fills_the_gaps() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({
        "Mosul": "PERSON",  # wrong: Mosul is a known place
        "Zorbak Quill": "PERSON",  # unknown to every rule
        "March": "ORGANIZATION",  # inside a date the rules find
    }))
    report = analyze_document(nlp, Document(text="Zorbak Quill said fighting continued in Mosul on 3 March 2016."))
    labelled = labels_of(report)
    assert {("Mosul", "LOCATION"), ("Zorbak Quill", "PERSON"), ("3 March 2016", "DATE")} <= labelled
    assert not any(label == "ORGANIZATION" for _, label in labelled)


def test_the_shipped_model_finds_names_no_rule_knows() -> None:
    report = sitrep.analyze("Witnesses said Margarethe Olsbury and Tobias Wrenfield were detained by police.")
    labels = {e.text: e.label for e in report.entities}
    assert labels.get("Margarethe Olsbury") == "PERSON"
    assert labels.get("Tobias Wrenfield") == "PERSON"


def test_known_actors_and_places_keep_their_labels() -> None:
    report = sitrep.analyze("ISIS fighters attacked Kirkuk while Iraqi forces held Tikrit.")
    found = {e.text: (e.label, e.ref) for e in report.entities}
    assert found["ISIS fighters"] == ("ORGANIZATION", "actor:isis")
    assert found["Kirkuk"][0] == "LOCATION"
    assert found["Tikrit"][0] == "LOCATION"


def test_spans_follow_the_annotation_conventions_of_conflict_reporting() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({
        "Zorbak Quill": "PERSON", "Velmar Front": "ORGANIZATION"}))
    text = ("Over the past 24 hours, Col. Zorbak Quill said, the Velmar Front fighters had held the pass "
            "above the Yazidi villages they first took in 1979.")
    labelled = labels_of(analyze_document(nlp, Document(text=text)))
    assert {("Col. Zorbak Quill", "PERSON"), ("the Velmar Front fighters", "ORGANIZATION"),
            ("the past 24 hours", "DATE"), ("1979", "DATE"), ("Yazidi", "NATIONALITY")} <= labelled


def test_place_spans_take_their_kind_direction_and_country_but_places_keep_bare_mentions() -> None:
    report = sitrep.analyze("Kurdish forces took the Syrian town of Dabiq, fought in northern Iraq and near Palmyra, "
                            "Syria, while ships sailed the Red Sea before the Mosul offensive.")
    labelled = labels_of(report)
    assert {("the Syrian town of Dabiq", "LOCATION"), ("northern Iraq", "LOCATION"), ("Palmyra, Syria", "LOCATION"),
            ("the Red Sea", "LOCATION"), ("Mosul", "LOCATION")} <= labelled
    mentions = {m.text for place in report.places for m in place.mentions}
    assert {"Dabiq", "Iraq", "Palmyra", "Syria", "Red Sea", "Mosul"} <= mentions


def test_the_model_relabels_a_small_towns_name_it_is_sure_is_a_persons() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Bush": "PERSON", "Mosul": "PERSON"}))
    report = analyze_document(nlp, Document(text="Bush said the strikes on Mosul would go on."))
    labelled = labels_of(report)
    assert {("Bush", "PERSON"), ("Mosul", "LOCATION")} <= labelled  # Mosul is a big city by that name


def test_places_and_groups_named_by_a_common_noun_are_entities_where_an_event_happens() -> None:
    report = sitrep.analyze("Coalition aircraft struck near Mosul and destroyed three supply caches and a fighting "
                            "position of the enemy. The town is old and the group likes its school.")
    labelled = labels_of(report)
    assert {("three supply caches", "LOCATION"), ("a fighting position", "LOCATION"),
            ("the enemy", "ORGANIZATION")} <= labelled
    assert not any(text in ("The town", "its school", "the group") for text, _ in labelled)  # no event there


def test_a_demonym_before_a_group_or_a_title_belongs_to_it() -> None:
    report = sitrep.analyze("Many Arab citizens fled. I commend Kurdish and Yezidi fighters. Carter met Russian "
                            "Foreign Minister Sergei Lavrov.")
    labelled = labels_of(report)
    assert {("Arab citizens", "ORGANIZATION"), ("Kurdish and Yezidi fighters", "ORGANIZATION"),
            ("Russian Foreign Minister Sergei Lavrov", "PERSON")} <= labelled


def test_units_take_their_number_titles_their_name_and_groups_their_place() -> None:
    report = sitrep.analyze("Soldiers of the 321st Field Artillery Regiment met Deputy Secretary of State "
                            "Tony Blinken. Strikes killed the people of Syria.")
    labelled = labels_of(report)
    assert {("the 321st Field Artillery Regiment", "ORGANIZATION"),
            ("Deputy Secretary of State Tony Blinken", "PERSON"), ("the people of Syria", "ORGANIZATION")} <= labelled


def test_a_range_of_days_is_one_date() -> None:
    report = sitrep.analyze("The talks on October 25-26, 2016 and November 18 -19 went on.")
    labelled = labels_of(report)
    assert {("October 25-26, 2016", "DATE"), ("November 18 -19", "DATE")} <= labelled


def test_numbered_units_and_an_organisations_members_keep_one_span() -> None:
    report = sitrep.analyze("Aircraft struck an ISIL tactical unit near Mosul while CTF 50 patrolled.")
    labelled = labels_of(report)
    assert {("an ISIL tactical unit", "ORGANIZATION"), ("CTF 50", "ORGANIZATION")} <= labelled


def test_a_title_found_apart_joins_the_name_after_it() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({
        "Col": "PERSON", "Zorbak Quill": "PERSON", "Foreign Minister": "PERSON", "Velma Orrin": "PERSON"}))
    text = "After the ISIS attack he met Col. Zorbak Quill and the Foreign Minister Velma Orrin."
    labelled = labels_of(analyze_document(nlp, Document(text=text)))
    assert {("Col. Zorbak Quill", "PERSON"), ("the Foreign Minister Velma Orrin", "PERSON")} <= labelled


def test_adjacent_demonyms_are_one_nationality() -> None:
    report = sitrep.analyze("It is predominately Shia Arab. The texts were written by non-Yazidis.")
    labelled = labels_of(report)
    assert {("Shia Arab", "NATIONALITY"), ("non-Yazidis", "NATIONALITY")} <= labelled


def test_a_place_named_by_who_holds_it_is_one_location() -> None:
    report = sitrep.analyze("Near Mosul, one strike destroyed an ISIL-held building.")
    assert ("an ISIL-held building", "LOCATION") in labels_of(report)


def test_pronouns_for_actors_are_marked_only_where_an_event_is_told() -> None:
    report = sitrep.analyze("He said we killed 20 ISIL fighters in an airstrike near Mosul. We like the weather here.")
    pronouns = [(e.text, e.label) for e in report.entities if e.text.lower() in ("we", "he")]
    assert pronouns == [("He", "PERSON"), ("we", "ORGANIZATION")]  # not the "We" of the sentence without an event


def test_a_place_no_gazetteer_lists_is_a_location_named_by_its_kind() -> None:
    report = sitrep.analyze("Government artillery shelled Jabal al-Zorbak and the Quillan Gorge near Aleppo on Monday.")
    labelled = labels_of(report)
    assert {("Jabal al-Zorbak", "LOCATION"), ("Quillan Gorge", "LOCATION")} <= labelled
    places = {mention.text: place for place in report.places for mention in place.mentions}
    assert places["Jabal al-Zorbak"].precision == "approximate"  # placed at Aleppo, the place named near it
    assert places["Quillan Gorge"].country_code == "SY"
    shelling = next(e for e in report.events if e.trigger.text == "shelled")
    assert shelling.place == places["Jabal al-Zorbak"].id


def test_a_place_word_does_not_make_a_place_of_an_organisation_or_a_person() -> None:
    report = sitrep.analyze("Ms. Hill taught at Mount Pleasant High School before she moved to Camp Velmar.")
    places = {mention.text for place in report.places for mention in place.mentions}
    assert "Camp Velmar" in places
    assert not any("School" in mention or "Hill" in mention for mention in places)


def test_a_village_named_with_its_article_and_named_again_is_a_place():
    report = sitrep.analyze("Militants attacked troops near the village of al-Qurnayt on Tuesday. "
                            "Families later left al-Qurnayt for the hills.")
    labels = {e.text: e.label for e in report.entities}
    assert labels["the village of al-Qurnayt"] == "LOCATION"
    assert "PERSON" not in {label for text, label in labels.items() if "Qurnayt" in text}


def test_a_common_word_capitalised_by_its_sentence_is_no_place() -> None:
    nlp = build_pipeline()
    for text in ("Rest was too oily .", "Okay , the room was noisy .", "THE TEACHERS GET MAD AT YOU FOR NOTHING !"):
        report = analyze_document(nlp, Document(text=text, id="review"))
        assert not [e for e in report.entities if e.label == "LOCATION"], text
        assert not report.places, text
    recaptured = analyze_document(nlp, Document(text="Iraqi forces recaptured Hit on Friday.", id="wire"))
    assert ("Hit", "LOCATION") in labels_of(recaptured)


def test_civilians_named_by_a_common_noun_are_entities_only_where_an_event_is_told() -> None:
    quiet = sitrep.analyze("Most people have never heard of this section.")
    assert not [e for e in quiet.entities if e.label == "ORGANIZATION"]
    attack = sitrep.analyze("Gunmen killed five people in Kano on Monday.")
    assert ("people", "ORGANIZATION") in labels_of(attack)


def test_a_capital_stands_for_its_government_only_where_it_acts() -> None:
    acting = sitrep.analyze("Moscow denied the report, and Washington said it would send troops.")
    assert {("Moscow", "ORGANIZATION"), ("Washington", "ORGANIZATION")} <= labels_of(acting)
    route = sitrep.analyze("We flew from Raleigh to Chicago, then Seoul to Manila, and spent a week in Hong Kong.")
    assert {("Seoul", "LOCATION"), ("Hong Kong", "LOCATION")} <= labels_of(route)


def test_a_given_name_no_preposition_makes_a_place_is_a_persons() -> None:
    thanks = sitrep.analyze("Great service, and we thank Michael and Anita for it.")
    assert {("Michael", "PERSON"), ("Anita", "PERSON")} <= labels_of(thanks)
    fighting = sitrep.analyze("Fighting continued near Victoria on Monday.")
    assert ("Victoria", "LOCATION") in labels_of(fighting)


def test_a_country_ending_an_address_is_a_place_and_an_acronym_needs_support_beyond_itself() -> None:
    address = sitrep.analyze("Marvel Consultants, 28601 Chagrin Blvd. Cleveland, Ohio 44122 USA")
    assert ("USA", "LOCATION") in labels_of(address)
    memo = sitrep.analyze("Please use the ENA DPR 0102 file rather than the EWS DPR 2002 file.")
    assert "DPR" not in {e.text for e in memo.entities}


def test_a_media_acronym_needs_no_country_to_support_it() -> None:
    report = sitrep.analyze("Action Network is a BBC website for people who want to campaign.")
    assert ("BBC", "ORGANIZATION") in labels_of(report)


def test_unknown_places_in_a_list_after_their_kind_or_in_apposition_to_it_are_locations() -> None:
    listed = sitrep.analyze("Warplanes struck the towns of Khan Touman, Aleis and Alzorba in rural Aleppo.")
    assert {("Aleis", "LOCATION"), ("Alzorba", "LOCATION")} <= labels_of(listed)
    apposed = sitrep.analyze("A bomber struck Abu Saida, a town near Iraq's Diyala province.")
    assert ("Abu Saida", "LOCATION") in labels_of(apposed)
    called = sitrep.analyze("There was an attack in a village called Jibu in Wukari.")
    assert ("Jibu", "LOCATION") in labels_of(called)


def test_a_name_after_a_greeting_is_a_person_and_a_designator_ends_a_firms_name() -> None:
    letter = sitrep.analyze("Hi Sara, thanks Rich for the note. Hello Chonawee, see you soon.")
    assert {("Sara", "PERSON"), ("Rich", "PERSON"), ("Chonawee", "PERSON")} <= labels_of(letter)
    firms = sitrep.analyze("Marvel Consultants, Inc. hired staff, and Halliburton Co. said profits rose.")
    assert {("Marvel Consultants, Inc.", "ORGANIZATION"), ("Halliburton Co.", "ORGANIZATION")} <= labels_of(firms)


def test_conventions_of_conflict_reporting_hold_only_in_documents_that_report_conflict() -> None:
    conflict = labels_of(sitrep.analyze("Washington said its troops killed 20 militants near Mosul. The Iraqis and "
                                        "we condemned the attack."))
    assert {("Washington", "ORGANIZATION"), ("we", "ORGANIZATION"), ("The Iraqis", "ORGANIZATION")} <= conflict
    other = labels_of(sitrep.analyze("Washington said the new phone would sell well, and the traders liked it. "
                                     "The Americans love it, and we bought two."))
    assert ("Washington", "LOCATION") in other  # a country that acts is a place outside conflict reporting
    assert not any(label == "ORGANIZATION" for _, label in other)  # nor are peoples, groups, pronouns organisations
    deal = labels_of(sitrep.analyze("We signed the deal with Acme Corp for the rest of the year."))
    assert ("We", "ORGANIZATION") not in deal  # a firm's agreement is no conflict


def test_a_governments_title_before_a_name_is_its_holders() -> None:
    report = sitrep.analyze("The attack was condemned by Iraqi Prime Minister Adil Kamal and by Chinese President "
                            "Li Wen.")
    assert {("Iraqi Prime Minister Adil Kamal", "PERSON"), ("Chinese President Li Wen", "PERSON")} <= labels_of(report)


def test_a_firms_name_the_model_finds_holds_the_place_it_is_named_after() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Air Moldova": "ORGANIZATION",
                                                                    "Government of Iraq": "ORGANIZATION"}))
    report = analyze_document(nlp, Document(text="She flew Air Moldova to Paris. Fighting continued in Iraq, "
                                                 "and the Government of Iraq sent troops."))
    labelled = labels_of(report)
    assert {("Air Moldova", "ORGANIZATION"), ("Paris", "LOCATION"), ("Iraq", "LOCATION")} <= labelled
    assert ("the Government of Iraq", "ORGANIZATION") in labelled  # not the place named again


def test_common_words_a_headline_capitalises_are_no_organisation() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Friendly People": "ORGANIZATION",
                                                                    "Acme Widgets": "ORGANIZATION"}))
    headline = labels_of(analyze_document(nlp, Document(text="Great Service And Friendly People")))
    assert not any(label == "ORGANIZATION" for _, label in headline)
    named = labels_of(analyze_document(nlp, Document(text="Great Service From Acme Widgets")))
    assert ("Acme Widgets", "ORGANIZATION") in named  # a name in a headline stays one


def test_an_email_address_a_common_noun_after_its_determiner_or_a_place_noun_is_no_name() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"sales@acme-widgets.com": "ORGANIZATION",
                                                                    "the group": "ORGANIZATION", "town": "LOCATION"}))
    report = analyze_document(nlp, Document(text="Write to sales@acme-widgets.com and the group in town will answer."))
    assert not any(label in ("ORGANIZATION", "LOCATION") for _, label in labels_of(report))  # nor "town" a place


def test_a_currency_code_where_money_is_meant_or_a_roman_numeral_is_no_name() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"USD": "ORGANIZATION", "VII": "ORGANIZATION",
                                                                    "Acme Widgets": "ORGANIZATION"}))
    report = analyze_document(nlp, Document(text="The USD / EUR rate fell after Part VII of the Acme Widgets report."))
    assert [text for text, label in labels_of(report) if label == "ORGANIZATION"] == ["Acme Widgets"]


def test_a_country_heading_its_section_or_after_an_indefinite_article_is_a_place() -> None:
    report = sitrep.analyze("Coalition jets struck ISIL near Mosul.\nSyria\nNear Raqqa, one strike destroyed an ISIL "
                            "tank. Syria said the coalition seeks a united and democratic Syria.")
    assert [e.label for e in report.entities if e.text == "Syria"] == ["LOCATION", "ORGANIZATION", "LOCATION"]


def test_a_capital_modifying_a_noun_after_the_is_a_place_and_a_country_there_still_acts() -> None:
    report = sitrep.analyze("Rebels shelled a checkpoint near Aleppo, killing four soldiers. The accused later left "
                            "the Damascus courthouse under guard. The United States strongly condemns the shelling.")
    labels = {e.text: e.label for e in report.entities}
    assert labels.get("Damascus") == "LOCATION" and "the Damascus" not in labels
    assert labels.get("The United States") == "ORGANIZATION"


def test_firms_are_organisations_in_any_case_where_their_name_is_no_word() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    report = analyze_document(nlp, Document(
        text="We ate at mcdonalds before our walmart trip. Rheinmetall and Lockheed Martin shipped shells."))
    refs = {e.text: e.ref for e in report.entities if e.label == "ORGANIZATION"}
    assert refs == {"mcdonalds": "actor:firm-mcdonald-s", "walmart": "actor:firm-walmart",
                    "Rheinmetall": "actor:firm-rheinmetall", "Lockheed Martin": "actor:firm-lockheed-martin"}
    assert any(a.id == "actor:firm-rheinmetall" and a.type == "other" for a in report.actors)


def test_a_firm_named_by_a_word_needs_a_capital_of_its_own() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    own = analyze_document(nlp, Document(text="The videos were posted on Telegram and bought at Target, not the gap."))
    assert {("Telegram", "ORGANIZATION"), ("Target", "ORGANIZATION")} <= labels_of(own)
    assert not any(e.text.lower() == "gap" for e in own.entities)
    theirs = analyze_document(nlp, Document(text="Target practice ended. The Amazon river rose. TOTAL SHELL COVERAGE."))
    assert not any(e.label == "ORGANIZATION" for e in theirs.entities)


def test_a_firm_named_like_a_person_or_a_country_needs_a_corporate_word() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    report = analyze_document(nlp, Document(
        text="Thousands fled to Jordan last year. Dell shares fell after Emirates flights were cancelled."))
    labelled = labels_of(report)
    assert {("Jordan", "LOCATION"), ("Dell", "ORGANIZATION"), ("Emirates", "ORGANIZATION")} <= labelled
    person = analyze_document(nlp, Document(text="The old man said that Henry Ford built the first one."))
    assert ("Ford", "ORGANIZATION") not in labels_of(person)


def test_firm_names_stop_at_a_full_stop_and_a_quotation_s_capital_is_no_firm() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    report = analyze_document(nlp, Document(
        text="Police found the stolen walmart. A man was held. He said: “Orange juice, please.” Even with all that "
             "manpower, \"We flew El Al,\" El-Haddad said."))
    organisations = {e.text for e in report.entities if e.label == "ORGANIZATION"}
    assert {"walmart", "El Al"} <= organisations
    assert not organisations & {"walmart. A", "Orange", "manpower", "El"}  # nor the "El" of El-Haddad


def test_products_and_acronyms_of_things_are_no_organisations() -> None:
    report = sitrep.analyze("Apple said the new iPhone has a USB port, and the US CPI rose as UVB lamps sold out.")
    organisations = {e.text for e in report.entities if e.label == "ORGANIZATION"}
    assert "Apple" in organisations
    assert not any(word in name for name in organisations for word in ("iPhone", "USB", "CPI", "UVB"))


def test_firm_names_that_are_words_places_or_names_need_more_than_their_letters() -> None:
    report = sitrep.analyze("It is of paramount importance, said William of Orange, as glaciers in Patagonia melted "
                            "and the film was a blockbuster.")
    assert not any(e.ref and e.ref.startswith("actor:firm") for e in report.entities)
    assert ("Patagonia", "LOCATION") in labels_of(report)


def test_the_models_unknown_place_counts_after_a_preposition_of_place() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({
        "Tarvoleni": "LOCATION", "Vashkurdi": "LOCATION", "Orlemby": "LOCATION", "Quendrasi": "LOCATION"},
        confidence=0.6))
    text = ("Gunmen killed four herders in Tarvoleni and met at Vashkurdi in Kandahar. Orlemby said talks "
            "with Quendrasi failed, and a meeting at Orlemby ended.")
    labels = labels_of(analyze_document(nlp, Document(text=text)))
    assert {("Tarvoleni", "LOCATION"), ("Vashkurdi", "LOCATION")} <= labels
    # Opening a sentence, after "with", or after "at" with no known place to follow: no evidence of a place.
    assert not any(name in ("Orlemby", "Quendrasi") and label == "LOCATION" for name, label in labels)


def test_an_unknown_place_the_model_is_sure_of_needs_no_preposition_but_a_capital() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Orlemby": "LOCATION", "shelter": "LOCATION"},
                                                                  confidence=0.95))
    labels = labels_of(analyze_document(nlp, Document(text="Orlemby was quiet, and the shelter stayed open.")))
    assert ("Orlemby", "LOCATION") in labels
    assert not any("shelter" in text for text, _ in labels)


def located(report: sitrep.Report, name: str) -> bool:
    """Whether a LOCATION entity of ``report`` holds ``name`` (annotators' spans may add its kind)."""
    return any(name in e.text and e.label == "LOCATION" for e in report.entities)


@pytest.mark.parametrize(("text", "place"), [
    ("Militia fighters raided Qorvashi and Belmira villages near Sinjar last week.", "Qorvashi"),
    ("Militia fighters raided Qorvashi and Belmira villages near Sinjar last week.", "Belmira"),  # "… villages"
    ("Raiders attacked Tsokwa-Dani, a small farming community in Benue State, at dawn.", "Tsokwa-Dani"),
    ("Shells fell on the outskirts of Kefr Dumlan overnight.", "Kefr Dumlan"),
    ("A car bomb exploded outside Marwaleh hospital on Tuesday.", "Marwaleh"),
    ("A roadside bomb went off in Zarqandi  district on Friday.", "Zarqandi"),
    ("Troops pushed into the Sheikh Barakat District after a night of shelling.", "Sheikh Barakat District"),
])
def test_grammar_marks_unknown_places_by_their_kind_parts_and_appositions(text: str, place: str) -> None:
    assert located(sitrep.analyze(text), place)


@pytest.mark.parametrize("text", ["Amaka Obiora, a community leader, condemned the attack.",
                                  "State prison officials said the inmate escaped."])
def test_a_place_word_that_names_no_place_makes_none(text: str) -> None:
    assert not any(label == "LOCATION" for _, label in labels_of(sitrep.analyze(text)))


def test_an_event_in_a_small_unknown_place_is_placed_there() -> None:
    report = sitrep.analyze("Gunmen stormed Tsokwa-Dani, a farming community near Makurdi, and killed six people.")
    places = {place.id: [mention.text for mention in place.mentions] for place in report.places}
    assert any("Tsokwa-Dani" in places.get(event.place, []) for event in report.events)


def test_historical_states_are_places() -> None:
    report = sitrep.analyze("NATO aircraft bombed Yugoslavia in 1999, years after the Soviet Union broke apart.")
    names = {place.name for place in report.places}
    assert {"Yugoslavia", "Soviet Union"} <= names


def test_a_persons_name_the_model_finds_holds_the_given_name_and_the_town_the_rules_split_it_into() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Harold Lewis": "PERSON"}))
    report = analyze_document(nlp, Document(text="The minutes were taken by Harold Lewis this week."))
    assert [(e.text, e.label) for e in report.entities if e.label != "DATE"] == [("Harold Lewis", "PERSON")]


def test_a_people_named_by_its_country_is_no_organisation_outside_conflict_reporting() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"U.S. citizens": "ORGANIZATION"}))
    report = analyze_document(nlp, Document(text="The new fees worry many U.S. citizens and the Canadian people, "
                                                 "the shop owner said."))
    labelled = labels_of(report)
    assert {("U.S.", "LOCATION"), ("Canadian", "NATIONALITY")} <= labelled
    assert not any(label == "ORGANIZATION" for _, label in labelled)


def test_a_towns_name_the_model_reads_as_a_persons_stays_a_place_where_the_text_says_it_is_one() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Tyre": "PERSON", "Samarra": "PERSON",
                                                                    "Encino": "PERSON", "Bush": "PERSON"}))
    text = ("Bush said the festival left the coastal city of Tyre, and the fair went to Samarra and other towns. "
            "Encino, California has a new park.")
    labelled = labels_of(analyze_document(nlp, Document(text=text)))
    assert {("Bush", "PERSON"), ("Samarra", "LOCATION")} <= labelled
    assert [label for name, label in labelled if "Tyre" in name or "Encino" in name] == ["LOCATION", "LOCATION"]


def test_a_towns_name_said_to_be_in_the_region_holding_it_stays_a_place() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Encino": "PERSON", "Bush": "PERSON"}))
    labelled = labels_of(analyze_document(nlp, Document(text="Our old house in Encino is in California. Bush "
                                                                "is in Paris today.")))
    assert {("Encino", "LOCATION"), ("Bush", "PERSON")} <= labelled


def test_a_town_named_by_a_common_word_or_an_old_spelling_needs_a_preposition_or_the_model() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    alone = labels_of(analyze_document(nlp, Document(text="Ask the Officer on duty, or Lavo, about the new rota.")))
    assert not any(label == "LOCATION" for _, label in alone)
    placed = labels_of(analyze_document(nlp, Document(text="Heavy rain fell in Officer and near Lavo overnight.")))
    assert {("Officer", "LOCATION"), ("Lavo", "LOCATION")} <= placed
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Officer": "LOCATION"}))
    found = labels_of(analyze_document(nlp, Document(text="Ask the Officer on duty about the new rota.")))
    assert [label for name, label in found if "Officer" in name] == ["LOCATION"]  # the model reads a name there


def test_a_date_that_is_also_a_places_alternate_name_is_a_date() -> None:
    report = sitrep.analyze("The invoice is due by October 6 at the latest.")
    assert ("October 6", "DATE") in labels_of(report) and not report.places


def test_violence_words_with_only_civilians_or_firms_about_them_report_no_conflict() -> None:
    portrait = labels_of(sitrep.analyze("She is a patient photographer who can capture the children at their best."))
    assert ("She", "PERSON") not in portrait and ("the children", "ORGANIZATION") not in portrait
    payments = labels_of(sitrep.analyze("We promise a blast of $ 20 payments straight into your PayPal account."))
    assert ("We", "ORGANIZATION") not in payments


def test_names_keep_their_bare_spans_outside_conflict_reporting() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Nadia Perel": "PERSON",
                                                                    "Office of Rural Health": "ORGANIZATION"}))
    text = "Dr. Nadia Perel moved from Leeds, UK to the Office of Rural Health on November 16 - 17."
    labelled = labels_of(analyze_document(nlp, Document(text=text)))
    assert {("Nadia Perel", "PERSON"), ("Leeds", "LOCATION"), ("UK", "LOCATION"),
            ("Office of Rural Health", "ORGANIZATION"), ("November 16 - 17", "DATE")} <= labelled


def test_an_armed_group_only_named_in_commentary_makes_no_conflict_report() -> None:
    joke = labels_of(sitrep.analyze("Iran wants them, and Hamas wants them too, the blogger joked."))
    assert ("Iran", "LOCATION") in joke  # a country that acts is a place outside conflict reporting
    fighters = labels_of(sitrep.analyze("Iran wants them, and Hamas fighters want them too."))
    assert ("Iran", "ORGANIZATION") in fighters


def test_a_visit_to_a_country_by_no_one_of_note_reports_no_diplomacy() -> None:
    trip = labels_of(sitrep.analyze("Last week we visited Georgia and Armenia with the kids."))
    assert {("Georgia", "LOCATION"), ("Armenia", "LOCATION")} <= trip and ("we", "ORGANIZATION") not in trip


def test_words_in_lower_case_make_no_place_name_of_a_phrase() -> None:
    report = sitrep.analyze("As long as the rain holds, the village school stays open. At a time like this we wait.")
    assert not report.places and not any(e.label == "LOCATION" for e in report.entities)


def test_a_middle_initial_joins_a_persons_name_and_a_possessive_opens_a_shops() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({}))
    report = analyze_document(nlp, Document(text="Dinner at Tony's Noodle House with Walter J. Brennick was fun, "
                                                 "but Iraq's Foreign Ministry was closed."))
    labelled = labels_of(report)
    assert {("Tony's Noodle House", "ORGANIZATION"), ("Walter J. Brennick", "PERSON"), ("Iraq", "LOCATION"),
            ("Foreign Ministry", "ORGANIZATION")} <= labelled


def test_a_storms_name_is_no_entity_but_a_town_named_hurricane_is_a_place() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"Hurricane": "LOCATION", "Delia": "PERSON"}))
    report = analyze_document(nlp, Document(text="Hurricane Delia flooded Houston, and Delia closed the port."))
    assert [(e.text, e.label) for e in report.entities if e.label != "DATE"] == [("Houston", "LOCATION")]
    town = sitrep.analyze("Police in Hurricane, West Virginia, said the roads were clear.")
    assert "Hurricane" in {m.text for place in town.places for m in place.mentions}


def test_words_in_lower_case_name_no_organisation_outside_conflict_reporting() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"60 countries": "ORGANIZATION",
                                                                    "walmart": "ORGANIZATION"}))
    report = analyze_document(nlp, Document(text="Photos came from 60 countries, and walmart printed them."))
    assert [(e.text, e.label) for e in report.entities if e.label == "ORGANIZATION"] == [("walmart", "ORGANIZATION")]


def test_common_words_in_lower_case_the_model_reads_as_a_place_name_no_town() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"rice": "LOCATION", "france": "LOCATION"}))
    report = analyze_document(nlp, Document(text="we ate rice and beans all week in france"))
    assert [(e.text, e.label) for e in report.entities if e.label == "LOCATION"] == [("france", "LOCATION")]


def test_a_regions_adjective_is_a_nationality_and_still_a_mention_of_the_region() -> None:
    report = sitrep.analyze("Write to an Asian airline, or ask European travel agents.")
    assert {("Asian", "NATIONALITY"), ("European", "NATIONALITY")} <= labels_of(report)
    assert {(p.name, m.text) for p in report.places for m in p.mentions} == {("Asia", "Asian"), ("Europe", "European")}


def test_a_titled_persons_name_is_one_entity_and_its_country_still_a_place() -> None:
    nlp = build_pipeline()
    nlp.get_pipe("sitrep_entities").use_name_model(stand_in_model({"US Ambassador Jon Huntsman": "PERSON"}))
    report = analyze_document(nlp, Document(text="The ministry told US Ambassador Jon Huntsman to wait."))
    assert ("US Ambassador Jon Huntsman", "PERSON") in labels_of(report)
    assert "US" in {m.text for place in report.places for m in place.mentions}
