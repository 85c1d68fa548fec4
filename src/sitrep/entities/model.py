"""The trained name model that ships in the package (``data/models/ner``; see its MODEL_CARD.md): a
spaCy tagger of BILUO name tags ("B-PERSON", "L-PERSON", "U-LOCATION", "O"), read back as spans."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.ml.featureextractor import FeatureExtractor
from spacy.pipeline import Tagger
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from thinc.api import HashEmbed, Maxout, Model, Ragged, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d

from sitrep.words import doc_words

TAGGER = "name_tagger"  # the model's one pipe
if not Span.has_extension("name_confidence"):
    # The model's probability for a name's label, the lowest over its words (1.0 for names not from the model).
    Span.set_extension("name_confidence", default=1.0)


MAX_PIECE = 24  # the longest word piece looked for, in characters
CACHE_LIMIT = 200_000  # words whose vectors are kept between documents
PIECE_VECTORS = "piece_vectors"  # the fixed layer's name, by which training finds it to fill its table


@spacy.registry.architectures("sitrep.PieceVectorEmbed.v1")
def piece_vector_embed(width: int, attrs: list[str], rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed with one more input: each word's pretrained vector (``piece_vectors``),
    which every word has, seen in training or not."""
    embeddings = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
    hashed = chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*embeddings)))
    return chain(concatenate(hashed, piece_vectors()), with_array(Maxout(width, nP=3, dropout=0.0, normalize=True)),
                 ragged2list())


def piece_vectors() -> Model[list[Doc], Ragged]:
    """A fixed (untrained) layer: each word's vector is the unit-length mean of the vectors of its
    WordPiece pieces (lower case, accents off, greedy longest match, "##" on continuing pieces). The
    table (param "E", float16) and the pieces (attr "pieces", one string, "\n"-separated) are set by
    ``set_piece_vectors`` before training and saved with the model."""
    return Model(PIECE_VECTORS, _piece_vectors_forward, params={"E": None}, dims={"nO": None},
                 attrs={"pieces": "", "lookup": None})


def set_piece_vectors(layer: Model, pieces: Sequence[str], table: numpy.ndarray) -> None:
    """Give a ``piece_vectors`` layer its pieces and their vectors (row i is piece i's)."""
    layer.set_param("E", table.astype(numpy.float16))  # half the size; the vectors need no more precision
    layer.set_dim("nO", table.shape[1], force=True)
    layer.attrs["pieces"] = "\n".join(pieces)
    layer.attrs["lookup"] = None


def word_pieces(word: str, index: dict[str, int]) -> list[int]:
    """The ids in ``index`` (an uncased WordPiece vocabulary) of ``word``'s pieces, longest known
    prefix first, then "##" continuations; a character no piece covers is skipped."""
    text = word.lower()
    if not text.isascii():  # only then are there accents to take off
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    ids, start = [], 0
    while start < len(text):
        for end in range(min(len(text), start + MAX_PIECE), start, -1):
            piece = text[start:end] if start == 0 else "##" + text[start:end]
            if piece in index:
                ids.append(index[piece])
                break
        else:
            end = start + 1  # no piece for this character: skipped
        start = end
    return ids


