"""CSV/TSV, RSS/Atom and WARC input through the public `sitrep.ingest.read_inputs`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import assert_valid_report
from sitrep.cli import main
from sitrep.ingest import Document, InputProblem, read_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def read(*paths: Path, **options) -> list[Document | InputProblem]:
    return list(read_inputs([str(p) for p in paths], **options))


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    return docs, problems


# -- CSV / TSV ----------------------------------------------------------------------------
CUSTOM_CSV = (
    "\ufeffguid,headline,body,date,outlet,link\n"
    'a1,Clash,"Fighting near Manbij killed 12 militants.\nMore on the second line.",2016-06-10,Wire,https://w.example/1\n'
    "a2,Nothing,   ,2016-06-11,Wire,\n"
    "a3,Bad date,Police arrested 30 protesters in Basra.,not a date,Wire,\n"
    "\n"
    'a4,Written date,"A roadside bomb killed two soldiers, officials said.","June 12, 2016",,\n'
)
MAPPING = {"id": "guid", "text": "body", "title": "headline", "published": "date", "source": "outlet",
           "url": "link"}


def test_csv_with_a_column_mapping(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(CUSTOM_CSV, encoding="utf-8")
    items = read(path, csv_columns=MAPPING)
    assert [type(i).__name__ for i in items] == ["Document", "InputProblem", "Document", "Document"]
    first, empty, bad_date, written = items
    assert first.id == "a1" and first.title == "Clash" and first.source == "Wire"
    assert first.text == "Fighting near Manbij killed 12 militants.\nMore on the second line."
    assert first.published == "2016-06-10" and first.url == "https://w.example/1"
    assert first.origin == f"{path}:row 2"
    assert (empty.origin, empty.reason, empty.id) == (f"{path}:row 4", "empty document", "a2")
    assert bad_date.id == "a3" and bad_date.published is None and bad_date.origin == f"{path}:row 5"
    assert bad_date.url is None  # empty cells are absent fields
    assert written.published == "2016-06-12" and written.origin == f"{path}:row 7"  # after the blank line


def test_csv_without_its_text_column_is_one_problem_naming_the_columns(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(CUSTOM_CSV, encoding="utf-8")
    [problem] = read(path)  # the default mapping looks for a 'text' column
    assert problem.origin == str(path)
    assert "'text'" in problem.reason and "'guid'" in problem.reason and "'body'" in problem.reason


def test_csv_bad_mapping_is_refused_at_the_call():
    with pytest.raises(ValueError, match="unknown CSV field"):
        read_inputs(["x.csv"], csv_columns={"body": "text"})


def test_csv_long_fields_and_undecodable_rows(tmp_path):
    long_text = "Shelling continued. " * 20_000  # 400,000 characters: over the csv module's default limit
    path = tmp_path / "long.csv"
    path.write_bytes(b"id,text\n"
                     + f'long,"{long_text}"\n'.encode()
                     + b"latin,caf\xe9 bombing\n"
                     + b"ok,Troops withdrew from the town.\n")
    long, latin, ok = read(path)
    assert long.text == long_text
    assert isinstance(latin, InputProblem) and latin.origin == f"{path}:row 3" and "UTF-8" in latin.reason
    assert ok.id == "ok" and ok.origin == f"{path}:row 4"


def test_tsv_uses_tabs_and_default_columns(tmp_path):
    path = tmp_path / "wire.tsv"
    path.write_text("id\ttext\tpublished\ttitle\n"
                    "t1\tAirstrikes hit Idlib, killing 5.\t2024-03-01T08:00:00Z\tIdlib strikes\n"
                    "t2\tNegotiators met in Doha.\t\t\n", encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.text, first.published, first.title) == (
        "t1", "Airstrikes hit Idlib, killing 5.", "2024-03-01", "Idlib strikes")
    assert second.published is None and second.title is None and second.origin == f"{path}:row 3"


# -- RSS / Atom ---------------------------------------------------------------------------
def test_rss_feed_entries():
    path = FIXTURES / "news.rss"
    html_entry, summary_entry, no_content = read(path)
    assert html_entry.id == "wire-1001" and html_entry.title == "Clashes near Manbij"
    assert html_entry.source == "Frontline Wire" and html_entry.url == "https://wire.example/2016/06/manbij"
    assert html_entry.text == ("Syrian Democratic Forces clashed with Islamic State fighters near Manbij on Tuesday.\n"
                               "Twelve militants were killed & four wounded.\nThe fighting went on overnight.")
    assert html_entry.published == "2016-06-10"  # the date as written, not moved to UTC
    assert html_entry.origin == f"{path}:entry 1"
    assert summary_entry.id == "https://wire.example/2024/03/basra"  # no guid: the link
    assert summary_entry.text == "Police arrested 30 protesters in Basra."
    assert summary_entry.published == "2024-03-01"
    assert isinstance(no_content, InputProblem) and no_content.origin == f"{path}:entry 3"
    assert no_content.id == "wire-1003"


def test_atom_feed_entries():
    path = FIXTURES / "news.atom"
    html_entry, text_entry, empty = read(path)
    assert html_entry.id == "urn:example:atom-desk:1" and html_entry.title == "Shelling in Kharkiv"
    assert html_entry.text == "Artillery shelling hit Kharkiv on Wednesday.\nTwo civilians were killed."
    assert html_entry.published == "2024-05-01" and html_entry.source == "Atom Desk"
    assert text_entry.text == "Negotiators met in Doha to discuss a ceasefire."
    assert text_entry.published == "2024-05-02"  # no <published>: the update date
    assert isinstance(empty, InputProblem) and empty.origin == f"{path}:entry 3"


def test_xml_files_are_read_only_when_they_are_feeds(tmp_path):
    (tmp_path / "a.xml").write_bytes((FIXTURES / "news.rss").read_bytes())
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url/></urlset>', encoding="utf-8")
    docs, problems = split(read(tmp_path))  # the folder walk passes over the sitemap
    assert [d.id for d in docs] == ["wire-1001", "https://wire.example/2024/03/basra"] and len(problems) == 1
    [problem] = read(tmp_path / "sitemap.xml")  # named explicitly, it is a problem
    assert "not an RSS or Atom feed" in problem.reason


def test_feed_on_standard_input_is_recognised():
    items = list(read_inputs(["-"], stdin=io.BytesIO((FIXTURES / "news.atom").read_bytes())))
    assert items[0].origin == "<stdin>:entry 1" and items[0].source == "Atom Desk"


# -- WARC ---------------------------------------------------------------------------------
def page(title: str, sentences: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Copyright Example News</footer></body></html>").encode()


KHARKIV = page("Shelling in Kharkiv", [
    "Russian artillery shelled residential districts of Kharkiv on Wednesday morning, regional officials said.",
    "Two civilians were killed and eleven others were wounded when shells struck an apartment block.",
    "Emergency crews worked through the day to clear the rubble and search for survivors."])
GAZA = page("Strike in Gaza", [
    "An Israeli airstrike hit a house in Khan Younis in southern Gaza late on Tuesday, medics said.",
    "At least seven people were killed, including three children, according to the health ministry.",
    "The military said it had targeted a militant commander operating from the building."])


def write_warc(path: Path, gzip: bool = True) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "sitrep tests"}))
        for uri, body, content_type, status in (
                ("https://news.example/kharkiv", KHARKIV, "text/html; charset=utf-8", "200 OK"),
                ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png", "200 OK"),
                ("https://news.example/old", b"<html>moved</html>", "text/html", "301 Moved Permanently"),
                ("https://news.example/gaza", GAZA.decode().replace("Younis", "Yun\u00eds").encode("latin-1"),
                 "text/html; charset=ISO-8859-1", "200 OK")):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_html_responses_become_documents(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    kharkiv, gaza = read(path)  # the warcinfo, the image and the redirect are passed over
    assert kharkiv.url == "https://news.example/kharkiv" and kharkiv.origin == f"{path}:record 2"
    assert kharkiv.id.startswith("urn:uuid:") and ">" not in kharkiv.id
    assert "Two civilians were killed" in kharkiv.text and "Copyright" not in kharkiv.text
    assert gaza.url == "https://news.example/gaza" and "Khan Yun\u00eds" in gaza.text  # decoded as latin-1
    assert gaza.origin == f"{path}:record 5"


def test_warc_undecodable_page_is_a_problem_naming_its_url(tmp_path):
    path = tmp_path / "bad.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for uri, body in (("https://news.example/bad", b"<html><body><p>caf\xe9</p></body></html>"),
                          ("https://news.example/kharkiv", KHARKIV)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    problem, doc = read(path)
    assert isinstance(problem, InputProblem) and problem.origin == f"{path}:record 1"
    assert "https://news.example/bad" in problem.reason and "utf-8" in problem.reason
    assert doc.url == "https://news.example/kharkiv"


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_warc_keeps_earlier_records_and_reports_the_file(tmp_path, gzip):
    whole = tmp_path / "whole.warc"
    write_warc(whole, gzip=gzip)
    data = whole.read_bytes()
    last_record = data.rfind(b"\x1f\x8b\x08" if gzip else b"WARC/1.")
    for name, cut in (("body", len(data) - 300), ("header", last_record + 40)):
        path = tmp_path / f"cut-{name}.warc{'.gz' if gzip else ''}"
        path.write_bytes(data[:cut])
        items = read(path)
        assert [type(i).__name__ for i in items] == ["Document", "InputProblem"], (name, items)
        assert items[0].url == "https://news.example/kharkiv"
        assert items[1].origin == str(path) and "truncated" in items[1].reason


def test_not_a_warc_is_one_problem(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_text("this is not an archive\n", encoding="utf-8")
    [problem] = read(path)
    assert problem.origin == str(path) and "corrupt" in problem.reason


def test_folder_walk_picks_up_the_new_formats(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "wire.csv").write_text("id,text\nc1,Troops withdrew from the town.\n", encoding="utf-8")
    (tmp_path / "news.rss").write_bytes((FIXTURES / "news.rss").read_bytes())
    (tmp_path / "notes.md").write_text("not read", encoding="utf-8")
    docs, problems = split(read(tmp_path))
    assert [Path(d.origin.split(":")[0]).name for d in docs] == ["crawl.warc.gz"] * 2 + ["news.rss"] * 2 + ["wire.csv"]
    assert len(problems) == 1  # the feed's entry without content


# -- end to end ---------------------------------------------------------------------------
def test_cli_analyzes_a_csv(tmp_path, capsys):
    path = tmp_path / "docs.csv"
    path.write_text("id,text,published,source\n"
                    "b,Police arrested 30 protesters in Basra.,2024-03-01,Wire\n"
                    "a,,2024-03-02,Wire\n", encoding="utf-8")
    code = main(["analyze", str(path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    reports = [assert_valid_report(json.loads(line)) for line in out.splitlines() if line.strip()]
    assert code == 0
    assert [r["id"] for r in reports] == ["b"]
    assert reports[0]["published"] == "2024-03-01" and reports[0]["source"] == "Wire"
    assert f"skipped {path}:row 3 (id a): empty document" in err
