"""Entities: knowledge (gazetteer, actor KB, lexicons, date grammar) merged with a trained name model."""

from sitrep.entities.model import load_name_model
from sitrep.entities.recognizer import EntityRecognizer, widen_to_annotated_spans

__all__ = ["EntityRecognizer", "load_name_model", "widen_to_annotated_spans"]
