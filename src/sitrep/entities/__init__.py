"""Entities: a knowledge-driven recogniser over the gazetteer, the actor KB, lexicons and date grammar."""

from sitrep.entities.recognizer import EntityRecognizer

__all__ = ["EntityRecognizer"]
