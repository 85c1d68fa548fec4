"""`sitrep export`, `sitrep events`, `sitrep incidents` and `sitrep.api.events_frame`, over a store filled
once per module from the bundled samples."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import SAMPLES
from sitrep.cli import main
from sitrep.corpus import ingest
from sitrep.export import ACLED_COLUMNS, table_columns

SYRIA_BBOX = (35.5, 32.0, 42.5, 37.5)  # min lon, min lat, max lon, max lat


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("export")
    url = f"sqlite:///{folder}/t.db"
    summary = ingest([str(SAMPLES)], url, progress=None)
    assert summary.stored == 20 and summary.incidents > 0
    return url


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export_csv(capsys, db: str, path: Path, *filters: str) -> list[dict[str, str]]:
    code, _, err = run(capsys, "export", "--db", db, "--format", "csv", "--output", str(path), *filters)
    assert code == 0, err
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ACLED_COLUMNS
        rows = list(reader)
    assert f"{len(rows)} " in err  # the count written goes to stderr
    return rows


def export_jsonl(capsys, db: str, path: Path, *filters: str) -> list[dict]:
    code, _, err = run(capsys, "export", "--db", db, "--format", "jsonl", "--output", str(path), *filters)
    assert code == 0, err
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_has_acled_columns_and_rows(db, tmp_path, capsys):
    rows = export_csv(capsys, db, tmp_path / "all.csv")
    assert len(rows) > 50
    clash = next(r for r in rows if r["sub_event_type"] == "Armed clash"
                 and {r["actor1"], r["actor2"]} == {"Syrian Democratic Forces", "Islamic State"})
    assert clash["event_type"] == "Battles" and clash["disorder_type"] == "Political violence"
    assert clash["inter1"] == "2" and clash["inter2"] == "2" and clash["interaction"] == "22"
    assert clash["country"] == "Syria" and clash["year"] == clash["event_date"][:4]
    assert clash["time_precision"] in {"1", "2", "3"} and clash["geo_precision"] in {"1", "3"}
    assert clash["notes"] and clash["tags"].startswith("modality=")
    located = [row for row in rows if row["latitude"]]
    assert len(located) > len(rows) / 2
    for row in rows:
        # An event whose place is unknown has neither coordinate; a located one has both.
        assert (row["latitude"] == "") == (row["longitude"] == "")
        if row["latitude"]:
            float(row["latitude"]), float(row["longitude"])
        assert row["fatalities"] == "" or int(row["fatalities"]) >= 0
        assert row["iso"] == "" and row["timestamp"] == ""
    # Political violence and demonstrations map as ACLED does; our own types stay outside its disorder types.
    disorder = {(r["event_type"], r["disorder_type"]) for r in rows}
    assert ("Protests", "Demonstrations") in disorder
    assert ("non_acled", "") in disorder or all(r["event_type"] != "non_acled" for r in rows)


def test_type_filter_narrows_csv(db, tmp_path, capsys):
    everything = export_csv(capsys, db, tmp_path / "all.csv")
    clashes = export_csv(capsys, db, tmp_path / "clashes.csv", "--type", "armed_clash")
    assert 0 < len(clashes) < len(everything)
    assert {r["sub_event_type"] for r in clashes} == {"Armed clash"}
    two = export_csv(capsys, db, tmp_path / "two.csv", "--type", "armed_clash", "--type", "air_drone_strike")
    assert len(two) > len(clashes)


def test_country_bbox_and_date_filters(db, tmp_path, capsys):
    syria = export_jsonl(capsys, db, tmp_path / "sy.jsonl", "--country", "sy")
    assert syria and {r["country_code"] for r in syria} == {"SY"}
    boxed = export_jsonl(capsys, db, tmp_path / "box.jsonl", "--bbox", ",".join(map(str, SYRIA_BBOX)))
    assert boxed
    for row in boxed:
        assert SYRIA_BBOX[0] <= row["lon"] <= SYRIA_BBOX[2] and SYRIA_BBOX[1] <= row["lat"] <= SYRIA_BBOX[3]
    march = export_jsonl(capsys, db, tmp_path / "march.jsonl", "--from", "2024-03", "--to", "2024-03")
    assert march and all(r["time_start"].startswith("2024-03") for r in march)
    year = export_jsonl(capsys, db, tmp_path / "y.jsonl", "--from", "2024-03-01", "--to", "2024")
    assert len(year) >= len(march)
    assert all("2024-03-01" <= r["time_start"] <= "2024-12-31" for r in year)


def test_geojson_points_inside_bbox(db, tmp_path, capsys):
    path = tmp_path / "box.geojson"
    code, _, err = run(capsys, "export", "--db", db, "--output", str(path),  # format from the suffix
                       "--bbox", ",".join(map(str, SYRIA_BBOX)))
    assert code == 0, err
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert SYRIA_BBOX[0] <= lon <= SYRIA_BBOX[2] and SYRIA_BBOX[1] <= lat <= SYRIA_BBOX[3]
        assert set(table_columns()) <= set(feature["properties"])
    assert f"{len(data['features'])} events written" in err


def test_parquet_round_trips_and_matches_jsonl(db, tmp_path, capsys):
    for incidents in ((), ("--incidents",)):
        path = tmp_path / "out.parquet"
        code, _, err = run(capsys, "export", "--db", db, "--format", "parquet", "-o", str(path), *incidents)
        assert code == 0, err
        table = pq.read_table(path)
        assert table.column_names == table_columns(bool(incidents))
        lines = export_jsonl(capsys, db, tmp_path / "out.jsonl", *incidents)
        assert table.num_rows == len(lines) > 0
        assert sorted(table.column("id").to_pylist()) == sorted(r["id"] for r in lines)


def test_jsonl_rows_carry_evidence_with_source(db, tmp_path, capsys):
    rows = export_jsonl(capsys, db, tmp_path / "e.jsonl")
    assert all(set(table_columns()) <= set(r) for r in rows)
    assert all(r["evidence"] and r["evidence"][0]["sentence"] for r in rows)
    sourced = [r for r in rows if r["source"]]
    assert sourced
    for row in sourced:
        assert row["evidence"][0]["source"] == row["source"] and row["evidence"][0]["document"]


def test_incidents_csv(db, tmp_path, capsys):
    rows = export_csv(capsys, db, tmp_path / "i.csv", "--incidents")
    assert rows and all(r["event_id_cnty"].startswith("incident:") for r in rows)
    assert all(r["notes"].startswith("fatalities reported: [") and "dates reported: [" in r["notes"] for r in rows)
    conflicting = [r for r in rows if r["notes"].startswith("fatalities reported: [") and "," in
                   r["notes"].split(";")[0]]
    for row in conflicting:  # the smallest of conflicting counts
        counts = json.loads(row["notes"].split(";")[0].split(": ", 1)[1])
        assert int(row["fatalities"]) == min(counts)


def test_events_listing(db, capsys):
    code, out, _ = run(capsys, "events", "--db", db, "--limit", "5", "--country", "SY")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["date", "type", "place", "country", "actor1", "actor2", "modality", "fatalities"]
    assert len(lines) == 2 + 5 + 1
    assert lines[-1].startswith("5 shown of ") and lines[-1].endswith(" matching")
    total = int(lines[-1].split()[3])
    assert total == len(export_jsonl(capsys, db, Path(db.removeprefix("sqlite:///")).with_name("sy.jsonl"),
                                     "--country", "SY"))


def test_incidents_listing(db, capsys):
    code, out, _ = run(capsys, "incidents", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["dates", "type", "place", "events", "sources"]
    assert "fatalities reported" in lines[0]
    shown, total = int(lines[-1].split()[0]), int(lines[-1].split()[3])
    assert shown == min(20, total) and len(lines) == 2 + shown + 1


def test_events_frame(db):
    from sitrep.api import events_frame

    frame = events_frame(db.removeprefix("sqlite:///"), countries="SY")
    assert list(frame.columns[:len(table_columns())]) == table_columns()
    assert len(frame) > 0 and set(frame["country_code"]) == {"SY"}
    incidents = events_frame(db, incidents=True, types=["armed_clash"])
    assert len(incidents) > 0 and set(incidents["type"]) == {"armed_clash"}
    assert isinstance(incidents["fatalities_reported"].iloc[0], list)
    with pytest.raises(TypeError, match="unknown filters"):
        events_frame(db, colour="red")


def test_events_frame_without_pandas(db, monkeypatch):
    from sitrep.api import events_frame

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"sitrep\[analysis\]"):
        events_frame(db)


@pytest.mark.parametrize("bbox, message", [
    ("1,2,3", "four numbers"), ("a,b,c,d", "four numbers"), ("10,20,5,30", "min must not exceed max"),
    ("0,-95,10,10", "latitudes"), ("-190,0,10,10", "longitudes"),
])
def test_bad_bbox_is_a_usage_error(db, tmp_path, capsys, bbox, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--db", db, "-o", str(tmp_path / "x.csv"), f"--bbox={bbox}"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--from", "2024-13"], "YYYY-MM"), (["--to", "24"], "YYYY-MM"),
    (["--from", "2024-05", "--to", "2024-04"], "is after"), (["--type", "battle"], "unknown event type"),
    (["--country", "Syria"], "alpha-2"), (["--modality", "rumoured"], "unknown modality"),
])
def test_bad_filters_are_usage_errors(db, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["events", "--db", db, *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_failed_export_leaves_no_file(db, tmp_path, capsys, monkeypatch):
    from sitrep.export import writers

    target = tmp_path / "keep.jsonl"
    target.write_text("previous\n", encoding="utf-8")

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setitem(writers.WRITERS, "jsonl", broken)
    code, _, err = run(capsys, "export", "--db", db, "-o", str(target))
    assert code == 1 and "disk full" in err
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.jsonl"]


def test_missing_database(tmp_path, capsys):
    code, _, err = run(capsys, "events", "--db", str(tmp_path / "nope.db"))
    assert code == 1 and "no database" in err
    assert not (tmp_path / "nope.db").exists()
