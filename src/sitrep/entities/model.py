"""The trained name model that ships in the package (``data/models/ner``; see its MODEL_CARD.md): a
spaCy tagger of BILUO name tags ("B-PERSON", "L-PERSON", "U-LOCATION", "O"), read back as spans."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

TAGGER = "name_tagger"  # the model's one pipe
if not Span.has_extension("name_confidence"):
    # The model's probability for a name's label, the lowest over its words (1.0 for names not from the model).
    Span.set_extension("name_confidence", default=1.0)


def shipped_model_path() -> Path:
    return Path(str(resources.files("sitrep.data").joinpath("models", "ner")))


class NameModel:
    """The trained tagger as a function from a ``Doc`` to the names in it (PERSON, ORGANIZATION,
    LOCATION spans); the tags are not written onto the tokens."""

    def __init__(self, nlp: Language) -> None:
        self.tagger: Tagger = nlp.get_pipe(TAGGER)
        self.labels = list(self.tagger.labels)
        self.label_columns: dict[str, list[int]] = {}  # each name label's tag columns (B-, I-, L-, U-)
        for column, tag in enumerate(self.labels):
            if tag != "O":
                self.label_columns.setdefault(tag.partition("-")[2], []).append(column)

    def __call__(self, doc: Doc) -> list[Span]:
        """The names in ``doc``, each with ``span._.name_confidence``."""
        if not len(doc):
            return []
        (scores,) = self.tagger.model.predict([doc])  # one row of tag scores per word, not normalised
        names = names_from_tags(doc, [self.labels[i] for i in scores.argmax(axis=1).tolist()])
        if names:
            odds = numpy.exp(scores - scores.max(axis=1, keepdims=True))
            probabilities = odds / odds.sum(axis=1, keepdims=True)
            for name in names:
                label_probability = probabilities[name.start:name.end, self.label_columns[name.label_]].sum(axis=1)
                name._.name_confidence = float(label_probability.min())
        return names


def load_name_model(vocab: Vocab, path: Path | None = None) -> NameModel:
    """The name model (default: the shipped one), sharing ``vocab`` with the pipeline."""
    path = path or shipped_model_path()
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no name model at {path}: train one with `sitrep train ner`")
    return NameModel(spacy.load(path, vocab=vocab))


def names_from_tags(doc: Doc, tags: Sequence[str]) -> list[Span]:
    """Spans from BILUO tags, read leniently: an I or L with no open name opens one, and a name ends
    where the next tag does not continue it."""
    spans: list[Span] = []
    start, label = None, ""
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if start is not None and (prefix in ("B", "U", "O") or kind != label):
            spans.append(Span(doc, start, i, label=label))
            start = None
        if prefix != "O" and start is None:
            start, label = i, kind
        if prefix in ("L", "U") and start is not None:
            spans.append(Span(doc, start, i + 1, label=label))
            start = None
    if start is not None:
        spans.append(Span(doc, start, len(tags), label=label))
    return [span for span in spans if not (span[0].is_space or span[-1].is_space)]