class PieceLookup:
    """Word -> its piece vector, kept in a bounded cache. (As a model attr it is not saved: thinc
    leaves out attrs msgpack cannot write.)"""

    def __init__(self, pieces: str, table: numpy.ndarray) -> None:
        self.index = {piece: i for i, piece in enumerate(pieces.split("\n"))}
        self.table = table.astype(numpy.float32)
        # The vectors of the words seen, one row each, found by the word's hash (spaCy's ORTH, the same
        # in every vocab): a document's vectors are then one gather, not an array per word.
        self.rows: dict[int, int] = {}
        self.cache = numpy.zeros((0, self.table.shape[1]), numpy.float32)

    def pieces(self, word: str) -> list[int]:
        """The table rows of ``word``'s pieces, as WordPiece splits an uncased word."""
        return word_pieces(word, self.index)

    def vectors(self, orths: list[int], text_of: Callable[[int], str]) -> numpy.ndarray:
        """The vectors of the words whose hashes are ``orths``, one row each; ``text_of`` gives a
        word's text from its hash (asked only for words not cached)."""
        rows = self.rows
        new = list(dict.fromkeys(orth for orth in orths if orth not in rows))
        if new:
            if len(rows) + len(new) > CACHE_LIMIT:
                rows.clear()
                new = list(dict.fromkeys(orths))
            needed = len(rows) + len(new)
            if needed > len(self.cache):  # room for twice as many, up to the limit
                grown = numpy.zeros((max(needed, min(CACHE_LIMIT, 2 * needed)), self.table.shape[1]), numpy.float32)
                grown[:len(rows)] = self.cache[:len(rows)]
                self.cache = grown
            for orth in new:
                self.cache[len(rows)] = self._vector(text_of(orth))
                rows[orth] = len(rows)
        return self.cache[[rows[orth] for orth in orths]]

    def _vector(self, word: str) -> numpy.ndarray:
        """The unit-length mean of the vectors of ``word``'s pieces. (The same float32 values as
        ``mean`` and ``numpy.linalg.norm`` give, a float64 quotient or square root rounding to the
        float32 one, at a fraction of their overhead per word.)"""
        ids = self.pieces(word)
        if not ids:
            vector = numpy.zeros(self.table.shape[1], numpy.float32)
        elif len(ids) == 1:  # most words: the mean of one row is that row
            vector = self.table[ids[0]].copy()
        else:
            vector = self.table[ids].sum(axis=0) / len(ids)
        vector /= max(1e-6, math.sqrt(vector.dot(vector)))
        return vector


def _piece_vectors_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Ragged, Callable[[Ragged], list]]:
    lookup = model.attrs["lookup"]
    if lookup is None:
        lookup = model.attrs["lookup"] = PieceLookup(model.attrs["pieces"], model.get_param("E"))
    # Words by hash, without a Token per word (which costs more than the lookup).
    data = numpy.concatenate([lookup.vectors(doc.to_array(ORTH).tolist(), doc.vocab.strings.__getitem__)
                              for doc in docs]) if docs else numpy.zeros((0, model.get_dim("nO")), numpy.float32)
    lengths = model.ops.asarray1i([len(doc) for doc in docs])
    return Ragged(model.ops.asarray2f(data), lengths), lambda d_output: []  # nothing to learn, nothing before


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
        return self.names(doc, self.tag_scores([doc])[0])

    def tag_scores(self, docs: list[Doc]) -> list[Floats2d | None]:
        """Each document's tag scores, one row per word, not normalised (None for an empty one). The
        model reads the documents in one pass: its cost per call is shared, its scores are the same."""
        texts = [doc for doc in docs if len(doc)]
        scores = iter(self.tagger.model.predict(texts) if texts else ())
        return [next(scores) if len(doc) else None for doc in docs]

    def names(self, doc: Doc, scores: Floats2d | None) -> list[Span]:
        """The names in ``doc`` by its ``tag_scores``, each with ``span._.name_confidence``."""
        if scores is None:
            return []
        names = names_from_tags(doc, [self.labels[i] for i in scores.argmax(axis=1).tolist()])
        if names:
            odds = numpy.exp(scores - scores.max(axis=1, keepdims=True))
            probabilities = odds / odds.sum(axis=1, keepdims=True)
            # Each label's probability per word (its tag columns summed), once for all the names.
            by_label = {label: probabilities[:, columns].sum(axis=1) for label, columns in self.label_columns.items()}
            for name in names:
                name._.name_confidence = float(by_label[name.label_][name.start:name.end].min())
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
        if tag == "O" and start is None:
            continue  # most words: outside any name, with none open
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
    spaces = doc_words(doc).is_space
    return [span for span in spans if not (spaces[span.start] or spaces[span.end - 1])]
