"""The event-type classifier: a multinomial logistic regression over one sentence's words, word
stems and the trigger lexicon's cues, scored with numpy (no torch, no sklearn).

The weights live in ``data/models/event_classifier.npz`` and are learned by ``sitrep train events``
(see ``sitrep.events.training``). A sentence's features are binary and L2-normalised, so a long
sentence does not outvote a short one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[a-z]+|\d+")
STEM_LENGTH = 5  # "protesters", "protested" and "protests" share "prote"


def features(text: str, cue_types: Iterable[str]) -> set[str]:
    """The named features of a sentence: its words (numbers as "0"), the first letters of longer
    words, and the event types the trigger lexicon's cues name in it. (Adjacent word pairs did no
    better in cross-validation: the cues already hold the telling phrases.)"""
    words = ["0" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    found = {f"w:{w}" for w in words}
    found.update(f"s:{w[:STEM_LENGTH]}" for w in words if len(w) > STEM_LENGTH)
    found.update(f"cue:{t}" for t in cue_types)
    return found


class EventClassifier:
    """Probabilities of the contract's event types for one sentence."""

    def __init__(self, vocabulary: list[str], classes: list[str], weights: np.ndarray, bias: np.ndarray,
                 about: dict | None = None) -> None:
        self.classes = classes
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.weights = weights  # features x classes
        self.bias = bias
        self.about = about or {}  # how the model was trained and how well it did

    @classmethod
    def load(cls, path: Path | None = None) -> EventClassifier:
        """The model at ``path``, or the one sitrep ships."""
        source = path or resources.files("sitrep.data").joinpath("models", "event_classifier.npz")
        with source.open("rb") as handle, np.load(handle, allow_pickle=False) as model:
            return cls(model["vocabulary"].tolist(), model["classes"].tolist(), model["weights"].astype(np.float32),
                       model["bias"].astype(np.float32), json.loads(str(model["about"])))

    def save(self, path: Path) -> None:
        vocabulary = sorted(self.index, key=self.index.get)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(handle, vocabulary=np.array(vocabulary), classes=np.array(self.classes),
                                weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                                about=np.array(json.dumps(self.about, sort_keys=True)))

    def feature_rows(self, names: Iterable[str]) -> list[int]:
        return [i for i in map(self.index.get, names) if i is not None]

    def probabilities(self, text: str, cue_types: Iterable[str] = ()) -> dict[str, float]:
        """Each type's probability for a sentence whose trigger cues name ``cue_types``."""
        return self.probabilities_of(features(text, cue_types))

    def probabilities_of(self, names: Iterable[str]) -> dict[str, float]:
        rows = self.feature_rows(names)
        scores = self.bias.copy()
        if rows:
            scores += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))
