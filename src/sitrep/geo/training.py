"""Learning the resolver's weights from gold toponyms: ``sitrep train geo GOLD.jsonl...``.

Each gold toponym with coordinates becomes one ranking example: its candidates' evidence
vectors, and which candidates lie within 161 km of the gold point. The model is a linear score
trained listwise: a softmax over each mention's candidates, maximising the probability of the
right ones, with L2 regularisation, by full-batch gradient ascent (numpy; the data are small).
Each gold file weighs the same, so a large corpus of one kind (US local news) does not set the
weights for every other kind of text.
Mentions with fewer than two candidates or no right one teach nothing and are left out.

Accuracy is estimated by k-fold cross-validation over documents (the weights scoring a document
never saw it); the shipped weights are then fitted on all the documents.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitrep.gazetteer import Gazetteer
from sitrep.geo.resolver import EVIDENCE, PlaceResolver
from sitrep.listwise import fit_listwise

WITHIN_KM = 161.0


@dataclass
class Example:
    corpus: str
    document: str
    evidence: np.ndarray  # candidates x evidence
    right: np.ndarray  # bool per candidate


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a_lat, a_lon, b_lat, b_lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def examples_from(records: Iterable[tuple[str, dict]], gazetteer: Gazetteer) -> list[Example]:
    resolver = PlaceResolver(gazetteer)
    examples = []
    for corpus, record in records:
        text = record["text"]
        # Every annotated span sets the context, as when resolving given toponyms; those with
        # coordinates are the examples.
        toponyms = record.get("toponyms", [])
        options, context = resolver.in_context(text, [(t["start"], t["end"]) for t in toponyms])
        for toponym, candidates in zip(toponyms, options, strict=True):
            if toponym.get("lat") is None:
                continue
            candidates = [c for c in candidates if c.record.lat is not None]
            if len(candidates) < 2:
                continue
            right = np.array([_km(toponym["lat"], toponym["lon"], c.record.lat, c.record.lon) <= WITHIN_KM
                              for c in candidates])
            if not right.any():
                continue
            evidence = np.array([resolver.evidence(c, context) for c in candidates])
            examples.append(Example(corpus, str(record["id"]), evidence, right))
    return examples


def fit(examples: list[Example], l2: float = 0.01, steps: int = 2000, rate: float = 1.0) -> np.ndarray:
    """Listwise softmax regression; each corpus weighs the same whatever its size."""
    if not examples:
        return np.zeros(len(EVIDENCE))
    evidence = np.vstack([e.evidence for e in examples])
    right = np.concatenate([e.right for e in examples]).astype(float)
    sizes: dict[str, int] = {}
    for e in examples:
        sizes[e.corpus] = sizes.get(e.corpus, 0) + 1
    mention_weight = np.array([1.0 / (sizes[e.corpus] * len(sizes)) for e in examples])
    return fit_listwise(evidence, right, [len(e.right) for e in examples], mention_weight, l2=l2, steps=steps,
                        rate=rate)


def accuracy(examples: list[Example], weights: np.ndarray) -> float:
    """Share of examples whose top-scored candidate is a right one."""
    right = sum(bool(e.right[int(np.argmax(e.evidence @ weights))]) for e in examples)
    return right / len(examples) if examples else 0.0


def cross_validate(examples: list[Example], folds: int = 5, seed: int = 13) -> float:
    documents = sorted({e.document for e in examples})
    random.Random(seed).shuffle(documents)
    fold_of = {d: i % folds for i, d in enumerate(documents)}
    hits = total = 0
    for fold in range(folds):
        train = [e for e in examples if fold_of[e.document] != fold]
        test = [e for e in examples if fold_of[e.document] == fold]
        weights = fit(train)
        hits += round(accuracy(test, weights) * len(test))
        total += len(test)
    return hits / total if total else 0.0


def train_geo(paths: list[str], output: Path, gazetteer: Gazetteer, folds: int = 5) -> dict:
    """Cross-validate, fit on everything, write the model; returns what was written."""
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            records += [(Path(path).stem, json.loads(line)) for line in handle if line.strip()]
    examples = examples_from(records, gazetteer)
    hand_set = np.array(PlaceResolver(gazetteer).weights)
    result = {
        "weights": dict(zip(EVIDENCE, (round(float(w), 4) for w in fit(examples)), strict=True)),
        "trained_on": [Path(p).name for p in paths],
        "ambiguous_mentions": len(examples),
        "cross_validated_accuracy": round(cross_validate(examples, folds), 4),
        "accuracy_of_previous_weights": round(accuracy(examples, hand_set), 4),
        "note": "accuracy = share of ambiguous gold mentions (2+ candidates, one within 161 km) whose top "
                f"candidate is within 161 km; cross-validated over documents in {folds} folds",
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result
