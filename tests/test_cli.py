"""`sitrep analyze` as CONTRACT.md specifies it, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, assert_valid_report
from sitrep.cli import main

ARTICLE = ("Syrian Democratic Forces clashed with Islamic State fighters near Manbij on Tuesday, "
           "killing 12 militants, according to the Syrian Observatory for Human Rights.")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def reports_from(out: str) -> list[dict]:
    return [assert_valid_report(json.loads(line)) for line in out.splitlines() if line.strip()]


def test_plain_text_file_gives_one_json_report(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--include-text")
    report = assert_valid_report(json.loads(out))
    assert code == 0
    assert report["id"].startswith("sha1:")
    assert report["text"] == ARTICLE
    assert {p["name"] for p in report["places"]} >= {"Manbij"}
    event = report["events"][0]
    assert event["type"] == "armed_clash" and event["fatalities"] == 12
    assert event["modality"] == "reported"
    assert event["attribution"]["text"] == "the Syrian Observatory for Human Rights"


def test_jsonl_input_keeps_ids_order_and_metadata(tmp_path, capsys):
    path = tmp_path / "docs.jsonl"
    rows = [{"id": "b", "text": "Police arrested 30 protesters in Basra.", "published": "2024-03-01",
             "source": "Wire", "extra": 1},
            {"id": "a", "text": "A roadside bomb killed two soldiers in Helmand."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--format", "jsonl")
    reports = reports_from(out)
    assert code == 0
    assert [r["id"] for r in reports] == ["b", "a"]
    assert reports[0]["published"] == "2024-03-01" and reports[0]["source"] == "Wire"
    assert reports[1]["events"][0]["type"] == "remote_explosive_landmine_ied"


def test_json_format_writes_an_array_for_several_reports(tmp_path, capsys):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(ARTICLE + " " + name, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and len(data) == 2
    for report in data:
        assert_valid_report(report)


def test_html_main_text_is_extracted_without_boilerplate(capsys):
    code, out, _ = run(capsys, "analyze", str(SAMPLES / "sample-17.html"), "--include-text")
    report = assert_valid_report(json.loads(out))
    assert code == 0
    assert "Subscribe to our newsletter" not in report["text"]
    assert report["title"] and report["events"]


def test_output_file_and_summary(tmp_path, capsys):
    target = tmp_path / "out" / "reports.jsonl"
    code, out, err = run(capsys, "analyze", str(SAMPLES), "--format", "jsonl", "--output", str(target))
    assert code == 0 and out == ""
    reports = reports_from(target.read_text(encoding="utf-8"))
    assert len(reports) == 20
    assert "20 documents analysed" in err
    code, out, _ = run(capsys, "summary", str(target))
    assert code == 0 and "20 documents" in out and "Events by type" in out


def test_bad_input_is_reported_and_the_batch_goes_on(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Kämpfe in Aleppo".encode("latin-1"))
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Houthi drones struck a ship in the Red Sea."}\n'
        '{"id": "broken", "text": \n'
        '{"id": "blank", "text": ""}\n', encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(tmp_path), "--format", "jsonl")
    reports = reports_from(out)
    assert code == 0
    assert sorted(r["id"] for r in reports if not r["id"].startswith("sha1:")) == ["ok"]
    assert len(reports) == 2
    assert "empty.txt: empty document" in err
    assert "binary.txt: binary file" in err
    assert "latin1.txt: invalid UTF-8" in err
    assert "lines.jsonl:2: malformed JSON" in err
    assert "lines.jsonl:3 (id blank): empty document" in err


def test_nothing_analysable_exits_non_zero(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "empty document" in err and "missing.txt: cannot read file" in err


def test_given_toponyms_resolve_exactly_the_given_spans(tmp_path, capsys):
    text = "Fighting continued in Kharkov and Dayr az Zawr while talks in Geneva stalled."
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in ("Kharkov", "Dayr az Zawr")]
    path = tmp_path / "given.jsonl"
    path.write_text(json.dumps({"id": "g", "text": text, "toponyms": spans}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--format", "jsonl", "--given-toponyms")
    report = reports_from(out)[0]
    mentions = sorted((m["start"], m["end"]) for p in report["places"] for m in p["mentions"])
    assert mentions == sorted((s["start"], s["end"]) for s in spans)
    by_text = {p["mentions"][0]["text"]: p for p in report["places"]}
    assert by_text["Kharkov"]["country_code"] == "UA"
    assert by_text["Dayr az Zawr"]["country_code"] == "SY"


def test_standard_input_through_the_installed_command(tmp_path):
    sitrep = Path(sys.executable).with_name("sitrep")
    if not sitrep.exists():
        pytest.skip("the sitrep console script is not installed in this environment")
    done = subprocess.run([str(sitrep), "analyze", "-", "--format", "jsonl"], input=ARTICLE.encode(),
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert reports_from(done.stdout.decode())[0]["events"]
