"""Events: CASE 2021 typing and event location with the referee, and role accuracy on the PLOVER records.

    .venv/bin/python benchmarks/events.py [--out DIR] [--only case|evloc|plover]

- CASE 2021 task 2 dev: ``score.py events`` (weighted F1 over ACLED's 25 types, and all 30).
- Event location dev: ``score.py evloc``, on all sentences, on the adjudicated (double-checked) ones, and on
  those whose gold locations are whole words (some are broken fragments no place mention can match).
- PLOVER gold standard records (../shared/data/events/PLOVER_GSR_CAMEO.json; the referee has no
  task for them, so the rule is written here): a record's roles are right when sitrep's event
  whose trigger is nearest the record's first EVT span has an actor1 with a mention overlapping one
  of the record's source actor texts, and an actor2 with a mention overlapping a target actor text
  (or no actor2 when the record has no target). Reported with the share of records that get any
  event at all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import sitrep
from referee import SHARED, analyze_and_score, benchmark_parser, output_folder, score


def referee(task: str, gold: Path, out: Path) -> dict:
    return analyze_and_score(task, gold, out / f"{gold.stem}.reports.jsonl")


def _whole_word_locations(record: dict) -> bool:
    """Whether every gold LOCATION span of an event-location record starts and ends at a word's edge."""
    text = record["text"]
    return all(s["end"] - s["start"] >= 2 and not (s["start"] > 0 and text[s["start"] - 1].isalnum())
               and not text[s["start"]].isspace() and not (s["end"] < len(text) and text[s["end"]].isalnum())
               for s in record["spans"] if s["label"] == "LOCATION")


def _actor_texts(value: object) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    return [i["actorText"].lower() for i in items if isinstance(i, dict) and i.get("actorText")]


def _mentions(report: sitrep.Report, actor_id: str | None) -> list[str]:
    actor = next((a for a in report.actors if a.id == actor_id), None)
    return [m.text.lower() for m in actor.mentions] if actor else []


def _matches(mentions: list[str], gold: list[str]) -> bool:
    return any(m in g or g in m for m in mentions for g in gold)


def plover_roles() -> dict:
    records = [r for r in json.loads((SHARED / "data/events/PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
               if r.get("text")]
    right = with_event = 0
    for record in records:
        text = record["text"]
        report = sitrep.analyze(text)
        if not report.events:
            continue
        with_event += 1
        info = record.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        first_evt = re.search(r"\(EVT: ([^)]+)\)", markup)
        anchor = text.find(first_evt.group(1).split()[0]) if first_evt else 0
        event = min(report.events, key=lambda e: abs(e.trigger.start - max(anchor, 0)))
        sources, targets = _actor_texts(record.get("source")), _actor_texts(record.get("target"))
        source_ok = _matches(_mentions(report, event.actor1), sources)
        target_ok = _matches(_mentions(report, event.actor2), targets) if targets else event.actor2 is None
        right += source_ok and target_ok
    return {"records": len(records), "role_accuracy": round(right / len(records), 4),
            "records_with_an_event": round(with_event / len(records), 4)}


def main() -> None:
    parser = benchmark_parser(__doc__)
    parser.add_argument("--only", choices=("case", "evloc", "plover"), help="run one of the three parts")
    args = parser.parse_args()
    out = output_folder(args)
    result = {}
    if args.only in (None, "case"):
        case = referee("events", SHARED / "data/events/case2021_task2_dev.jsonl", out)
        result["case2021_dev"] = {"weighted_f1_acled": case["acled_types"]["weighted_f1"],
                                  "weighted_f1_all": case["all_types"]["weighted_f1"],
                                  "no_event": case["predicted_none"]}
    if args.only in (None, "evloc"):
        gold = SHARED / "data/events/event_location_dev.jsonl"
        result["event_location_dev"] = referee("evloc", gold, out)
        # The double-checked sentences alone: a check that the location model does not fit annotation noise.
        adjudicated = out / "event_location_dev.adjudicated.jsonl"
        adjudicated.write_text("".join(line for line in gold.read_text(encoding="utf-8").splitlines(keepends=True)
                                       if json.loads(line).get("adjudicated")), encoding="utf-8")
        result["event_location_dev_adjudicated"] = {
            k: v for k, v in referee("evloc", adjudicated, out).items() if k in ("accuracy", "n")}
        # Some gold locations are broken fragments ("n", "d "), which no place mention can match: the same
        # reports scored without those sentences tell the model's error from the labels'.
        whole_words = out / "event_location_dev.whole_word_gold.jsonl"
        whole_words.write_text("".join(json.dumps(r) + "\n" for r in map(json.loads, gold.read_text(
            encoding="utf-8").splitlines()) if _whole_word_locations(r)), encoding="utf-8")
        result["event_location_dev_whole_word_gold"] = {
            k: v for k, v in score("evloc", whole_words, out / f"{gold.stem}.reports.jsonl").items()
            if k in ("accuracy", "n", "verb_covered_by_an_event")}
    if args.only in (None, "plover"):
        result["plover_roles"] = plover_roles()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
