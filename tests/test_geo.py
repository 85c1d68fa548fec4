"""Place resolution through the public API, and `sitrep train geo` on a gold file written for it."""

from __future__ import annotations

import json
from pathlib import Path

import sitrep
from sitrep.cli import main
from sitrep.geo.resolver import EVIDENCE

FIXTURE = Path(__file__).parent / "fixtures" / "geo_train.jsonl"


def places_of(text: str, names: list[str]) -> dict[str, dict]:
    report = sitrep.analyze(text, toponyms=[{"start": text.index(n), "end": text.index(n) + len(n)} for n in names])
    return {m.text: p for p in report.places for m in p.mentions}


def test_the_document_region_decides_between_namesakes():
    texas = places_of("Flooding closed roads in Paris, Texas, and in nearby Clarksville.", ["Paris"])
    assert texas["Paris"].country_code == "US" and texas["Paris"].admin1 == "Texas"
    france = places_of("Ministers met in Paris and Lyon to discuss the war.", ["Paris", "Lyon"])
    assert france["Paris"].country_code == "FR"


def test_us_counties_and_provinces_have_coordinates():
    found = places_of("Deputies in Laurel County and officials in Anbar and Queensland.",
                      ["Laurel County", "Anbar", "Queensland"])
    assert found["Laurel County"].admin1 == "Kentucky" and abs(found["Laurel County"].lat - 37.1) < 0.5
    assert found["Anbar"].country_code == "IQ" and found["Anbar"].feature == "admin1"
    assert found["Queensland"].country_code == "AU"


def test_cities_carry_their_admin1_name():
    found = places_of("Clashes were reported in Mosul.", ["Mosul"])
    assert found["Mosul"].admin1 and found["Mosul"].geonameid == 99072


def test_train_geo_writes_every_weight(tmp_path, capsys):
    output = tmp_path / "ranker.json"
    assert main(["train", "geo", str(FIXTURE), "--output", str(output), "--folds", "2"]) == 0
    model = json.loads(output.read_text(encoding="utf-8"))
    assert set(model["weights"]) == set(EVIDENCE)
    assert model["trained_on"] == ["geo_train.jsonl"] and model["ambiguous_mentions"] > 0
    assert 0.0 <= model["cross_validated_accuracy"] <= 1.0
    assert "cross-validated accuracy" in capsys.readouterr().err


def test_a_name_is_no_evidence_for_itself():
    # "EU" is also Eu, a Normandy town: its own vote must not make France the story's country.
    found = places_of("EU ministers agreed on new sanctions.", ["EU"])
    assert found["EU"].name == "European Union"


def test_neighbouring_places_decide_between_namesakes():
    found = places_of("The Athens Police Department arrested a man held at the Henderson County Jail.",
                      ["Athens", "Henderson County"])
    assert found["Athens"].admin1 == "Texas" and found["Henderson County"].admin1 == "Texas"


def test_counties_named_without_the_word():
    found = places_of("Girls from Cooke, Grayson and Love counties will ride at the Gainesville rodeo.",
                      ["Cooke", "Grayson", "Gainesville"])
    assert found["Cooke"].feature == "admin2" and found["Cooke"].admin1 == "Texas"
    assert found["Gainesville"].admin1 == "Texas"


def test_a_place_opening_an_organisation_is_a_place_mention():
    report = sitrep.analyze("The Minnesota Department of Transportation closed the bridge, Amnesty International said.")
    mentions = {m.text: p for p in report.places for m in p.mentions}
    assert mentions["Minnesota"].admin1 == "Minnesota"
    assert not any("Amnesty" in text for text in mentions)


def test_a_curated_name_keeps_its_article():
    found = places_of("Migrants crossed the Atlantic to reach Spain.", ["the Atlantic"])
    assert found["the Atlantic"].name == "Atlantic Ocean"  # not Atlantic, Iowa


