"""Entities: the referee's ``ner`` scores on re3d dev and UNER English-EWT test, strict and relaxed, per label.

    .venv/bin/python benchmarks/entities.py [--out DIR] [--folds 5] [--epochs N]

re3d dev, cross-validated (``--folds``, default 5): the documents are split into folds; for each
fold a name model is trained as the shipped one is (the general corpora, the sentences its teacher
labelled, which never saw re3d) plus the other folds' re3d documents, and the
held-out documents go through the whole pipeline with that model (``--fold-models DIR`` keeps the
fold models to score again without retraining). The reports of all folds are
concatenated and scored at once, so no document is scored by a model that saw it (the rules,
though, were written while reading re3d). ``--folds 0`` scores the shipped model instead, which
was trained on all of re3d: in-sample.

UNER English-EWT test (never trained on): its PER/ORG/LOC gold is converted into the referee's
re3d-style format, the sentences go through the whole pipeline with the shipped model, and only
PERSON/ORGANIZATION/LOCATION predictions are scored; the shipped name model alone (its names, no
rules) is scored on the same sentences, to tell the model's share from the rules'.
Every figure comes from ``../shared/tools/score.py``; reports and scores are left in DIR.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from referee import SHARED, benchmark_parser, output_folder, score
from sitrep.entities import load_name_model
from sitrep.entities.training import NAME_LABELS, general_records, taught_records, train_model
from sitrep.ingest import Document
from sitrep.pipeline import analyze_document, build_pipeline

RE3D = SHARED / "data" / "re3d" / "dev.jsonl"
UNER_TEST = SHARED / "data" / "ner" / "uner_en_ewt_test.jsonl"
UNER_TO_RE3D = {"PER": "Person", "ORG": "Organisation", "LOC": "Location"}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def analyse(nlp, records: list[dict], labels: frozenset[str] | None = None) -> list[dict]:
    reports = []
    for record in records:
        report = analyze_document(nlp, Document(text=record["text"], id=str(record["id"]))).to_dict()
        if labels is not None:
            report["entities"] = [e for e in report["entities"] if e["label"] in labels]
        reports.append(report)
    return reports


def model_names(nlp, records: list[dict]) -> list[dict]:
    """Reports holding only the shipped name model's names, the sentences tokenised as the pipeline does."""
    model = load_name_model(nlp.vocab)
    return [{"id": r["id"], "entities": [{"start": s.start_char, "end": s.end_char, "label": s.label_, "text": s.text}
                                        for s in model(nlp.make_doc(r["text"]))]} for r in records]


def folds_of(records: list[dict], folds: int) -> list[list[dict]]:
    """Documents dealt round-robin in id order: deterministic, and each fold mixes the sources."""
    ordered = sorted(records, key=lambda r: r["id"])
    return [ordered[k::folds] for k in range(folds)]


def cross_validated_re3d(nlp, folds: int, epochs: int, models: Path | None) -> list[dict]:
    """Reports on every re3d document from the fold model that never saw it. Fold models are kept
    in (and reused from) ``models`` when given."""
    records = read_jsonl(RE3D)
    general = None
    recogniser = nlp.get_pipe("sitrep_entities")
    reports = []
    for k, held_out in enumerate(folds_of(records, folds)):
        with tempfile.TemporaryDirectory() as scratch:
            path = (models or Path(scratch)) / f"fold{k + 1}of{folds}"
            if not (path / "config.cfg").exists():
                started = time.perf_counter()
                general = general or [*general_records(SHARED / "data"), *taught_records(SHARED / "data")]
                seen = {r["id"] for r in held_out}
                model = train_model(general, [r for r in records if r["id"] not in seen], epochs=epochs)
                path.parent.mkdir(parents=True, exist_ok=True)
                model.to_disk(path)
                print(f"fold {k + 1}/{folds}: trained in {time.perf_counter() - started:.0f} s", file=sys.stderr,
                      flush=True)
            recogniser.use_name_model(load_name_model(nlp.vocab, path))
        reports += analyse(nlp, held_out)
    recogniser.use_name_model(load_name_model(nlp.vocab))
    return reports


def uner_gold(path: Path) -> list[dict]:
    """UNER sentences with their PER/ORG/LOC names as re3d-style entities (``type``)."""
    return [{"id": r["id"], "text": r["text"],
             "entities": [{"start": e["start"], "end": e["end"], "type": UNER_TO_RE3D[e["label"]]}
                          for e in r["entities"] if e["label"] in UNER_TO_RE3D]}
            for r in read_jsonl(path)]


def summary(scores: dict, labels: Iterable[str]) -> dict:
    out = {}
    for mode in ("strict", "relaxed"):
        per_label = scores[mode]["per_label"]
        tp, fp, fn = (sum(per_label[label][k] for label in labels if label in per_label) for k in ("tp", "fp", "fn"))
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        out[mode] = {"f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
                     "per_label": {label: per_label[label]["f1"] for label in labels if label in per_label}}
    return out


def main() -> None:
    parser = benchmark_parser(__doc__)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds over re3d (0: shipped model)")
    parser.add_argument("--epochs", type=int, default=10, help="training epochs of each fold's model")
    parser.add_argument("--fold-models", help="folder to keep the fold models in, and reuse them from")
    args = parser.parse_args()
    out = output_folder(args)
    nlp = build_pipeline()
    results = {}

    re3d_pred = out / "entities_re3d.jsonl"
    if args.folds:
        write_jsonl(re3d_pred, cross_validated_re3d(nlp, args.folds, args.epochs,
                                                      Path(args.fold_models) if args.fold_models else None))
    else:
        write_jsonl(re3d_pred, analyse(nlp, read_jsonl(RE3D)))
    scores = score("ner", RE3D, re3d_pred)
    name = f"re3d dev ({args.folds}-fold CV)" if args.folds else "re3d dev (in-sample)"
    results[name] = {mode: {"micro_main": scores[mode]["micro_main"]["f1"],
                            "per_label": {k: v["f1"] for k, v in scores[mode]["per_label"].items()}}
                     for mode in ("strict", "relaxed")}

    uner_gold_path = out / "uner_en_ewt_test.gold.jsonl"
    write_jsonl(uner_gold_path, uner_gold(UNER_TEST))
    uner_pred = out / "entities_uner_test.jsonl"
    write_jsonl(uner_pred, analyse(nlp, read_jsonl(uner_gold_path), NAME_LABELS))
    results["UNER EWT test"] = summary(score("ner", uner_gold_path, uner_pred), sorted(NAME_LABELS))
    model_pred = out / "entities_uner_test.name_model.jsonl"
    write_jsonl(model_pred, model_names(nlp, read_jsonl(uner_gold_path)))
    results["UNER EWT test, name model alone"] = summary(score("ner", uner_gold_path, model_pred), sorted(NAME_LABELS))

    (out / "entities.scores.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
