"""Toponym resolution: candidates from the gazetteer, then a ranking on evidence.

Evidence per candidate (``EVIDENCE``), weighed by a linear model learned from gold toponyms
(``sitrep train geo``; ``data/models/geo_ranker.json``):
- its feature class, population and whether it is a national capital;
- how the name matched: the place's own name, a curated alias, a GeoNames alternate name, a county
  named without its "County" ("Gwinnett"), or only the transliteration skeleton; and whether it is a
  town named after a country or state that the name also matches ("Mexico, Missouri");
- the document's countries and first-level regions: each distinct name spreads one vote over its
  candidates' countries and regions (by a fixed prior), so Paris in a Texas story leans to Texas;
  a candidate is judged on the other names' votes only, never its own name's;
- the document's neighbourhood: the share of its other names with a likely namesake within
  ``NEAR_KM``, so Athens next to Henderson County is Athens, Texas;
- the list it stands in: the share of the names listed with it that could be places of the same
  kind ("Arkansas, California and Colorado" are states).
Names are looked up as written, with abbreviated words spelt out ("Mt.", "W.", "Co."), and when
nothing matches, without a unit word ("Akita Prefecture", "Tewksbury Township"), a country's
adjective ("Iraqi Anbar") or a qualifier ("North Dallas") before them, or as the place a demonym
comes from ("Minnesotans"), before the transliteration skeleton is tried.
Rules above the weights: a name called a state or province is one ("the state of Washington"); a
container named right after the mention ("Mosul, Iraq", "Paris, Tenn.", "Hama province, Syria")
restricts the choice to the places inside it; a list of countries or of one country's provinces
settles a name that can be one more of them.
A name with no candidate takes the place the text puts it in ("Eva's Village in Paterson",
"Seoul's Jamsil Stadium"), a place it opens with or names after "of" ("Dubai World Cup", "Bank
of Mexico"), or else, approximately, the town, county or province mentioned nearest to it (id
``near:...``, feature ``other``); only with none of these is it reported with null coordinates.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from operator import mul

import numpy as np

from sitrep.gazetteer import Gazetteer, PlaceRecord
from sitrep.gazetteer.index import ALIAS, ALTERNATE, PRIMARY
from sitrep.names import name_key, opens_with_article

FEATURE_CLASSES = ("country", "admin1", "admin2", "city", "region", "water", "terrain", "infrastructure", "other")
_ONE_HOT = {feature: tuple(float(feature == name) for name in FEATURE_CLASSES) for feature in FEATURE_CLASSES}
_NO_FEATURE_CLASS = (0.0,) * len(FEATURE_CLASSES)
EVIDENCE = (*FEATURE_CLASSES, "log_population", "capital", "own_name", "alias", "alternate", "skeleton",
            "county_word_missing", "named_after_a_unit", "country_share", "region_share", "region_fraction",
            "nearby_share", "list_share")
# How strongly a mention votes for each candidate's country and region: a fixed prior, so that the
# votes do not depend on the weights being learned from them.
VOTE_PRIOR = {"country": 9.0, "admin1": 7.0, "region": 5.5, "water": 5.0, "terrain": 4.5,
              "infrastructure": 4.0, "admin2": 3.5, "other": 2.0}
MODEL = ("models", "geo_ranker.json")
# Places small enough that being near another of the document's places is evidence; a country's or
# a province's centre says little about what lies in it (the shares cover those).
POINT_FEATURES = frozenset({"city", "admin2", "infrastructure", "terrain"})
NEAR_KM = 100.0
ID_PART_LENGTH = 80  # a name's share of a place id (the store keeps ids of up to 200 characters)
NEAR_PREFIX = "near:"  # ids of names placed at a place mentioned near them (``_near``)
COUNTY_WORDS = ("County", "Parish")
_ABBREVIATIONS = {"Mt": "Mount", "Ft": "Fort", "Pt": "Point", "N": "North", "S": "South", "E": "East", "W": "West",
                  "Co": "County", "Twp": "Township"}
_ABBREVIATED_WORD = re.compile(r"\b(Mt|Ft|Pt|N|S|E|W|Co|Twp)\.(?=\s|$)")
_REGION_WORD = re.compile(r" (Province|Prefecture|Governorate|Region|State|District)$", re.IGNORECASE)
_TOWN_WORDS = re.compile(r"^(Town|City|Township|Village|Borough) of | (Township|Borough|Village|City|Town|"
                         r"Municipality)$", re.IGNORECASE)
EARTH_KM = 6371.0
# Words that name a part of a place without changing which place it is.
_QUALIFIERS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                         "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                         "southeastern", "southwestern", "greater", "downtown", "upstate", "inner", "outer"})
# Demonym endings and the place-name endings they come from: "Minnesotan(s)" -> "Minnesota",
# "Ontarian(s)" -> "Ontario", "New Londoner(s)" -> "New London", "Richmondite(s)" -> "Richmond".
_DEMONYM_ENDINGS = (("ians", ("ia", "io", "")), ("ian", ("ia", "io", "")), ("ans", ("a", "")), ("an", ("a", "")),
                    ("ers", ("",)), ("er", ("",)), ("ites", ("",)), ("ite", ("",)))
_DEMONYM_FEATURES = frozenset({"country", "admin1", "region", "city"})
# Words between a name and the place it lies in: "Eva's Village in Paterson", "the Colony Theatre at Los Angeles".
_LIES_IN = re.compile(r",?\s+(?:in|at|near|outside|of)\s+(?:the\s+|(?:north|south|east|west)\w*\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^[’']s\s+$")
_LIST_JOINER = re.compile(r"\s*(?:,|;|/|&|,?\s*(?:and|or))\s*")
_UNIT_BEFORE = re.compile(r"\b(?:state|province|governorate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s+(?:state|province|governorate)\b(?!\s+of\b)", re.IGNORECASE)
# A mention, its container, and more of the list: "Illinois, Missouri, New Jersey", "Washington,
# West Virginia and Wyoming".
_LIST_GOES_ON = re.compile(r",\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*(?:,|and\b|or\b)\s*[A-Z]")
_NAME_WORD = re.compile(r"[^\W_][\w.'’-]*")
# What a place named inside a longer name may be: not a street, a dam or a camp.
_INNER_FEATURES = frozenset({"country", "admin1", "admin2", "city", "region"})


@lru_cache(maxsize=1)
def load_ranker_weights() -> tuple[float, ...]:
    model = json.loads(resources.files("sitrep.data").joinpath(*MODEL).read_text(encoding="utf-8"))
    # Evidence added since the model was trained weighs nothing until ``sitrep train geo`` runs again.
    return tuple(float(model["weights"].get(name, 0.0)) for name in EVIDENCE)


@dataclass
class ResolvedPlace:
    record: PlaceRecord
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Candidate:
    record: PlaceRecord
    score: float  # the vote prior (see VOTE_PRIOR)
    kind: int | None  # PRIMARY, ALIAS or ALTERNATE; None when only the skeleton matched
    county_word_missing: bool = False  # "Gwinnett" for Gwinnett County
    name: str = ""  # the name key it was found under (set by ``in_context``)
    named_after_a_unit: bool = False  # a town that shares its name with a country or state ("Mexico, Missouri")

    @property
    def by_skeleton(self) -> bool:
        return self.kind is None


@dataclass
class DocumentContext:
    countries: Counter[str]  # country code -> votes
    regions: Counter[tuple[str, str]]  # (country code, region key) -> votes
    nearby: dict[str, float]  # place id -> share of the document's other names with a likely namesake near it
    # name -> how many names stand beside it in a list ("Arkansas, California and Colorado"), and how
    # many of those could be a place of each (feature class, country)
    list_mates: dict[str, tuple[int, Counter[tuple[str, str | None]]]] = field(default_factory=dict)
    own_votes: dict[str, tuple[Counter[str], Counter[tuple[str, str]]]] = field(default_factory=dict)  # by name
    _others: dict[str, tuple[Counter, Counter, float, float, int]] = field(default_factory=dict, init=False, repr=False)

    def others(self, name: str) -> tuple[Counter[str], Counter[tuple[str, str]], float, float, int]:
        """The votes of every name but ``name`` (a name is no evidence for itself: "EU" must not
        vote Eu, Normandy, into the document), the top country's and region's, and how many
        names voted."""
        if name not in self._others:
            own_countries, own_regions = self.own_votes.get(name, (Counter(), Counter()))
            countries, regions = self.countries - own_countries, self.regions - own_regions
            self._others[name] = (countries, regions, max(countries.values(), default=0.0),
                                  max(regions.values(), default=0.0), len(self.own_votes) - (name in self.own_votes))
        return self._others[name]


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, weights: tuple[float, ...] | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or load_ranker_weights()

    def candidates(self, surface: str, skeleton: bool = True) -> list[_Candidate]:
        """Every gazetteer place ``surface`` may name, with its vote prior; ``skeleton``: with the
        places only its transliteration skeleton matches, when nothing else does."""
        # Curated names may keep their article ("the Atlantic" is the ocean; Atlantic, Iowa, is not).
        text = surface[4:] if surface.lower().startswith("the ") else surface
        exact = self.gazetteer.exact(surface) or self.gazetteer.exact(text)
        # "Mt. Pleasant", "W. Columbia", "Loudon Co.": abbreviated words name the places spelt out too.
        spelt_out = _ABBREVIATED_WORD.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
        if spelt_out != text:
            known = {r.id for r, _kind in exact}
            exact = exact + [(r, kind) for r, kind in self.gazetteer.exact(spelt_out) if r.id not in known]
            text = spelt_out
        found = [_Candidate(r, self._prior(r) + (kind != ALTERNATE), kind) for r, kind in exact]
        # "Gwinnett", "Cooke, Grayson and Love counties": local news names counties without the word.
        found += [_Candidate(r, self._prior(r) - 1.0, ALTERNATE, county_word_missing=True)
                  for word in COUNTY_WORDS for r, _kind in self.gazetteer.exact(f"{text} {word}")
                  if r.feature == "admin2"]
        # A town named after a country or state elsewhere ("Mexico, Missouri"); not one inside its namesake
        # unit (Deir ez-Zor in its governorate, New York City in its state).
        units = [c.record for c in found if c.record.feature in ("country", "admin1") and c.kind != ALTERNATE]
        if units:
            for c in found:
                c.named_after_a_unit = c.record.feature in ("city", "admin2") and not any(
                    _contains(unit, c.record) for unit in units)
            # A country's own name is the country's, not its capital's GeoNames alternate ("Mexico" for
            # Mexico City, "Kuwait" for Kuwait City).
            countries = {unit.country_code for unit in units if unit.feature == "country"}
            found = [c for c in found if not (c.kind == ALTERNATE and c.record.feature == "city"
                                              and c.record.country_code in countries)]
            # Nor is it the name of the country's own province of that name ("Taiwan", "Panama").
            found = [c for c in found if not (c.record.feature == "admin1" and c.record.country_code in countries)]
        if found:
            return found
        # "Iraqi Anbar", "Syria's Raqqa": a country's name or adjective before a place picks that country's.
        first, _, rest = text.partition(" ")
        countries = {r.country_code for r, _kind in self.gazetteer.exact(first.removesuffix("'s").removesuffix("’s"))
                     if r.feature == "country"} if rest else set()
        inside = [c for c in self.candidates(rest) if c.record.country_code in countries] if countries else []
        if inside:
            return inside
        # "Akita Prefecture", "Tewksbury Township", "Town of Groton": the unit is the place its name names.
        for unit_words, features in ((_REGION_WORD, ("admin1", "admin2")), (_TOWN_WORDS, ("city", "admin2"))):
            named = unit_words.sub("", text)
            inside = [c for c in self.candidates(named, skeleton=False)
                      if c.record.feature in features] if named and named != text else []
            if inside:
                return inside
        # "North Dallas", "Greater Mumbai", "South Venezuela": a part of a place is near enough to it.
        qualifier, _, rest = text.partition(" ")
        if rest and qualifier.lower() in _QUALIFIERS:
            inside = self.candidates(rest, skeleton=False)
            if inside:
                return _found_as(inside, rest)
        # "Minnesotans", "South Ossetian", "New Londoners": a demonym no gazetteer lists names its place.
        for place_name in _demonym_places(text):
            inside = [c for c in self.candidates(place_name, skeleton=False)
                      if c.kind != ALTERNATE and c.record.feature in _DEMONYM_FEATURES]
            if inside:
                return _found_as(inside, place_name)
        if not skeleton:
            return []
        # Transliterations keep their initial's class: "Dayr"/"Deir", "Ain"/"Ein" meet, "Gao"/"Kao" too.
        first = _initial_class(text)
        return [_Candidate(r, self._prior(r) - 1.5, None)
                for r in self.gazetteer.transliterated(text) if _initial_class(r.name) == first]

    def _prior(self, record: PlaceRecord) -> float:
        if record.feature == "city":
            return math.log10(record.population + 10) + 1.5 * (record.id in self.gazetteer.capitals)
        return VOTE_PRIOR.get(record.feature, 2.0)

    def evidence(self, candidate: _Candidate, context: DocumentContext) -> list[float]:
        """The candidate's evidence, in ``EVIDENCE`` order."""
        record = candidate.record
        countries, regions, top_country, top_region, voters = context.others(candidate.name)
        region = _region(record)
        values = list(_ONE_HOT.get(record.feature, _NO_FEATURE_CLASS))
        values += [
            math.log10(record.population + 10) if record.feature == "city" else 0.0,
            float(record.id in self.gazetteer.capitals),
            float(candidate.kind == PRIMARY), float(candidate.kind == ALIAS), float(candidate.kind == ALTERNATE),
            float(candidate.kind is None), float(candidate.county_word_missing), float(candidate.named_after_a_unit),
            countries[record.country_code] / top_country if record.country_code and top_country else 0.0,
            regions[(record.country_code, region)] / top_region if region and top_region else 0.0,
            regions[(record.country_code, region)] / voters if region and voters else 0.0,
            context.nearby.get(record.id, 0.0),
            _list_share(candidate, context),
        ]
        return values

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[ResolvedPlace]:
        """Resolve every mention span of ``text``; mentions of the same place are grouped."""
        options, context = self.in_context(text, spans)
        # By name: the mentions of a name share one list of candidates (``in_context``) and one scoring.
        scored: dict[int, list[tuple[float, _Candidate]]] = {}
        chosen: list[PlaceRecord | None] = []
        for (start, end), candidates in zip(spans, options, strict=True):
            if id(candidates) not in scored:
                scored[id(candidates)] = self._scored(candidates, context)
            best = self._choose(text, start, end, scored[id(candidates)], context)
            chosen.append(best.record if best else None)
        places: dict[str, ResolvedPlace] = {}
        near: dict[str, PlaceRecord | None] = {}  # by name: the mentions of a name stay one place
        for number, (start, end) in enumerate(spans):
            surface = text[start:end]
            record = chosen[number]
            if record is None and _is_name(surface):
                record = self._lies_in(text, spans, chosen, number) or self._named_inside(text, start, end, context)
                key = _surface_key(surface)
                if record is None and key not in near:
                    near[key] = _near(surface, spans, chosen, number)
                record = record or near[key]
            if record is None:
                record = PlaceRecord(f"unresolved:{_id_part(surface)}", surface, None, None, None,
                                     None, "other", 0, None)
            places.setdefault(record.id, ResolvedPlace(record)).mentions.append((start, end))
        return list(places.values())

    @staticmethod
    def _lies_in(text: str, spans: list[tuple[int, int]], chosen: list[PlaceRecord | None],
                 number: int) -> PlaceRecord | None:
        """For a name the gazetteer lacks, the place the text says it lies in: "Eva's Village in
        Paterson", "Seoul's Jamsil Stadium", or a place mentioned within it ("Air France KLM", when
        the mentions given nest)."""
        start, end = spans[number]
        for other, (other_start, other_end) in enumerate(spans):
            if chosen[other] is None:
                continue
            if start <= other_start and other_end <= end:
                return chosen[other]
            if end <= other_start <= end + 20 and _LIES_IN.fullmatch(text, end, other_start):
                return chosen[other]
            if start - 4 <= other_end <= start and _POSSESSIVE.match(text[other_end:start]):
                return chosen[other]
        return None

    def _named_inside(self, text: str, start: int, end: int, context: DocumentContext) -> PlaceRecord | None:
        """For a name the gazetteer lacks, the place it opens with or names after "of", longest first:
        "Dubai World Cup", "Belfast Magistrate's Court", "Bank of Mexico". A place's name at the end
        is a head noun more often than a place ("Rift Valley", "Soviet Union", "Mahim Bay"), and an
        Arabic name's first word before an article is no place of its own ("Bab al-Mu'adham")."""
        words = [m.group() for m in _NAME_WORD.finditer(text, start, end)]
        of = next((i for i, word in enumerate(words) if word.lower() == "of"), None)
        inner_names = [words[:size] for size in range(len(words) - 1, 0, -1) if not opens_with_article(words[size])]
        if of is not None:
            inner_names = [words[of + 1:]] + [n for n in inner_names if len(n) <= of]
        for inner_words in inner_names:
            inner = " ".join(inner_words)
            if not inner[:1].isupper():
                continue
            candidates = [c for c in _found_as(self.candidates(inner, skeleton=False), inner)
                          if c.kind != ALTERNATE and c.record.feature in _INNER_FEATURES]
            if candidates:
                return max(self._scored(candidates, context), key=lambda pair: pair[0])[1].record
        return None

    def in_context(self, text: str, spans: list[tuple[int, int]]) -> tuple[list[list[_Candidate]], DocumentContext]:
        """Each span's candidates, and the document context their evidence is read against."""
        by_name: dict[str, list[_Candidate]] = {}
        options = []
        for start, end in spans:
            surface = text[start:end]
            key = _surface_key(surface)
            # "the Atlantic" is the ocean even when the article stands outside the mention.
            if text[max(0, start - 4):start].lower() == "the " and self.gazetteer.has_key(name_key(f"the {surface}")):
                surface = f"the {surface}"
                key = name_key(surface)
            if key not in by_name:
                # A name found through another ("Minnesotans" through "Minnesota") votes as that one.
                by_name[key] = _found_as(self.candidates(surface), surface) if _is_name(surface) else []
            options.append(by_name[key])
        context = self._document_context(by_name)
        context.list_mates = _list_mates(text, spans, options)
        return options, context

    @staticmethod
    def _document_context(names: dict[str, list[_Candidate]]) -> DocumentContext:
        """Countries, first-level regions and neighbourhoods in play. Each distinct name (not each
        mention: a town named ten times is still one clue) spreads one vote over its candidates by
        their prior (a softmax), so an unambiguous name counts fully, "Mexico" votes for the
        country, and "Paris" gives France only part of a vote."""
        context = DocumentContext(Counter(), Counter(), {})
        points: list[tuple[str, int, float, float, float]] = []  # id, name, lat, lon, vote
        numbers: dict[str, int] = {}
        for candidates in names.values():
            candidates = [c for c in candidates if not c.by_skeleton and c.record.country_code]
            if not candidates:
                continue
            # Votes go under the name the candidates were found by: "New Londoners" is no evidence for
            # New London, Connecticut, in a story that names New London.
            name = candidates[0].name
            number = numbers.setdefault(name, len(numbers))
            top = max(c.score for c in candidates)
            weights = [math.exp(c.score - top) for c in candidates]
            total = sum(weights)
            countries: Counter[str] = Counter()
            regions: Counter[tuple[str, str]] = Counter()
            for candidate, weight in zip(candidates, weights, strict=True):
                record = candidate.record
                countries[record.country_code] += weight / total
                region = _region(record)
                if region:
                    regions[(record.country_code, region)] += weight / total
                if record.feature in POINT_FEATURES and record.lat is not None:
                    points.append((record.id, number, record.lat, record.lon, weight / total))
            own_countries, own_regions = context.own_votes.setdefault(name, (Counter(), Counter()))
            for own, total_votes, votes in ((own_countries, context.countries, countries),
                                            (own_regions, context.regions, regions)):
                own.update(votes)
                total_votes.update(votes)
        context.nearby = _nearby_shares(points)
        return context

    def _scored(self, candidates: list[_Candidate], context: DocumentContext) -> list[tuple[float, _Candidate]]:
        # A spelling only the transliteration skeleton explains must fit the document's countries.
        candidates = [c for c in candidates if not c.by_skeleton or context.countries[c.record.country_code or ""] > 0]
        return [(sum(map(mul, self.weights, self.evidence(c, context))), c) for c in candidates]

    def _choose(self, text: str, start: int, end: int, scored: list[tuple[float, _Candidate]],
                context: DocumentContext) -> _Candidate | None:
        if not scored:
            return None
        # Rules, not weights: a name called a state or province is one ("the state of Washington",
        # "Washington state"),
        if _UNIT_BEFORE.search(text, max(0, start - 40), start) or _UNIT_AFTER.match(text, end):
            units = [(score, c) for score, c in scored if c.record.feature == "admin1"]
            if units:
                return max(units, key=lambda pair: pair[0])[1]
        # a container named right after the mention ("Paris, Texas") settles it,
        container = self._container_after(text, end)
        contained = [(score, c) for score, c in scored if c.record.feature != "country" and (
            c.record.country_code in container or (c.record.country_code, _region(c.record)) in container)]
        # and so does a list of countries or of one country's provinces ("Alaska, Alabama, Arizona,
        # Arkansas, California") for a name that can be one more of them, unless the name is the
        # list's last but one and a province follows ("Texas and Washington, D.C.").
        mates, kinds = context.list_mates.get(scored[0][1].name, (0, Counter()))
        listed = [(score, c) for score, c in contained or scored if mates >= 2
                  and c.record.feature in ("country", "admin1") and kinds[_place_kind(c.record)] == mates]
        in_region = [(score, c) for score, c in contained if (c.record.country_code, _region(c.record)) in container]
        if in_region and not (listed and _LIST_GOES_ON.match(text, end)):
            return max(in_region, key=lambda pair: pair[0])[1]
        return max(listed or contained or scored, key=lambda pair: pair[0])[1]

    def _container_after(self, text: str, end: int) -> set:
        """Countries and regions named right after a mention: "Mosul, Iraq", "Paris, Texas", "Manbij (Syria)"."""
        tail = text[end:end + 40]
        if tail[:2].strip() not in (",", "(", ", ("):
            return set()
        name = tail.lstrip(" ,(").split(",")[0].split(")")[0].strip()
        words = name.split()
        found: set = set()
        for size in range(min(4, len(words)), 0, -1):
            for record, _kind in self.gazetteer.exact(" ".join(words[:size])):
                if record.feature in ("country", "admin1") and record.country_code:
                    found.add(record.country_code)
                    if record.feature == "admin1" and _region(record):
                        found.add((record.country_code, _region(record)))
            if found:
                break
        return found


