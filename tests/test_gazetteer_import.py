"""`sitrep gazetteer import` on a small GeoNames-format fixture written for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.gazetteer.geonames_import import ImportProblem, import_geonames
from sitrep.gazetteer.index import base_index_path, build_base_gazetteer, imported_index_path

DUMPS = Path(__file__).parent / "fixtures" / "geonames"
FILES = [DUMPS / "SY.txt", DUMPS / "admin1CodesASCII.txt", DUMPS / "alternateNamesV2.txt"]


@pytest.fixture(scope="module")
def imported():
    gazetteer = build_base_gazetteer()
    assert not any(r.id == "geonames:9000001" for r, _ in gazetteer.exact("Ain Issa"))
    counts = import_geonames(FILES, gazetteer)
    return gazetteer, counts


def test_village_level_places_arrive_with_names_and_admin1(imported):
    gazetteer, counts = imported
    assert counts["places_added"] == 2 and counts["places_named"] == 1
    village = next(r for r, _ in gazetteer.exact("Ain Issa") if r.id == "geonames:9000001")
    assert village.feature == "city" and village.admin1 == "Ar-Raqqah" and village.population == 12000
    for spelling in ("Ayn Isa", "Ein Issa", "Ain Eissa"):  # the dump's and alternateNamesV2's names
        assert any(r.id == "geonames:9000001" for r, _ in gazetteer.exact(spelling)), spelling
    dam = gazetteer.get("geonames:9000002")
    assert dam is not None and dam.feature == "water"


def test_links_other_scripts_and_historic_names_are_left_out(imported):
    gazetteer, _ = imported
    assert not gazetteer.exact("Nineveh City")  # marked historic
    assert not any(r.id == "geonames:9000001" for r, _ in gazetteer.exact("https://example.invalid/ain-issa"))


def test_a_malformed_dump_names_file_and_line(tmp_path):
    bad = tmp_path / "SY.txt"
    bad.write_text("9000003\tBroken\tBroken\t\tnot-a-number\t38.0\tP\tPPL\tSY\t\t04\t\t\t\t0\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"SY.txt:1"):
        import_geonames([bad], build_base_gazetteer())
    with pytest.raises(ImportProblem, match="not a GeoNames dump file name"):
        import_geonames([tmp_path / "cities.csv"], build_base_gazetteer())


def test_cli_import_writes_the_index_used_from_then_on(tmp_path, monkeypatch, capsys):
    shutil.copy(base_index_path(), tmp_path / base_index_path().name)  # skip rebuilding the base index
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    assert main(["gazetteer", "import", *map(str, FILES)]) == 0
    assert imported_index_path().exists() and imported_index_path().parent == tmp_path
    assert "2 places added" in capsys.readouterr().err
    imported_index_path().unlink()
    (tmp_path / "SY.txt").write_text("broken line\n", encoding="utf-8")
    assert main(["gazetteer", "import", str(tmp_path / "SY.txt")]) == 1
    assert "nothing changed" in capsys.readouterr().err and not imported_index_path().exists()
