"""The trigger lexicon (``data/events/triggers.json``), compiled for matching on lower-cased tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from sitrep.terms import TermIndex


@dataclass(frozen=True)
class TriggerRule:
    type: str
    priority: int
    triggers: TermIndex
    context: TermIndex | None
    plover: str | None  # overrides the type's default PLOVER category ("demanded" is DEMAND)


def load_rules() -> list[TriggerRule]:
    """Rules, highest priority first."""
    text = resources.files("sitrep.data").joinpath("events", "triggers.json").read_text(encoding="utf-8")
    rules = [TriggerRule(r["type"], r["priority"], TermIndex(r["triggers"]),
                         TermIndex(r["context"]) if r.get("context") else None, r.get("plover"))
             for r in json.loads(text)["rules"]]
    return sorted(rules, key=lambda r: -r.priority)
