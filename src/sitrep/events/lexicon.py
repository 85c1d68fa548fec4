"""The trigger lexicon (``data/events/triggers.json``) compiled for matching on lower-cased tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

Term = tuple[tuple[str, ...], bool]  # lower-case words; whether the last one is a prefix


@dataclass(frozen=True)
class TriggerRule:
    type: str
    priority: int
    triggers: tuple[Term, ...]
    context: tuple[Term, ...]


def compile_term(term: str) -> Term:
    prefix = term.endswith("*")
    return tuple(term.rstrip("*").replace("-", " - ").split()), prefix


def match_at(term: Term, words: list[str], i: int) -> int:
    """Length in tokens of ``term`` matched at ``words[i]``, or 0."""
    parts, prefix = term
    end = i + len(parts)
    if end > len(words):
        return 0
    for k, part in enumerate(parts):
        word = words[i + k]
        if word == part or (prefix and k == len(parts) - 1 and word.startswith(part)):
            continue
        return 0
    return len(parts)


def contains(terms: tuple[Term, ...], words: list[str]) -> bool:
    return any(match_at(term, words, i) for i in range(len(words)) for term in terms)


def load_rules() -> list[TriggerRule]:
    """Rules, highest priority first."""
    data = json.loads(resources.files("sitrep.data").joinpath("events", "triggers.json").read_text(encoding="utf-8"))
    rules = [TriggerRule(r["type"], r["priority"], tuple(compile_term(t) for t in r["triggers"]),
                         tuple(compile_term(t) for t in r.get("context", ()))) for r in data["rules"]]
    return sorted(rules, key=lambda r: -r.priority)