def test_abbreviated_and_unit_words():
    found = places_of("Crews from Loudon Co. and Mt. Juliet helped; Akita Prefecture sent aid.",
                      ["Loudon Co.", "Mt. Juliet", "Akita Prefecture"])
    assert found["Loudon Co."].feature == "admin2" and found["Loudon Co."].admin1 == "Tennessee"
    assert found["Mt. Juliet"].admin1 == "Tennessee"
    assert found["Akita Prefecture"].feature == "admin1" and found["Akita Prefecture"].country_code == "JP"


def test_a_city_is_not_taken_for_a_town_named_after_its_own_province():
    found = places_of("Clashes east of Deir ez-Zor and in Raqqa, Syria, killed nine.", ["Deir ez-Zor", "Raqqa"])
    assert found["Deir ez-Zor"].feature == "city" and found["Deir ez-Zor"].country_code == "SY"


def test_a_list_of_states_and_a_state_called_one():
    text = "Cases were reported in Arizona, California, Colorado and Georgia, and in the state of Washington."
    found = places_of(text, ["Arizona", "California", "Colorado", "Georgia", "Washington"])
    assert all(found[n].feature == "admin1" and found[n].country_code == "US"
               for n in ("California", "Georgia", "Washington"))


def test_a_country_name_is_the_country():
    found = places_of("Exports from Mexico and Taiwan rose.", ["Mexico", "Taiwan"])
    assert found["Mexico"].feature == "country" and found["Taiwan"].feature == "country"


def test_demonyms_and_qualified_names_find_their_place():
    found = places_of("Minnesotans crowded North Dallas.", ["Minnesotans", "North Dallas"])
    assert found["Minnesotans"].name == "Minnesota"
    assert found["North Dallas"].admin1 == "Texas"


def test_names_the_gazetteer_lacks_are_placed_by_the_text():
    text = "Volunteers met at Eva's Shelter in Paterson, at the Dubai World Cup, and on Zyxwq Lane, where Fresno police"
    found = places_of(text, ["Eva's Shelter", "Paterson", "Dubai World Cup", "Zyxwq Lane", "Fresno"])
    assert found["Eva's Shelter"].id == found["Paterson"].id
    assert found["Dubai World Cup"].country_code == "AE"
    near = found["Zyxwq Lane"]  # nothing names it: the nearest town stands in, marked as approximate
    assert near.id.startswith("near:") and near.feature == "other" and near.lat == found["Fresno"].lat
    assert near.precision == "approximate"


def test_every_resolved_place_says_how_closely_its_point_locates_it():
    found = places_of("Shelling hit Fallujah in Anbar, Iraq, near the Euphrates and Qwzxv.",
                      ["Fallujah", "Anbar", "Iraq", "Euphrates", "Qwzxv"])
    assert found["Fallujah"].precision == "point"
    assert {found[n].precision for n in ("Anbar", "Iraq", "Euphrates")} == {"area"}
    assert found["Qwzxv"].precision == "approximate"
    alone = sitrep.analyze("Qwzxv.", toponyms=[{"start": 0, "end": 5}]).places[0]
    assert alone.lat is None and alone.precision is None


def test_a_place_id_fits_the_store_however_long_the_given_name():
    text = "Qwzx " * 60 + "."
    place = sitrep.analyze(text, toponyms=[{"start": 0, "end": len(text) - 2}]).places[0]
    assert place.id.startswith("unresolved:") and len(place.id) <= 100


def test_conflict_news_names_gaza_and_the_gulf_by_their_short_names():
    found = places_of("Israeli strikes killed 20 people in Gaza, and a tanker was seized in the Gulf.",
                      ["Gaza", "the Gulf"])
    assert found["Gaza"].country_code == "PS"
    assert found["the Gulf"].name == "Persian Gulf"
    mozambique = places_of("Floods hit Gaza province in southern Mozambique.", ["Gaza province", "Mozambique"])
    assert mozambique["Gaza province"].country_code == "MZ"
