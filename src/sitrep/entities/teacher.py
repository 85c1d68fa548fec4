"""A teacher for the name model: all-MiniLM-L6-v2 fine-tuned to tag names (training only; needs torch).

The shipped name model is a narrow CNN because the pipeline must stay fast; a six-layer transformer
tags names markedly better but runs about ten times slower than the whole pipeline. So it teaches:
fine-tuned on the general corpora the CNN learns from (never on re3d, so re3d's cross-validation
stays honest), it labels sentences no one annotated, and the CNN learns from the names it is sure
of, the words it is unsure of marked missing. The labelled sentences are cached, keyed by the bytes
of every file they come from and by this module's settings, so fold models reuse them.

Words are the pipeline's tokens; each is cut into the model's word pieces (lower-cased, accents
removed, punctuation apart, as the uncased vocabulary was built) and tagged at its first piece.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import spacy
from spacy.tokens import Doc

from sitrep.entities.model import names_from_tags, word_pieces
from sitrep.entities.training import (
    NAME_LABELS,
    PIECE_PACKAGE,
    MissingTrainingPackage,
    biluo_tags,
    make_doc,
    piece_package_file,
    read_records,
)
from sitrep.gazetteer.index import cache_dir

# Sentences no one annotated, for the teacher to label: WikiANN's text only. Its annotations, whose
# licence is unstated, are never read; the text is Wikipedia's (CC BY-SA), like UNER's and re3d's.
UNLABELLED_FILES = ("ner/wikiann_en_train.jsonl", "ner/wikiann_en_dev.jsonl")
# Our labels -> the general corpora's, which LABEL_MAP reads back.
TEACHER_LABELS = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"}
TAGS = ("O", *(f"{prefix}-{label}" for label in sorted(NAME_LABELS) for prefix in "BILU"))
EPOCHS = 3
BATCH = 16
LEARNING_RATE = 5e-5
MAX_PIECES = 128  # a sentence's pieces beyond this are not tagged (they are left missing)
WORD_PIECES = 8  # pieces kept of one word
SURE = 0.9  # a word's tag probability below this leaves it missing for the student
LAYERS = 6
WIDTH, HEADS, FEED_FORWARD = 384, 12, 1536
VERSION = 1  # bump when labelling changes, so cached labels are rebuilt


def _torch():
    try:
        import torch
        from safetensors.torch import load_file
    except ImportError as exc:
        raise MissingTrainingPackage(
            f"the name model's teacher needs torch ({exc}): pip install torch==2.13.0 (the CPU build)") from exc
    return torch, load_file


class WordPieces:
    """A token's ids in all-MiniLM-L6-v2's uncased WordPiece vocabulary, its punctuation marks
    apart as the vocabulary was built ("Al-Qaeda" -> al, -, qa, ##eda)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocabulary)}
        self.unknown, self.first, self.last = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]
        self._cut: dict[str, list[int]] = {}

    def __call__(self, token: str) -> list[int]:
        if token not in self._cut:
            words = re.findall(r"[^\W_]+|[^\w\s]|_", token)
            pieces = [piece for word in words for piece in word_pieces(word, self.ids)]
            self._cut[token] = (pieces or [self.unknown])[:WORD_PIECES]
        return self._cut[token]


