"""The name model's teacher: word pieces, labelled sentences the student reads, and their cache."""

from __future__ import annotations

import importlib.util
import json

import pytest
import spacy

from sitrep.entities import teacher
from sitrep.entities.training import make_doc

VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "al", "-", "qa", "##eda", "'", "s", "mosul", "sa", "##na"]


def test_a_token_is_cut_into_pieces_with_its_punctuation_apart() -> None:
    pieces = teacher.WordPieces(VOCABULARY)
    assert [VOCABULARY[i] for i in pieces("Al-Qaeda's")] == ["al", "-", "qa", "##eda", "'", "s"]
    assert [VOCABULARY[i] for i in pieces("Şana")] == ["sa", "##na"]  # lower-cased, accents taken off
    assert [VOCABULARY[i] for i in pieces("ﬀ")] == ["[UNK]"]  # nothing known: one unknown piece


class LabellingTeacher:
    """Stands in for the fine-tuned transformer: sure of "Mosul", unsure of "Hama", counts its training."""

    trained = 0

    def train(self, records, log=None) -> None:
        LabellingTeacher.trained += 1

    def label(self, texts):
        records = []
        for text in texts:
            entities = []
            if "Mosul" in text:
                entities.append({"start": text.index("Mosul"), "end": text.index("Mosul") + 5, "label": "LOC"})
            if "Hama" in text:
                entities.append({"start": text.index("Hama"), "end": text.index("Hama") + 4, "label": "UNSURE"})
            records.append({"text": text, "entities": entities})
        return records


def test_labelled_sentences_are_cached_and_unsure_words_are_missing_for_the_student(tmp_path, monkeypatch) -> None:
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "gold.jsonl").write_text(json.dumps({"text": "Rome .", "entities": []}) + "\n")
    for name in teacher.UNLABELLED_FILES:
        (tmp_path / name).write_text(json.dumps({"text": "Fighting in Mosul and Hama .", "entities": [
            {"start": 0, "end": 8, "label": "PER"}]}) + "\n")  # the corpus's own labels are never read
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(teacher, "Teacher", LabellingTeacher)

    first = teacher.teacher_records(tmp_path, ["ner/gold.jsonl"])
    again = teacher.teacher_records(tmp_path, ["ner/gold.jsonl"])
    assert LabellingTeacher.trained == 1 and first == again  # the second call read the cache
    doc = make_doc(spacy.blank("en"), first[0])
    assert [(e.text, e.label_) for e in doc.ents] == [("Mosul", "LOCATION")]
    assert doc[0].ent_iob_ == "O"  # "Fighting": the teacher named nothing there
    assert doc[4].ent_iob_ == ""  # "Hama": unsure, so neither a name nor not one


@pytest.mark.skipif(importlib.util.find_spec("torch") is None or importlib.util.find_spec("safetensors") is None,
                    reason="the teacher needs torch and safetensors (training only: pip install torch==2.13.0)")
def test_an_untrained_teacher_is_sure_of_nothing() -> None:
    try:
        untrained = teacher.Teacher()
    except teacher.MissingTrainingPackage as exc:
        pytest.skip(str(exc))
    record = untrained.label(["Maria Lopez visited Madrid ."])[0]
    assert record["text"] == "Maria Lopez visited Madrid ."
    assert {e["label"] for e in record["entities"]} == {"UNSURE"}
    assert [record["text"][e["start"]:e["end"]] for e in record["entities"]] == [
        "Maria", "Lopez", "visited", "Madrid", "."]
