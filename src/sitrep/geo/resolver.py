"""Toponym resolution: candidates from the gazetteer, then a ranking on evidence.

Evidence per candidate (weights are hand-set for now; the places work learns them from dev data):
- a prior by feature class and population (a country or province outranks a village namesake);
- how the name matched: the place's own name, a curated alias, a GeoNames alternate name, or only
  the transliteration skeleton;
- the document's countries: countries named in the text and the countries of the mentions that
  have a single candidate (so Paris in a Texas story leans to Texas);
- explicit containment right after the mention ("Mosul, Iraq", "Hama province, Syria").
A mention with no candidate is still reported, with null coordinates.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sitrep.gazetteer import Gazetteer, PlaceRecord
from sitrep.gazetteer.index import ALIAS, ALTERNATE, PRIMARY
from sitrep.names import name_key

FEATURE_PRIOR = {"country": 9.0, "admin1": 6.0, "region": 5.5, "water": 5.0, "terrain": 4.5,
                 "infrastructure": 4.0, "admin2": 3.5, "other": 2.0}
MATCH_BONUS = {PRIMARY: 1.0, ALIAS: 1.0, ALTERNATE: 0.0}
SKELETON_PENALTY = 1.5
FOCUS_BONUS = 2.5
CONTAINMENT_BONUS = 4.0


@dataclass
class ResolvedPlace:
    record: PlaceRecord
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Candidate:
    record: PlaceRecord
    score: float
    by_skeleton: bool = False


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def candidates(self, surface: str) -> list[_Candidate]:
        """Every gazetteer place ``surface`` may name, with its prior score."""
        text = surface[4:] if surface.lower().startswith("the ") else surface
        exact = self.gazetteer.exact(text)
        if exact:
            return [_Candidate(r, self._prior(r) + MATCH_BONUS[kind]) for r, kind in exact]
        return [_Candidate(r, self._prior(r) - SKELETON_PENALTY, by_skeleton=True)
                for r in self.gazetteer.transliterated(text)]

    @staticmethod
    def _prior(record: PlaceRecord) -> float:
        if record.feature == "city":
            return math.log10(record.population + 10)
        return FEATURE_PRIOR.get(record.feature, 2.0)

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[ResolvedPlace]:
        """Resolve every mention span of ``text``; mentions of the same place are grouped."""
        options = [self.candidates(text[s:e]) for s, e in spans]
        focus = self._document_countries(options)
        places: dict[str, ResolvedPlace] = {}
        for (start, end), candidates in zip(spans, options, strict=True):
            best = self._choose(text, end, candidates, focus)
            if best is None:
                surface = text[start:end]
                record = PlaceRecord(f"unresolved:{name_key(surface).replace(' ', '-')}", surface, None, None,
                                     None, None, "other", 0, None)
            else:
                record = best.record
            places.setdefault(record.id, ResolvedPlace(record)).mentions.append((start, end))
        return list(places.values())

    def _document_countries(self, options: list[list[_Candidate]]) -> Counter[str]:
        """Countries in play: named countries, and the country of every mention's best candidate."""
        votes: Counter[str] = Counter()
        for candidates in options:
            candidates = [c for c in candidates if not c.by_skeleton]
            if not candidates:
                continue
            best = max(candidates, key=lambda c: c.score)
            if best.record.country_code:
                votes[best.record.country_code] += 2 if best.record.feature == "country" or len(candidates) == 1 else 1
        return votes

    def _choose(self, text: str, end: int, candidates: list[_Candidate], focus: Counter[str]) -> _Candidate | None:
        # A spelling only the transliteration skeleton explains must fit the document's countries.
        candidates = [c for c in candidates if not c.by_skeleton or focus[c.record.country_code or ""] > 0]
        if not candidates:
            return None
        container = self._container_after(text, end)
        top_votes = max(focus.values(), default=0)

        def score(candidate: _Candidate) -> float:
            cc = candidate.record.country_code
            value = candidate.score
            if cc and top_votes:
                value += FOCUS_BONUS * focus[cc] / top_votes
            if container and cc and candidate.record.feature != "country" and cc in container:
                value += CONTAINMENT_BONUS
            return value

        return max(candidates, key=score)

    def _container_after(self, text: str, end: int) -> set[str]:
        """Country codes named right after a mention: "Mosul, Iraq" or "Manbij (Syria)"."""
        tail = text[end:end + 40]
        if tail[:2].strip() not in (",", "(", ", ("):
            return set()
        name = tail.lstrip(" ,(").split(",")[0].split(")")[0].split(".")[0].strip()
        words = name.split()
        codes: set[str] = set()
        for size in range(min(4, len(words)), 0, -1):
            for record, _kind in self.gazetteer.exact(" ".join(words[:size])):
                if record.feature in ("country", "admin1") and record.country_code:
                    codes.add(record.country_code)
            if codes:
                break
        return codes
