"""Run sitrep on the dev files in ../shared/data and score each with the referee scorer.

    .venv/bin/python benchmarks/referee.py [--out DIR] [--only ner,geoparse,events,evloc]

Every figure printed comes from ``../shared/tools/score.py``; the reports are left in DIR
(default ``out/benchmarks``) so any number can be re-scored or inspected.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"

# (task, gold file, extra analyze flags, label)
RUNS = [
    ("ner", "data/re3d/dev.jsonl", [], "re3d dev"),
    ("geoparse", "data/geoparse/lgl.jsonl", [], "LGL full"),
    ("geoparse", "data/geoparse/lgl.jsonl", ["--given-toponyms"], "LGL given"),
    ("geoparse", "data/geoparse/geowebnews_dev.jsonl", [], "GeoWebNews-dev full"),
    ("geoparse", "data/geoparse/geowebnews_dev.jsonl", ["--given-toponyms"], "GeoWebNews-dev given"),
    ("geoparse", "data/geoparse/geovirus.jsonl", [], "GeoVirus full"),
    ("geoparse", "data/geoparse/geovirus.jsonl", ["--given-toponyms"], "GeoVirus given"),
    ("events", "data/events/case2021_task2_dev.jsonl", [], "CASE 2021 dev"),
    ("evloc", "data/events/event_location_dev.jsonl", [], "event location dev"),
]


def benchmark_parser(description: str | None) -> argparse.ArgumentParser:
    """The command line every scored benchmark shares: ``--out``, where reports and scores go."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "out" / "benchmarks"))
    return parser


def output_folder(args: argparse.Namespace) -> Path:
    """The ``--out`` folder, made; exits when the referee (../shared) is missing."""
    if not SCORER.exists():
        sys.exit(f"needs {SCORER} (the shared data and referee)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out


def analyze_and_score(task: str, gold: Path, pred: Path, flags: list[str] | None = None) -> dict:
    """Run ``sitrep analyze`` on a gold file into ``pred`` and score it with the referee."""
    sitrep = Path(sys.executable).with_name("sitrep")
    subprocess.run([str(sitrep), "analyze", str(gold), "--format", "jsonl", "--output", str(pred), *(flags or [])],
                   check=True)
    return score(task, gold, pred)


def score(task: str, gold: Path, pred: Path) -> dict:
    """The referee's scores of the reports in ``pred`` against ``gold``."""
    scored = subprocess.run([sys.executable, str(SCORER), task, "--gold", str(gold), "--pred", str(pred)],
                            check=True, capture_output=True, text=True)
    return json.loads(scored.stdout)


def headline(task: str, scores: dict) -> str:
    if task == "ner":
        s, r = scores["strict"]["micro_main"], scores["relaxed"]["micro_main"]
        return f"main-label micro F1 strict {s['f1']:.3f} / relaxed {r['f1']:.3f}"
    if task == "geoparse":
        rec, res = scores["recognition"], scores["resolution_on_recognized"]
        return (f"recognition F1 {rec['f1']:.3f}, acc@161km on recognised {res['acc@161km']}, "
                f"end-to-end acc@161km {scores['end_to_end_acc@161km']}")
    if task == "events":
        return (f"weighted F1 ACLED types {scores['acled_types']['weighted_f1']:.3f}, all 30 types "
                f"{scores['all_types']['weighted_f1']:.3f}, no event {scores['predicted_none']}")
    return (f"accuracy {scores['accuracy']:.3f} (verb covered by an event {scores['verb_covered_by_an_event']}, "
            f"where gold has a location {scores['accuracy_where_gold_has_location']})")


def main() -> None:
    parser = benchmark_parser(__doc__)
    parser.add_argument("--only", default="ner,geoparse,events,evloc")
    args = parser.parse_args()
    out = output_folder(args)
    tasks = set(args.only.split(","))
    summary = {}
    for task, gold, flags, label in RUNS:
        if task not in tasks:
            continue
        pred = out / (label.lower().replace(" ", "_") + ".jsonl")
        scores = analyze_and_score(task, SHARED / gold, pred, flags)
        (out / (pred.stem + ".scores.json")).write_text(json.dumps(scores, indent=1), encoding="utf-8")
        summary[label] = headline(task, scores)
        print(f"{label:24s} {summary[label]}", flush=True)
    (out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
