"""Learning the event location model: ``sitrep train evloc GOLD.jsonl...``.

Each gold sentence (one event VERB span, and the LOCATION span where that event happened, if any;
the format of ../shared/data/events/event_location_*.jsonl) becomes one ranking example: the
features of "none" and of each place mention the sentence has, relative to the predicate the verb
stands in as the detector reads it ("stepped up attacks"), and which of them are right (a
place with a mention overlapping the gold location; "none" when there is no gold location). The
model is a linear score trained listwise (softmax over an example's options, L2-regularised,
full-batch gradient ascent with numpy) over the features seen in at least ``MIN_EXAMPLES``
examples (most are words: one seen once or twice would learn its sentence, not English).
Sentences whose gold location is no place sitrep recognises teach nothing; they count as wrong
in the accuracy.

Accuracy (the share of sentences whose chosen option is right, as the referee's ``evloc`` task
counts it when an event covers the verb) is estimated by k-fold cross-validation over sentences
(the same sentence with another verb, or copied with other spacing or quotes, stays in the same
fold); the shipped weights are then fitted on all of them.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from sitrep.events.detector import place_candidates
from sitrep.events.location import candidate_features, none_features
from sitrep.events.mentions import MentionIndex
from sitrep.events.verbs import predicate
from sitrep.ingest import Document
from sitrep.listwise import fit_listwise

MIN_EXAMPLES = 3  # a feature is learned when at least this many gold examples have it
L2 = 0.003


@dataclass
class Example:
    sentence: str
    options: list[list[str]]  # features of "none", then of each candidate place
    right: list[bool]  # per option; all False when the gold location is no recognised place


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def examples_from(records: list[dict], annotate: Callable[[Document], tuple[Doc, MentionIndex]]) -> list[Example]:
    examples = []
    for record in records:
        verb = next(((s["start"], s["end"]) for s in record["spans"] if s["label"] == "VERB"), None)
        if verb is None:
            continue
        gold = [(s["start"], s["end"]) for s in record["spans"] if s["label"] == "LOCATION"]
        doc, mentions = annotate(Document(id=str(record["id"]), text=record["text"]))
        trigger = doc.char_span(*verb, alignment_mode="expand")
        if trigger is None:
            continue
        sentence = doc[trigger.start].sent
        candidates = place_candidates(sentence, mentions)
        right_places = {place for start, end, place in mentions.places
                        if any(_overlaps((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])), g) for g in gold)}
        span = predicate(doc, sentence, trigger.start, trigger.end)
        options = [none_features(doc, sentence, span, candidates)]
        options += [candidate_features(doc, sentence, span, c, candidates) for c in candidates]
        right = [not gold] + [bool(gold) and c.place in right_places for c in candidates]
        examples.append(Example(record["text"], options, right))
    return examples


def _matrix(examples: list[Example], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = [option for e in examples for option in e.options]
    features = np.zeros((len(rows), len(vocabulary)))
    for i, option in enumerate(rows):
        for name in option:
            if name in vocabulary:
                features[i, vocabulary[name]] = 1.0
    right = np.array([r for e in examples for r in e.right], dtype=float)
    sizes = np.array([len(e.options) for e in examples])
    return features, right, sizes


def fit(examples: list[Example], l2: float = L2, steps: int = 1500, rate: float = 1.0) -> dict[str, float]:
    """Listwise softmax regression over each example's options; unreachable examples are left out."""
    examples = [e for e in examples if any(e.right)]
    seen = Counter(name for e in examples for name in {n for o in e.options for n in o})
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, count in seen.items() if count >= MIN_EXAMPLES))}
    if not examples:
        return {}
    features, right, sizes = _matrix(examples, vocabulary)
    weights = fit_listwise(features, right, sizes, l2=l2, steps=steps, rate=rate)
    return {name: round(float(weights[i]), 4) for name, i in vocabulary.items()}


def accuracy(examples: list[Example], weights: dict[str, float]) -> float:
    """Share of examples whose best-scored option is right (first option wins ties, as "none" does)."""
    right = 0
    for e in examples:
        scores = [sum(weights.get(n, 0.0) for n in option) for option in e.options]
        right += e.right[int(np.argmax(scores))]
    return right / len(examples) if examples else 0.0


def _same_sentence(text: str) -> str:
    """A sentence as its letters and digits: the corpus has some sentences twice, spaced or quoted otherwise."""
    return re.sub(r"\W+", "", text.lower())


def cross_validate(examples: list[Example], folds: int = 5, seed: int = 13) -> float:
    sentences = sorted({_same_sentence(e.sentence) for e in examples})
    random.Random(seed).shuffle(sentences)
    fold_of = {s: i % folds for i, s in enumerate(sentences)}
    hits = 0
    for fold in range(folds):
        test = [e for e in examples if fold_of[_same_sentence(e.sentence)] == fold]
        weights = fit([e for e in examples if fold_of[_same_sentence(e.sentence)] != fold])
        hits += round(accuracy(test, weights) * len(test))
    return hits / len(examples) if examples else 0.0


def train_evloc(paths: list[str], output: Path, annotate: Callable[[Document], tuple[Doc, MentionIndex]],
                folds: int = 5) -> dict:
    """Cross-validate, fit on everything, write the model; returns what was written."""
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    examples = examples_from(records, annotate)
    result = {
        "weights": fit(examples),
        "trained_on": [Path(p).name for p in paths],
        "sentences": len(examples),
        "reachable": sum(any(e.right) for e in examples),
        "cross_validated_accuracy": round(cross_validate(examples, folds), 4),
        "note": "accuracy = share of gold sentences whose chosen place (or none) is right, given the gold verb's "
                "predicate as the event's trigger; a gold location sitrep does not recognise as a place counts as "
                f"wrong; cross-validated over sentences in {folds} folds",
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result