def _contains(unit: PlaceRecord, record: PlaceRecord) -> bool:
    """Whether a country or first-level unit holds the place."""
    return unit.country_code == record.country_code and (unit.feature == "country" or _region(unit) == _region(record))


AREA_FEATURES = frozenset({"country", "admin1", "admin2", "region", "water", "terrain"})


def point_precision(record: PlaceRecord) -> str | None:
    """How closely a place's point locates what the text names: ``point`` for a town or site at
    its own point, ``area`` for a country, province, region, river or range whose point stands for
    all of it, ``approximate`` for a name no gazetteer entry explains, placed at a place mentioned
    near it (``_near``); None without coordinates."""
    if record.lat is None:
        return None
    if record.id.startswith(NEAR_PREFIX):
        return "approximate"
    return "area" if record.feature in AREA_FEATURES else "point"


def _id_part(surface: str) -> str:
    """A name as part of a place id: its key, hyphenated, and short enough for the store's id
    column however long the given mention (a hash keeps long ones apart)."""
    key = name_key(surface).replace(" ", "-")
    if len(key) <= ID_PART_LENGTH:
        return key
    return f"{key[:ID_PART_LENGTH - 9]}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def _near(surface: str, spans: list[tuple[int, int]], chosen: list[PlaceRecord | None],
          number: int) -> PlaceRecord | None:
    """For a name no gazetteer entry explains (a village, a river, a school), the place mentioned
    nearest to it in the text, a town or county before a province (never a country: too coarse),
    as an approximate location: id ``near:<that place's id>:<name>``, feature ``other``. A story
    names the small places around the ones it is about."""
    start = spans[number][0]
    for features in (("city", "admin2"), ("admin1",)):
        anchors = [(abs(other_start - start), record) for (other_start, _end), record in zip(spans, chosen, strict=True)
                   if record is not None and record.feature in features]
        if anchors:
            anchor = min(anchors, key=lambda pair: pair[0])[1]
            return PlaceRecord(f"{NEAR_PREFIX}{anchor.id}:{_id_part(surface)}", surface, anchor.lat,
                               anchor.lon, anchor.country_code, anchor.admin1, "other", 0, None)
    return None


