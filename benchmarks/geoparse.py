"""Places: the referee's geoparse scores with given toponyms and on the full path, plus speed.

    .venv/bin/python benchmarks/geoparse.py [--out DIR]

For LGL, GeoWebNews-dev and GeoVirus: ``score.py geoparse`` on sitrep's reports with
``--given-toponyms`` (resolution only) and without (recognition + resolution). Speed: the time to
load the gazetteer index in a fresh process, and to resolve 1,000 gold mentions (LGL's first
documents, resolved document by document as the pipeline does).
The resolver's weights were learned on LGL and GeoWebNews-dev (``sitrep train geo``; their
cross-validated accuracy is in ``src/sitrep/data/models/geo_ranker.json``): GeoVirus is the
corpus the weights never saw (though eleven country points were placed to suit its coordinate
convention as well as GeoNames'; see ``src/sitrep/data/README.md``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from referee import SHARED, analyze_and_score, benchmark_parser, output_folder

CORPORA = ["lgl", "geowebnews_dev", "geovirus"]


def score(gold: Path, out: Path, given: bool) -> dict:
    pred = out / f"{gold.stem}{'.given' if given else ''}.reports.jsonl"
    scores = analyze_and_score("geoparse", gold, pred, ["--given-toponyms"] if given else [])
    return {"recognition_f1": scores["recognition"]["f1"], "end_to_end_acc@161km": scores["end_to_end_acc@161km"],
            "acc@161km_on_recognised": scores["resolution_on_recognized"]["acc@161km"]}


def load_seconds() -> float:
    code = ("import time; t = time.perf_counter(); from sitrep.gazetteer import load_gazetteer; load_gazetteer(); "
            "print(time.perf_counter() - t)")
    subprocess.run([sys.executable, "-c", "from sitrep.gazetteer import load_gazetteer; load_gazetteer()"], check=True)
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def resolve_seconds(mentions: int = 1000) -> tuple[int, float]:
    from sitrep.gazetteer import load_gazetteer
    from sitrep.geo import PlaceResolver

    resolver = PlaceResolver(load_gazetteer())
    documents, count = [], 0
    with (SHARED / "data" / "geoparse" / "lgl.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = [(t["start"], t["end"]) for t in record["toponyms"]][: mentions - count]
            documents.append((record["text"], spans))
            count += len(spans)
            if count >= mentions:
                break
    started = time.perf_counter()
    for text, spans in documents:
        resolver.resolve(text, spans)
    return count, time.perf_counter() - started


def main() -> None:
    out = output_folder(benchmark_parser(__doc__).parse_args())
    result: dict = {}
    for corpus in CORPORA:
        gold = SHARED / "data" / "geoparse" / f"{corpus}.jsonl"
        result[corpus] = {"given_toponyms": score(gold, out, True), "full_path": score(gold, out, False)}
    mentions, seconds = resolve_seconds()
    result["speed"] = {"gazetteer_load_s": round(load_seconds(), 2), "mentions_resolved": mentions,
                       "resolve_s": round(seconds, 3)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
