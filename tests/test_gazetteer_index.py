"""The gazetteer index survives its compact on-disk form unchanged."""

from __future__ import annotations

import pickle

from sitrep.gazetteer.index import ALIAS, PRIMARY, Gazetteer, PlaceRecord, load_gazetteer


def small_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer()
    gazetteer.add(PlaceRecord("geonames:1", "Østfold", 59.3, 11.2, "NO", "Ostfold", "admin1", 0, None),
                  [("Østfold", PRIMARY), ("Ostfold county", ALIAS)])
    gazetteer.add(PlaceRecord("geonames:2", "Halden", 59.1, 11.4, "NO", "Ostfold", "city", 31000, 2),
                  [("Halden", PRIMARY)])
    gazetteer.add(PlaceRecord("sitrep:x", "Nowhere", None, None, None, None, "other", 0, None), [("Nowhere", PRIMARY)])
    gazetteer.capitals.add("geonames:2")
    return gazetteer


def test_a_pickled_gazetteer_reads_as_the_built_one():
    built = small_gazetteer()
    loaded = pickle.loads(pickle.dumps(built))
    for name in ("Ostfold", "Ostfold County", "Halden", "Nowhere", "Oslo"):
        assert loaded.exact(name) == built.exact(name), name
        assert loaded.has_key(name.lower()) == built.has_key(name.lower())
    assert loaded.transliterated("Haldan") == built.transliterated("Haldan")
    assert loaded.words_after.get("ostfold") == built.words_after.get("ostfold") == 2
    assert loaded.get("sitrep:x") == built.get("sitrep:x") and loaded.get("sitrep:x").lat is None
    assert loaded.capitals == {"geonames:2"} and len(loaded) == 3
    again = pickle.loads(pickle.dumps(loaded))  # after lookups, which leave a set of the keys behind
    assert [again.exact(name) for name in ("Halden", "Oslo")] == [built.exact("Halden"), []]


def test_a_loaded_gazetteer_still_takes_new_places():
    loaded = pickle.loads(pickle.dumps(small_gazetteer()))
    loaded.add(PlaceRecord("geonames:3", "Sarpsborg", 59.28, 11.1, "NO", "Ostfold", "city", 50000, 3),
               [("Sarpsborg", PRIMARY)])
    loaded.add(loaded.get("geonames:2"), [("Fredrikshald", PRIMARY)])
    assert loaded.exact("Sarpsborg")[0][0].population == 50000
    assert loaded.exact("Fredrikshald")[0][0].id == "geonames:2"
    assert loaded.exact("Halden")[0][0].id == "geonames:2"


def test_the_shipped_index_loads_with_its_tables():
    gazetteer = load_gazetteer()
    assert len(gazetteer) > 100_000 and gazetteer.has_key("mosul") and gazetteer.words_after.get("new", 0) > 1
