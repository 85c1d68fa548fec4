"""Learning the event-type classifier: ``sitrep train events [PLOVER_GSR_CAMEO.json]``.

Examples: the labelled sentences written for sitrep (``data/events/examples.jsonl``, every one of
the contract's 30 types) and, when given, the PLOVER gold standard records whose PLOVER category
(and mode) names one contract type (``PLOVER_TYPES``; FIGHT, MOBILIZE, RETREAT and most COERCE
records span several ACLED types and are left out). Each type weighs the same in training, so
the many PLOVER diplomatic records do not make every sentence diplomatic.

The model is a multinomial logistic regression with L2 regularisation, fitted by full-batch
gradient descent (Adam) in numpy. Accuracy is estimated by stratified k-fold cross-validation on
the written examples (the PLOVER records always train); the shipped weights are then fitted on all.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import spacy

from sitrep.events.classifier import EventClassifier, features
from sitrep.events.lexicon import TriggerLexicon
from sitrep.events.typology import CATEGORY

MIN_COUNT = 2  # a feature must occur in this many examples to get a weight
L2 = 3e-4
ITERATIONS = 400
LEARNING_RATE = 0.05

DIPLOMATIC = ("DEMAND", "REJECT", "THREATEN", "DISAPPROVE", "SUPPORT", "CONCEDE", "CONSULT", "AID",
              "INVESTIGATE", "SANCTION", "COOPERATE")
# (PLOVER category, mode) -> contract type; mode None stands for any mode.
PLOVER_TYPES = {(category, None): "diplomatic_event" for category in DIPLOMATIC} | {
    ("PROTEST", "demo-org"): "peaceful_protest", ("PROTEST", "demo-spon"): "peaceful_protest",
    ("PROTEST", "strike-hun"): "peaceful_protest", ("PROTEST", "strike-gen"): "peaceful_protest",
    ("PROTEST", "obstruct"): "peaceful_protest", ("PROTEST", "riot-spon"): "violent_demonstration",
    ("PROTEST", "riot"): "protest_with_intervention",
    ("ASSAULT", "explosives"): "remote_explosive_landmine_ied", ("ASSAULT", "suicide-attack"): "suicide_bomb",
    ("ASSAULT", "sexual"): "sexual_violence", ("ASSAULT", "primitive"): "attack", ("ASSAULT", "beat"): "attack",
    ("ASSAULT", "torture"): "attack", ("ASSAULT", "assassinate"): "attack",
    ("COERCE", "arrest"): "arrests", ("COERCE", "destroy"): "looting_property_destruction",
    ("COERCE", "firearms"): "excessive_force_against_protesters",
}
# PLOVER's AGREE covers any agreement; ACLED's is about ending or pausing violence.
_PEACE = re.compile(r"cease-?fire|truce|peace|armistice|prisoner", re.I)


@dataclass(frozen=True)
class Example:
    text: str
    type: str
    source: str  # "written" or "plover"


def written_examples() -> list[Example]:
    text = resources.files("sitrep.data").joinpath("events", "examples.jsonl").read_text(encoding="utf-8")
    return [Example(r["text"], r["type"], "written") for r in map(json.loads, text.splitlines()) if r]


def plover_examples(path: Path) -> list[Example]:
    """PLOVER records typed by ``PLOVER_TYPES``; a sentence coded twice keeps its first type."""
    examples, seen = [], set()
    for record in json.loads(path.read_text(encoding="utf-8")):
        text, category = record.get("text"), record.get("event")
        if category == "AGREE":
            event_type = "agreement" if text and _PEACE.search(text) else "diplomatic_event"
        else:
            event_type = PLOVER_TYPES.get((category, None)) or PLOVER_TYPES.get((category, record.get("mode")))
        if text and event_type and text not in seen:
            seen.add(text)
            examples.append(Example(text.strip(), event_type, "plover"))
    return examples


def example_features(examples: list[Example]) -> list[set[str]]:
    """Each example's features, with the trigger cues the detector would see in it."""
    tokenizer = spacy.blank("en").tokenizer  # the pipeline's tokenizer
    lexicon = TriggerLexicon()
    found = []
    for example in examples:
        words = [t.lower_ for t in tokenizer(example.text)]
        found.append(features(example.text, [rule.type for rule, _, _ in lexicon.cues(words)]))
    return found