def _network(torch, weights: dict):
    """MiniLM's encoder with a tag layer on top, its encoder weights from the package."""
    nn, functional = torch.nn, torch.nn.functional

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query, self.key, self.value = (nn.Linear(WIDTH, WIDTH) for _ in range(3))
            self.attention_out, self.attention_norm = nn.Linear(WIDTH, WIDTH), nn.LayerNorm(WIDTH, eps=1e-12)
            self.up, self.down = nn.Linear(WIDTH, FEED_FORWARD), nn.Linear(FEED_FORWARD, WIDTH)
            self.norm = nn.LayerNorm(WIDTH, eps=1e-12)

        def forward(self, x, mask):
            batch, length, _ = x.shape

            def heads(layer):
                return layer(x).view(batch, length, HEADS, WIDTH // HEADS).transpose(1, 2)

            attended = functional.scaled_dot_product_attention(heads(self.query), heads(self.key),
                                                               heads(self.value), attn_mask=mask)
            x = self.attention_norm(x + self.attention_out(attended.transpose(1, 2).reshape(batch, length, WIDTH)))
            return self.norm(x + self.down(functional.gelu(self.up(x))))

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words, self.positions = nn.Embedding(30522, WIDTH), nn.Embedding(512, WIDTH)
            self.segment = nn.Parameter(torch.zeros(WIDTH))
            self.embed_norm = nn.LayerNorm(WIDTH, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
            self.dropout, self.tags = nn.Dropout(0.1), nn.Linear(WIDTH, len(TAGS))

        def forward(self, pieces, present):
            x = self.words(pieces) + self.positions(torch.arange(pieces.shape[1]))[None] + self.segment
            x = self.embed_norm(x)
            mask = present[:, None, None, :] > 0
            for layer in self.layers:
                x = layer(x, mask)
            return self.tags(self.dropout(x))

    tagger = Tagger()
    state = {"words.weight": weights["embeddings.word_embeddings.weight"],
             "positions.weight": weights["embeddings.position_embeddings.weight"],
             "segment": weights["embeddings.token_type_embeddings.weight"][0],
             "embed_norm.weight": weights["embeddings.LayerNorm.weight"],
             "embed_norm.bias": weights["embeddings.LayerNorm.bias"]}
    names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
             "up": "intermediate.dense", "down": "output.dense", "norm": "output.LayerNorm"}
    for i in range(LAYERS):
        for ours, theirs in names.items():
            for kind in ("weight", "bias"):
                state[f"layers.{i}.{ours}.{kind}"] = weights[f"encoder.layer.{i}.{theirs}.{kind}"]
    missing, _ = tagger.load_state_dict(state, strict=False)
    assert missing == ["tags.weight", "tags.bias"], missing  # only the new tag layer starts untrained
    return tagger


class Teacher:
    """The fine-tuned tagger: ``train`` it on gold records, then ``label`` unannotated sentences."""

    def __init__(self, seed: int = 0) -> None:
        self.torch, load_file = _torch()
        self.torch.manual_seed(seed)
        self.random = random.Random(seed)
        vocabulary = piece_package_file("vocab.txt").read_text(encoding="utf-8").splitlines()
        self.pieces = WordPieces(vocabulary)
        self.network = _network(self.torch, load_file(str(piece_package_file("model.safetensors"))))
        self.nlp = spacy.blank("en")

    def _batch(self, sentences: Sequence[tuple[list[str], list[str | None]]]):
        """Piece ids, presence mask, gold tag ids (-100: none) and each word's first piece."""
        torch = self.torch
        encoded = []
        for words, _ in sentences:
            ids, firsts = [self.pieces.first], []
            for word in words:
                pieces = self.pieces(word)
                firsts.append(len(ids) if len(ids) + len(pieces) < MAX_PIECES else -1)
                ids += pieces if firsts[-1] >= 0 else []
            encoded.append((ids + [self.pieces.last], firsts))
        length = max(len(ids) for ids, _ in encoded)
        pieces = torch.zeros(len(encoded), length, dtype=torch.long)
        present = torch.zeros_like(pieces)
        gold = torch.full((len(encoded), length), -100)
        for row, ((ids, firsts), (_, tags)) in enumerate(zip(encoded, sentences, strict=True)):
            pieces[row, :len(ids)] = torch.tensor(ids)
            present[row, :len(ids)] = 1
            for first, tag in zip(firsts, tags, strict=True):
                if first >= 0 and tag is not None:
                    gold[row, first] = TAGS.index(tag)
        return pieces, present, gold, [firsts for _, firsts in encoded]

    def _batches(self, sentences: list, shuffle: bool) -> list[list[int]]:
        """Batches of sentences of about the same length (less padding), in random order when training."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i][0]) + (
            self.random.random() * 8 if shuffle else 0))
        batches = [order[k:k + BATCH] for k in range(0, len(order), BATCH)]
        if shuffle:
            self.random.shuffle(batches)
        return batches

    def train(self, records: Iterable[dict], epochs: int = EPOCHS, log: Callable[[str], None] | None = None) -> None:
        torch = self.torch
        sentences = []
        for record in records:
            doc = make_doc(self.nlp, record)
            sentences.append(([t.text for t in doc], biluo_tags(doc)))
        optimizer = torch.optim.AdamW(self.network.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
        steps = epochs * math.ceil(len(sentences) / BATCH)
        warmup = 0.06 * steps
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (steps - step) / steps))
        self.network.train()
        for epoch in range(epochs):
            total = 0.0
            batches = self._batches(sentences, shuffle=True)
            for batch in batches:
                pieces, present, gold, _ = self._batch([sentences[i] for i in batch])
                scores = self.network(pieces, present)
                loss = torch.nn.functional.cross_entropy(scores.view(-1, len(TAGS)), gold.view(-1), ignore_index=-100)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.network.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                total += loss.item()
            if log:
                log(f"teacher epoch {epoch + 1}/{epochs}: loss {total / len(batches):.4f}")

    def label(self, texts: Sequence[str]) -> list[dict]:
        """Records of ``texts`` in the training format: the names the teacher is sure of with their
        labels, and the words it is unsure of (in a name or not) as ``UNSURE``, which the student
        reads as missing annotation."""
        torch = self.torch
        docs = [self.nlp.make_doc(text) for text in texts]
        sentences = [([t.text for t in doc], [None] * len(doc)) for doc in docs]
        records: list[dict] = [{}] * len(docs)
        self.network.eval()
        with torch.no_grad():
            for batch in self._batches(sentences, shuffle=False):
                pieces, present, _, firsts = self._batch([sentences[i] for i in batch])
                probabilities = torch.softmax(self.network(pieces, present), dim=-1)
                for row, i in enumerate(batch):
                    records[i] = _record(docs[i], firsts[row], probabilities[row])
        return records


def _record(doc: Doc, firsts: list[int], probabilities) -> dict:
    tags, sure = [], []  # each word's likeliest tag, and whether the teacher is sure of it
    for first in firsts:
        best = probabilities[first].argmax().item() if first >= 0 else 0
        tags.append(TAGS[best])
        sure.append(first >= 0 and probabilities[first, best].item() >= SURE)
    entities = []
    names = names_from_tags(doc, tags)
    entities = [{"start": name.start_char, "end": name.end_char,
                 "label": TEACHER_LABELS[name.label_] if all(sure[name.start:name.end]) else "UNSURE"}
                for name in names]
    named = {i for name in names for i in range(name.start, name.end)}
    entities += [{"start": t.idx, "end": t.idx + len(t), "label": "UNSURE"}
                 for t, certain in zip(doc, sure, strict=True) if not certain and t.i not in named]
    return {"text": doc.text, "entities": sorted(entities, key=lambda e: e["start"])}


def settings() -> dict:
    """What the teacher was and did, for the name model's ``training.json``."""
    return {"model": PIECE_PACKAGE, "unlabelled": list(UNLABELLED_FILES), "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE, "batch": BATCH, "sure": SURE}


def _fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256(json.dumps([VERSION, EPOCHS, BATCH, LEARNING_RATE, SURE, TAGS]).encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def teacher_records(data: Path, general_files: Sequence[str], log: Callable[[str], None] | None = None) -> list[dict]:
    """The unannotated sentences labelled by a teacher trained on ``general_files`` (under ``data``),
    from the cache when the same files were labelled before."""
    sources = [data / name for name in general_files]
    unlabelled = [data / name for name in UNLABELLED_FILES]
    cached = cache_dir() / f"teacher-{_fingerprint([*sources, *unlabelled])}.jsonl"
    if cached.exists():
        return read_records([cached])
    teacher = Teacher()
    teacher.train(read_records(sources), log=log)
    texts = [record["text"] for record in read_records(unlabelled)]
    if log:
        log(f"teacher labelling {len(texts):,} sentences")
    records = teacher.label(texts)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    partial.replace(cached)
    return records
