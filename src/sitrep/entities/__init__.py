"""Entities: knowledge (gazetteer, actor KB, lexicons, date grammar) merged with a trained name model."""

from sitrep.entities.conventions import widen_to_annotated_spans
from sitrep.entities.model import load_name_model
from sitrep.entities.recognizer import EntityRecognizer

__all__ = ["EntityRecognizer", "load_name_model", "widen_to_annotated_spans"]