def fit(feature_sets: list[set[str]], types: list[str], classes: list[str], l2: float = L2,
        iterations: int = ITERATIONS) -> EventClassifier:
    counts = Counter(name for names in feature_sets for name in names)
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_COUNT)
    classifier = EventClassifier(vocabulary, classes, np.zeros((len(vocabulary), len(classes)), np.float32),
                                 np.zeros(len(classes), np.float32))
    x = np.zeros((len(feature_sets), len(vocabulary)), np.float32)
    for row, names in enumerate(feature_sets):
        columns = classifier.feature_rows(names)
        if columns:
            x[row, columns] = 1 / np.sqrt(len(columns))
    y = np.zeros((len(types), len(classes)), np.float32)
    y[np.arange(len(types)), [classes.index(t) for t in types]] = 1
    # Every type weighs the same in the loss, however many examples it has.
    per_type = Counter(types)
    sample_weight = np.array([1 / per_type[t] for t in types], np.float32)
    sample_weight /= sample_weight.sum()
    weights, bias = np.zeros((x.shape[1], len(classes)), np.float32), np.zeros(len(classes), np.float32)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, iterations + 1):
        scores = x @ weights + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = (probabilities - y) * sample_weight[:, None]
        gradients = (x.T @ error + l2 * weights, error.sum(axis=0))
        for k, (parameter, gradient) in enumerate(zip((weights, bias), gradients, strict=True)):
            first, second = moments[2 * k], moments[2 * k + 1]
            first[:] = 0.9 * first + 0.1 * gradient
            second[:] = 0.999 * second + 0.001 * gradient ** 2
            parameter -= LEARNING_RATE * (first / (1 - 0.9 ** step)) / (np.sqrt(second / (1 - 0.999 ** step)) + 1e-8)
    classifier.weights, classifier.bias = weights.astype(np.float32), bias.astype(np.float32)
    return classifier


def _folds(examples: list[Example], folds: int) -> list[int]:
    """A fold per example, each type spread evenly over the folds (seeded, so runs repeat)."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, example in enumerate(examples):
        by_type[example.type].append(i)
    fold_of = [0] * len(examples)
    shuffle = random.Random(13)
    for indexes in by_type.values():
        shuffle.shuffle(indexes)
        for k, i in enumerate(indexes):
            fold_of[i] = k % folds
    return fold_of


def cross_validate(examples: list[Example], feature_sets: list[set[str]], classes: list[str],
                   folds: int) -> dict:
    """Accuracy and category accuracy on held-out written examples, k-fold."""
    written = [i for i, e in enumerate(examples) if e.source == "written"]
    fold_of = _folds([examples[i] for i in written], folds)
    held_out = {i: fold for i, fold in zip(written, fold_of, strict=True)}
    right = right_category = 0
    for fold in range(folds):
        train = [i for i in range(len(examples)) if held_out.get(i) != fold]
        test = [i for i in written if held_out[i] == fold]
        model = fit([feature_sets[i] for i in train], [examples[i].type for i in train], classes)
        for i in test:
            probabilities = model.probabilities_of(feature_sets[i])
            predicted = max(probabilities, key=probabilities.get)
            right += predicted == examples[i].type
            right_category += CATEGORY[predicted] == CATEGORY[examples[i].type]
    return {"folds": folds, "examples": len(written), "accuracy": round(right / len(written), 4),
            "category_accuracy": round(right_category / len(written), 4)}


def train_events(plover: Path | None, output: Path, folds: int = 5) -> dict:
    """Cross-validate, fit on every example and write the model; returns the figures it records."""
    examples = written_examples() + (plover_examples(plover) if plover else [])
    classes = sorted(CATEGORY)
    feature_sets = example_features(examples)
    about = {"command": "sitrep train events" + (f" {plover.name}" if plover else ""),
             "examples": dict(Counter(e.source for e in examples)),
             "cross_validation": cross_validate(examples, feature_sets, classes, folds) if folds > 1 else None}
    model = fit(feature_sets, [e.type for e in examples], classes)
    model.about = about | {"features": len(model.index)}
    model.save(output)
    return model.about
