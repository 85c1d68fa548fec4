"""Matching term lists ("air strike*", "AK-47*") against lower-cased tokens, indexed by first word.

A term is a sequence of lower-case words; a trailing ``*`` lets its last word match any ending.
Terms are indexed by their first word (or, for a one-word prefix term, by its first three letters)
so that matching at a token costs a dictionary lookup, not a scan of the whole list.
"""

from __future__ import annotations

from collections.abc import Iterable

Term = tuple[tuple[str, ...], bool]  # lower-case words; whether the last one is a prefix
PREFIX_KEY = 3


def compile_term(term: str) -> Term:
    prefix = term.endswith("*")
    return tuple(term.rstrip("*").lower().replace("-", " - ").split()), prefix


class TermIndex:
    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = [compile_term(t) for t in terms]
        self._exact: dict[str, list[Term]] = {}
        self._prefix: dict[str, list[Term]] = {}
        for term in sorted(self.terms, key=lambda t: -len(t[0])):  # longest first
            words, prefix = term
            if prefix and len(words) == 1:
                self._prefix.setdefault(words[0][:PREFIX_KEY], []).append(term)
            else:
                self._exact.setdefault(words[0], []).append(term)

    def first_words(self) -> tuple[set[str], set[str]]:
        """The words a term may start with, and the three-letter prefixes of one-word prefix terms."""
        return set(self._exact), set(self._prefix)

    def match_at(self, words: list[str], i: int) -> int:
        """Length in tokens of the longest term matched at ``words[i]``, or 0."""
        word = words[i]
        best = 0
        for parts, prefix in self._exact.get(word, ()):
            end = i + len(parts)
            if end <= len(words) and len(parts) > best and all(
                    words[i + k] == part or (prefix and k == len(parts) - 1 and words[i + k].startswith(part))
                    for k, part in enumerate(parts)):
                best = len(parts)
        if not best:
            for (part,), _prefix in self._prefix.get(word[:PREFIX_KEY], ()):
                if word.startswith(part):
                    return 1
        return best

    def first_match(self, words: list[str]) -> tuple[int, int] | None:
        """(start, length) of the first term occurring in ``words``."""
        for i, word in enumerate(words):
            if word in self._exact or word[:PREFIX_KEY] in self._prefix:  # most words start no term
                length = self.match_at(words, i)
                if length:
                    return i, length
        return None