def _list_mates(text: str, spans: list[tuple[int, int]],
                options: list[list[_Candidate]]) -> dict[str, tuple[int, Counter[tuple[str, str | None]]]]:
    """For each name, the names listed beside it ("Arkansas, California, Colorado and Georgia") and
    the kinds of place they could be: a list names places of one kind. Two names and a comma are
    no list but a place and its container ("Paris, Texas")."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    chains: list[tuple[list[int], list[str]]] = []  # spans and the words between them
    for left, right in pairwise(order):
        joiner = _LIST_JOINER.fullmatch(text, spans[left][1], spans[right][0])
        if joiner is None:
            continue
        if not chains or chains[-1][0][-1] != left:
            chains.append(([left], []))
        chains[-1][0].append(right)
        chains[-1][1].append(joiner.group().strip())
    mates: dict[str, tuple[int, Counter[tuple[str, str | None]]]] = {}
    for chain, joiners in chains:
        if joiners == [","]:
            continue
        for this in chain:
            for other in chain:
                if not options[this] or not options[other] or options[this][0].name == options[other][0].name:
                    continue
                count, kinds = mates.get(options[this][0].name, (0, Counter()))
                kinds.update({_place_kind(c.record) for c in options[other] if c.kind in (PRIMARY, ALIAS)})
                mates[options[this][0].name] = (count + 1, kinds)
    return mates


def _place_kind(record: PlaceRecord) -> tuple[str, str | None]:
    """What a list holds alike: states of one country; countries or regions of any."""
    return record.feature, None if record.feature in ("country", "region") else record.country_code


def _list_share(candidate: _Candidate, context: DocumentContext) -> float:
    count, kinds = context.list_mates.get(candidate.name, (0, None))
    return kinds[_place_kind(candidate.record)] / count if count else 0.0


def _is_name(surface: str) -> bool:
    """Whether a mention is written as a name, with a capital or a digit: "the porch", "downtown"
    are no place to look up (nor evidence about the others)."""
    return any(c.isupper() or c.isdigit() for c in surface)


def _found_as(candidates: list[_Candidate], name: str) -> list[_Candidate]:
    """The candidates, each marked with the name key it was found under unless already marked."""
    key = _surface_key(name)
    for candidate in candidates:
        candidate.name = candidate.name or key
    return candidates


def _surface_key(surface: str) -> str:
    """The name key a mention is looked up and voted under (curated names may keep their article)."""
    return name_key(surface[4:] if surface.lower().startswith("the ") else surface)


def _demonym_places(text: str) -> list[str]:
    """The place names a demonym may come from ("South Ossetians" -> "South Ossetia", "South Ossetio", ...)."""
    head, _, last = text.rpartition(" ")
    for ending, replacements in _DEMONYM_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 2:
            stem = last[: -len(ending)]
            return [f"{head} {stem}{r}".strip() for r in replacements]
    return []


def _initial_class(name: str) -> str:
    initial = name_key(name)[:1]
    return "a" if initial in "aeiouy" else "k" if initial in "qkgc" else initial


def _region(record: PlaceRecord) -> str | None:
    """The first-level region a place lies in (its own name for a region itself), as a match key."""
    name = record.admin1 or (record.name if record.feature == "admin1" else None)
    return name_key(name) if name else None


def _nearby_shares(points: list[tuple[str, int, float, float, float]]) -> dict[str, float]:
    """For each candidate point, the share of the document's other names whose candidates within
    ``NEAR_KM`` hold their vote: Athens next to Henderson County is Athens, Texas."""
    names = len({number for _id, number, _lat, _lon, _vote in points})
    if names < 2:
        return {}
    ids = [point[0] for point in points]
    number = np.array([point[1] for point in points])
    lat = np.radians([point[2] for point in points])
    lon = np.radians([point[3] for point in points])
    vote = np.array([point[4] for point in points])
    # Equirectangular distances: exact enough at a hundred kilometres.
    x = (lon[:, None] - lon[None, :] + np.pi) % (2 * np.pi) - np.pi
    x *= np.cos((lat[:, None] + lat[None, :]) / 2)
    near = np.hypot(x, lat[:, None] - lat[None, :]) * EARTH_KM <= NEAR_KM
    near &= number[:, None] != number[None, :]
    held = np.zeros((len(points), int(number.max()) + 1))
    np.add.at(held.T, number, (near * vote[None, :]).T)
    shares = np.minimum(held, 1.0).sum(axis=1) / (names - 1)
    return {place_id: float(share) for place_id, share in zip(ids, shares, strict=True) if share > 0}
