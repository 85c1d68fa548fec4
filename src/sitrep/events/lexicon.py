"""The trigger lexicon (``data/events/triggers.json``), compiled for matching on lower-cased tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from sitrep.terms import PREFIX_KEY, TermIndex

REMEMBERED_WORDS = 100_000  # words whose rules a lexicon keeps between sentences before starting afresh


@dataclass(frozen=True)
class TriggerRule:
    type: str
    priority: int
    triggers: TermIndex
    context: TermIndex | None
    plover: str | None  # overrides the type's default PLOVER category ("demanded" is DEMAND)
    # Words as common outside politics as in it ("give them a call", "a good deal"): an event of the
    # rule's type only where the clause names who acts or is acted on.
    needs_actor: bool = False


def load_rules(section: str = "rules") -> list[TriggerRule]:
    """The rules of a section of the lexicon ("rules", or "predicates": verbs that only add events to
    a sentence that has one), highest priority first."""
    text = resources.files("sitrep.data").joinpath("events", "triggers.json").read_text(encoding="utf-8")
    rules = [TriggerRule(r["type"], r["priority"], TermIndex(r["triggers"]),
                         TermIndex(r["context"]) if r.get("context") else None, r.get("plover"),
                         r.get("needs_actor", False))
             for r in json.loads(text)[section]]
    return sorted(rules, key=lambda r: -r.priority)


class TriggerLexicon:
    """The rules, indexed by the words their triggers can start with (most words start none)."""

    def __init__(self, section: str = "rules") -> None:
        self.rules = load_rules(section)
        self._by_word: dict[str, list[int]] = {}
        # The one-word prefix triggers ("shell*") by their first letters: (prefix, rule index).
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        for index, rule in enumerate(self.rules):
            words, _prefixes = rule.triggers.first_words()
            for word in words:
                self._by_word.setdefault(word, []).append(index)
            for parts, prefix in rule.triggers.terms:
                if prefix and len(parts) == 1:
                    self._by_prefix.setdefault(parts[0][:PREFIX_KEY], []).append((parts[0], index))
        self._starting: dict[str, list[int]] = {}  # word -> ``_rules_starting`` it, for the words seen

    def _rules_starting(self, word: str) -> list[int]:
        """The rules a trigger of which may start with ``word``, in order (most words start none;
        "with" starts no "withdr*")."""
        candidates = set(self._by_word.get(word, ()))
        candidates.update(index for prefix, index in self._by_prefix.get(word[:PREFIX_KEY], ())
                          if word.startswith(prefix))
        return sorted(candidates)

    def cues(self, words: list[str]) -> list[tuple[TriggerRule, int, int]]:
        """Every trigger in a sentence's lower-cased words as (rule, start, end), each typed by the
        most specific rule whose context holds in the sentence."""
        context_holds: dict[int, bool] = {}
        starting = self._starting
        cues, i = [], 0
        while i < len(words):
            word = words[i]
            candidates = starting.get(word)
            if candidates is None:  # a word first seen
                if len(starting) >= REMEMBERED_WORDS:
                    starting.clear()
                candidates = starting[word] = self._rules_starting(word)
            for index in candidates:  # rules are sorted by priority, so indexes are too
                rule = self.rules[index]
                if rule.context is not None:
                    if index not in context_holds:
                        context_holds[index] = rule.context.first_match(words) is not None
                    if not context_holds[index]:
                        continue
                length = rule.triggers.match_at(words, i)
                if length:
                    cues.append((rule, i, i + length))
                    i += length
                    break
            else:
                i += 1
        return cues
