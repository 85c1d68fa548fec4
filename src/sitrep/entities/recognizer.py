"""The entity recogniser: knowledge first, then a trained name model and a few grammar rules for
what knowledge cannot list.

Order of evidence, most trusted first (longer spans win over shorter ones that overlap them):
1. actor knowledge-base names (ORGANIZATION; persons in the KB -> PERSON);
2. gazetteer names (LOCATION) and demonyms (NATIONALITY);
3. date expressions from the time stage (DATE), term lexicons (WEAPON, MILITARY_PLATFORM, VEHICLE),
   numbers with units (QUANTITY, MONEY);
4. grammar for unknown names: a title or "led by" before capitalised words (PERSON), capitalised
   words ending in an organisation head noun (ORGANIZATION);
5. the trained name model (PERSON, ORGANIZATION, LOCATION; ``sitrep.entities.training``) where no
   rule found anything (its places only where the gazetteer knows the name).
A country or capital that is also a state metonym is kept as LOCATION here; whether it acts in an
event is the actor linker's decision.

The pipeline's last stage (``widen_to_annotated_spans``), after places, actors and events, gives
the entities the spans annotators of conflict reporting mark and adds what they mark beyond names:
places, groups and pronouns standing for actors in the sentences that tell of an event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

import numpy
from spacy.attrs import IDX, LENGTH, LIKE_NUM, ORTH
from spacy.lang.en.lex_attrs import _num_words, _ordinal_words, like_num
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep.actors.kb import ActorKB
from sitrep.actors.linker import GROUP_HEADS
from sitrep.gazetteer import Gazetteer, PlaceRecord
from sitrep.gazetteer.index import PRIMARY
from sitrep.names import is_acronym, name_key
from sitrep.terms import PREFIX_KEY, TermIndex

PERSON_TITLES = frozenset([
    "president", "gen", "gen.", "general", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj", "maj.",
    "major", "capt", "capt.", "captain", "sgt", "sgt.", "sergeant", "adm", "adm.", "admiral", "brig", "brig.",
    "brigadier", "commander", "sheikh", "shaykh", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "minister", "premier", "emir", "amir", "prince", "king", "queen", "chancellor", "senator", "sen.", "rep.",
    "representative", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "secretary", "mayor",
    "governor", "gov.", "imam", "cleric", "mullah", "ayatollah", "field", "marshal", "judge", "chief", "deputy",
])
# Nouns after an organisation's name that annotators take into it: "ISIL fighters" is the group acting.
MEMBER_HEADS = frozenset(GROUP_HEADS | {"fighters", "terrorists", "militants", "members", "service members",
                                        "personnel", "troops", "soldiers", "partners", "forces", "unit", "units",
                                        "group", "network", "cell", "cells", "operatives"})
MEMBER_MODIFIERS = frozenset({"tactical", "terrorist", "military", "fighting", "armed", "security", "special"})
# Words of a title before a name, beyond the titles themselves: "Foreign Minister", "Secretary of State".
TITLE_WORDS = frozenset({t.rstrip(".") for t in PERSON_TITLES} | {
    "foreign", "defence", "defense", "prime", "vice", "state", "interior", "home", "office", "special", "staff",
    "first", "spc", "pfc", "cpl", "he", "his", "excellency", "minister", "secretary", "general", "attorney",
    "navy", "army", "marine", "press",
})
PERSON_CUES_BEFORE = ("led by", "headed by", "commanded by", "according to", "founded by")
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abou", "de", "van", "von", "da", "del", "ul", "ud"})
ORG_HEADS = frozenset([
    "forces", "army", "brigade", "brigades", "front", "party", "ministry", "council", "committee",
    "organization", "organisation", "union", "movement", "group", "militia", "militias", "battalion",
    "battalions", "corps", "agency", "office", "command", "coalition", "alliance", "division", "regiment",
    "guard", "guards", "police", "department", "institute", "university", "bank", "company", "network",
    "observatory", "commission", "government", "authority", "association", "federation", "centre", "center",
    "court", "mission", "unit", "units", "services", "service", "legion", "league", "assembly", "administration",
])
# Capitalised words that are also place names somewhere but almost never are in news copy.
COMMON_CAPITALISED = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "today", "police", "mobile", "most", "nice", "reading", "bath", "best", "buy", "gap", "bar", "split",
    "union", "victory", "independence", "freedom", "liberty", "justice", "peace", "hope", "unity", "progress",
    "commerce", "industry", "enterprise", "university", "college", "hospital", "airport", "state", "city",
    "county", "province", "district", "region", "centre", "center", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "central", "upper", "lower", "new", "old", "great", "little",
    "mount", "lake", "river", "island", "islands", "beach", "valley", "camp", "fort", "port", "said", "says",
    "will", "well", "young", "long", "guard", "page", "star", "sun", "moon", "church", "god", "christ", "jesus",
    "time", "day", "night", "media", "press", "prime", "minister", "president", "army", "forces", "brigade",
    "front", "party",
])
_ARTICLE_WORDS = frozenset({"al", "el", "the", "ad", "as", "ash", "ar", "at", "az", "an"})
_NUMBER = re.compile(r"^\d[\d,.]*$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
UNIT_WORDS = frozenset({"Force", "Unit", "Group", "Fleet", "Team", "Squadron", "Division", "Brigade", "Battalion",
                        "Regiment", "Wing", "Corps", "Army"})
UNIT_NUMBERS = frozenset({"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"})
_DAY_AFTER_DASH = re.compile(r"^[-–]\d{1,2}$")  # "-19" in "November 18 -19"
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")  # "321st", "3rd"
_YEAR_END = re.compile(r"^\d{2}(\d{2})?$")  # "1990-91", "1977-1979"
_PERIODS = frozenset({"days", "weeks", "months", "years"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Nouns after a demonym that make it a group ("Arab citizens") or a person ("the Iraqi commander").
DEMONYM_GROUP_HEADS = frozenset({"citizens", "civilians", "people", "opposition", "fighters", "forces", "troops",
                                 "soldiers", "militants", "rebels", "militias", "militia", "government", "regime",
                                 "authorities", "officials", "leaders", "leadership", "component", "companies",
                                 "television", "media", "community", "communities", "refugees", "partners", "allies",
                                 "army", "navy", "police", "military", "units", "population", "tribes", "groups"})
DEMONYM_PERSON_HEADS = frozenset({"commander", "citizen", "soldier", "officer", "official", "leader", "national",
                                  "journalist", "spokesman", "spokeswoman", "cleric", "militant", "fighter"})
DEMONYM_HEADS = DEMONYM_GROUP_HEADS | DEMONYM_PERSON_HEADS
# Groups that annotators name with their place: "the people of Syria", "residents of Mosul".
GROUPS_OF_PLACES = frozenset({"people", "peoples", "residents", "citizens", "civilians", "population", "populations",
                              "communities", "refugees", "leaders", "government", "forces", "inhabitants"})
PRONOUNS = {get_string_id(word): label for word, label in (
    ("we", "ORGANIZATION"), ("We", "ORGANIZATION"), ("he", "PERSON"), ("He", "PERSON"), ("she", "PERSON"),
    ("She", "PERSON"))}  # by word hash: the pronouns re3d marks as the actors they stand for
HELD_BY = frozenset({"held", "controlled", "occupied", "run", "owned", "used", "built"})  # "ISIL-held"
NOMINAL_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "another",
                               "several", "multiple", "many", "some", "all", "other"})
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", ":"})
_NUMBER_WORDS = frozenset(_num_words) | frozenset(_ordinal_words)
_DATE_NOUNS = frozenset({"past", "last", "next", "previous", "coming", "first", "end", "beginning", "start", "middle",
                         "summer", "winter", "spring", "autumn", "fall", "morning", "evening", "night", "eve",
                         "following"})
_DURATION_OPENERS = frozenset({"past", "last", "next", "previous", "coming", "first"})
_SPAN_BREAKS = frozenset({",", ";", ":", "(", ")", "\"", "“", "”", "&", "/", "|", "!", "?"})
RELABEL_CONFIDENCE = 0.5  # the model's probability above which it relabels a town's name (see _merge)
SMALL_TOWN = 15000  # a lone capitalised word naming only places this small is rarely a place in news
BIG_CITY = 500_000  # a city this big, under its own name, is what the word means in news


NameFinder = Callable[[Doc], list[Span]]  # a name model: PERSON/ORGANIZATION/LOCATION spans of a Doc
if not Doc.has_extension("name_relabels"):
    Doc.set_extension("name_relabels", default=None)  # (start_char, end_char) -> the model's label for a place


class EntityRecognizer:
    """spaCy component: sets ``doc.ents`` with sitrep's labels and ``span._.ref`` for KB matches."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorKB, name_model: NameFinder | None = None) -> None:
        self.gazetteer = gazetteer
        self.actors = actors
        self.name_model = name_model
        lexicon = _lexicon()
        self.terms = {label: TermIndex(lexicon[label])
                      for label in ("WEAPON", "MILITARY_PLATFORM", "VEHICLE", "NATIONALITY")}
        # The words and prefixes any lexicon term starts with: most words start none.
        self._term_words: set[str] = set()
        self._term_prefixes: set[str] = set()
        for terms in self.terms.values():
            words, prefixes = terms.first_words()
            self._term_words |= words
            self._term_prefixes |= prefixes
        self.quantity_units = TermIndex(lexicon["QUANTITY_UNITS"])
        self.money_units = TermIndex(lexicon["MONEY_UNITS"])
        self.duration_units = TermIndex(lexicon["DURATION_UNITS"])

    def use_name_model(self, name_model: NameFinder | None) -> None:
        """Find the names no rule knows with this model (``load_name_model``), or with none."""
        self.name_model = name_model

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        spans += self._knowledge_spans(doc)
        lowered = [t.lower_ for t in doc]
        spans += self._date_spans(doc)
        spans += self._duration_spans(doc, lowered)
        spans += self._grammar_spans(doc, [span for span in spans if span.label_ == "LOCATION"])
        spans += self._lexicon_spans(doc, lowered)
        ents = filter_spans(spans)
        doc._.name_relabels = {}
        if self.name_model is not None:
            ents = self._merge(ents, [name for name in map(_bare_name, self.name_model(doc)) if name is not None])
        # A name never starts on a possessive or punctuation ("Israel's forces" holds no name "'s forces").
        ents = [e for e in ents if not (e[0].is_punct or e[0].lower_ in ("'s", "’s"))]
        doc.ents = self._surnames(doc, _places_named_again(doc, ents))
        return doc

    def _merge(self, ents: list[Span], names: list[Span]) -> list[Span]:
        """The rules' entities with the model's names (measured on re3d, UNER and the geoparsing
        corpora; see the model card): where a rule found something, its span, label and reference
        stand, so a known actor or place keeps its label, except that a name of two words or more
        holds a lone demonym ("Syrian Arab Coalition"), and a person's name lone words the rules took
        for places or organisations ("David Cameron", not the town David); the model's names fill
        the gaps, its places only where the gazetteer knows the name (an unknown one cannot be
        resolved, and in general text such names were mostly not places). Dates, quantities and
        lexicon terms are the rules' alone."""
        kept, replaced = [], set()
        for name in names:
            if name.label_ == "LOCATION" and not self.gazetteer.has_key(name_key(name.text)):
                continue
            inside = [ent for ent in ents if ent.start < name.end and name.start < ent.end]
            if not inside:
                kept.append(name)
            elif len(name) >= 2 and all(
                    name.start <= ent.start and ent.end <= name.end and len(ent) == 1 and not ent._.ref
                    and (ent.label_ == "NATIONALITY" or (name.label_ == "PERSON" and ent.label_ in (
                        "LOCATION", "ORGANIZATION"))) for ent in inside):
                kept.append(name)
                replaced.update(id(ent) for ent in inside)
            elif len(name) == 1 and len(inside) == 1 and inside[0].label_ == "LOCATION" and len(inside[0]) == 1 \
                    and name._.name_confidence >= RELABEL_CONFIDENCE and self._minor_place(name.text):
                # "Bush", "Google": a town's name the model is sure is a person's or a firm's. It stays a
                # place for the places stage (which decides whether to resolve it), and takes the
                # model's label as an entity at the end (``widen_to_annotated_spans``).
                name.doc._.name_relabels[(name.start_char, name.end_char)] = name.label_
        return sorted([ent for ent in ents if id(ent) not in replaced] + kept, key=lambda span: span.start)

    def _minor_place(self, text: str) -> bool:
        """Whether every place ``text`` names is a town or district, none a country, first-level
        division, capital or city known by that name (Mosul): such a word is as often a person's
        or a firm's name ("Bush", "Google")."""
        candidates = self.gazetteer.exact(text)
        return bool(candidates) and all(
            r.feature not in ("country", "admin1") and r.id not in self.gazetteer.capitals
            and not (kind == PRIMARY and r.population >= BIG_CITY) for r, kind in candidates)

    @staticmethod
    def _surnames(doc: Doc, ents: list[Span]) -> list[Span]:
        """Later mentions of a person by surname alone ("Carter" after "Ash Carter", "al-Baghdadi"
        after "Abu Bakr al-Baghdadi") are that person, whatever else the word could be."""
        surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2 and _is_name_token(e[-1])}
        if not surnames:
            return ents
        out = []
        for ent in ents:
            # The surname alone, or with the article that opens it ("al-", "el-").
            alone = len(ent) == 1 or (len(ent) == 3 and ent[0].lower_ in _ARTICLE_WORDS and ent[1].text in "-–")
            if alone and ent[-1].text in surnames and ent.label_ in ("LOCATION", "ORGANIZATION"):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            out.append(ent)
        taken = {i for e in out for i in range(e.start, e.end)}
        orths = {doc.vocab.strings[name] for name in surnames}
        at = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), list(orths)))  # without a Token per word
        out += [Span(doc, int(i), int(i) + 1, label="PERSON") for i in at if int(i) not in taken]
        return sorted(out, key=lambda e: e.start)

    # -- 1 and 2: knowledge bases ---------------------------------------------------------
    def _knowledge_spans(self, doc: Doc) -> list[Span]:
        spans = []
        texts = [t.text for t in doc]  # a Token object per access is what costs here
        offsets = doc.to_array([IDX, LENGTH]).tolist()  # each word's start and length in the text
        text = doc.text  # built anew by every access
        i, n = 0, len(doc)
        while i < n:
            hyphenated_article = texts[i] in ("al", "el") and i + 2 < n and texts[i + 1] == "-"  # "al-Qaida"
            if not (texts[i][:1].isupper() or texts[i][:1].isdigit() or hyphenated_article):
                i += 1
                continue
            found = None
            limit = i + 1
            first = name_key(texts[i])
            # Names can only be as long as the longest known name starting with this word; token
            # counts exceed word counts (hyphens, apostrophes), hence the slack.
            longest = max(self.gazetteer.words_after.get(first, 0), self.actors.words_after.get(first, 0))
            if not longest and first in _ARTICLE_WORDS and i + 1 < n:
                longest = max(self.gazetteer.words_after.get(name_key(texts[i + 1]), 0), 1) + 1
            stop = min(n, i + 2 * longest + 1)
            while limit < stop and texts[limit] not in _SPAN_BREAKS and not texts[limit].isspace():
                limit += 1
            for j in range(limit, i, -1):
                last = texts[j - 1]
                if not last[:1].isalnum() or (j - 1 > i and last.islower() and len(last) <= 3):
                    continue  # a span never ends on punctuation or a particle ("Mosul, a")
                previous = texts[i - 1].lower() if i else ""
                found = self._classify(doc, i, j, text[offsets[i][0]:offsets[j - 1][0] + offsets[j - 1][1]], previous)
                if found:
                    break
            if found:
                spans.append(found)
                i = found.end
            else:
                i += 1
        return spans

    def _classify(self, doc: Doc, start: int, end: int, surface: str, previous: str) -> Span | None:
        """The entity tokens [start, end) (whose text is ``surface``, after the lower-cased word
        ``previous``) are, if knowledge knows them."""
        key = name_key(surface)
        if not key:
            return None
        if previous in PERSON_TITLES and end - start == 1:
            return None  # "Gen. Coe", "Secretary Kerry": a name after a title is a person's
        # States and one-word capital metonyms stay places here ("Washington"); "the Syrian regime",
        # "the Iraqi government" are organisations.
        actors = [a for a in self.actors.lookup(surface)
                  if a.type != "state" and not (a.type == "government" and end - start == 1)]
        if actors:
            label = "PERSON" if actors[0].type == "person" else "ORGANIZATION"
            span = Span(doc, start, end, label=label)
            span._.ref = f"actor:{actors[0].id}"
            return span
        if end - start == 1 and not is_acronym(surface) and (
                key in STOP_WORDS or key in COMMON_CAPITALISED or key in _ARTICLE_WORDS):
            return None
        if key in self.actors.demonyms and end - start == 1:
            # "the Iraqis", "Syrians": a people as a group is an organisation, its adjective a nationality.
            plural = surface.endswith("s") and not surface.endswith(("ss", "ese", "ish"))
            return Span(doc, start, end, label="ORGANIZATION" if plural else "NATIONALITY")
        if self.gazetteer.has_key(key) and not (end - start == 1 and _NUMBER.match(surface)):
            candidates = self.gazetteer.exact(surface)
            if is_acronym(surface) and not any(kind < 2 for _, kind in candidates):
                return None  # "UK" must not become Uk, a village: acronyms need a curated alias
            if end - start == 1 and not _after_locative(doc, start) and all(
                    r.feature == "city" and r.population < SMALL_TOWN for r, _ in candidates):
                return None  # "Friendly", "Just": a small town's name is weak evidence on its own
            if end - start == 1 and all(r.feature in ("city", "admin2") for r, _ in candidates) and (
                    self._unknown_name_at(doc, end) or self._unknown_name_at(doc, start - 1)):
                return None  # "David Cameron", "Moon Jae": a town's name inside a longer name
            return Span(doc, start, end, label="LOCATION")
        return None

    def _unknown_name_at(self, doc: Doc, i: int) -> bool:
        """A capitalised word at ``i`` that is neither a known place nor a function word."""
        if not 0 <= i < len(doc) or doc[i].is_sent_start and i < len(doc) - 1 and i == doc[i].sent.start:
            return False
        token = doc[i]
        return _is_name_token(token) and not self.gazetteer.has_key(name_key(token.text))

    # -- 3: dates and term lexicons -------------------------------------------------------
    def _date_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for expression in doc._.times:
            span = doc.char_span(expression.start, expression.end, label="DATE", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        return spans

    def _duration_spans(self, doc: Doc, lowered: list[str]) -> list[Span]:
        """What the date grammar leaves out and re3d marks as temporal: durations ("the past 20-plus
        months", "two weeks"), clock times ("10 a.m."), bare years and year ranges ("1977-1979")."""
        spans = []
        n = len(lowered)
        for i, word in enumerate(lowered):
            if word == "recent" and i + 1 < n and lowered[i + 1] in _PERIODS:
                spans.append(Span(doc, i, i + 2, label="DATE"))
                continue
            if not (word[:1].isdigit() or word in _NUMBER_WORDS) or not like_num(word):
                continue
            end = i + 1
            if end + 1 < n and lowered[end] == "-" and lowered[end + 1] in ("plus", "odd"):
                end += 2
            length = self.duration_units.match_at(lowered, end) if end < n else 0
            if length:
                start = i - 1 if i > 0 and lowered[i - 1] in _DURATION_OPENERS else i
                spans.append(Span(doc, start, end + length, label="DATE"))
            elif _YEAR.match(word):
                end = i + 1
                if end + 1 < n and lowered[end] in ("-", "–") and _YEAR_END.match(lowered[end + 1]):
                    end += 2
                spans.append(Span(doc, i, end, label="DATE"))
        return spans

    def _lexicon_spans(self, doc: Doc, lowered: list[str]) -> list[Span]:
        spans = []
        numeric = doc.to_array(LIKE_NUM).tolist()
        n = len(lowered)
        for i, word in enumerate(lowered):
            if word in self._term_words or word[:PREFIX_KEY] in self._term_prefixes:
                for label, terms in self.terms.items():
                    length = terms.match_at(lowered, i)
                    if length:
                        spans.append(Span(doc, i, i + length, label=label))
                        break
            if numeric[i] and i + 1 < n:
                money = self.money_units.match_at(lowered, i + 1)
                quantity = 0 if money else self.quantity_units.match_at(lowered, i + 1)
                if money or quantity:
                    spans.append(Span(doc, i, i + 1 + (money or quantity), label="MONEY" if money else "QUANTITY"))
            if word in ("$", "€", "£") and i + 1 < n and numeric[i + 1]:
                end = i + 3 if i + 2 < n and lowered[i + 2] in ("million", "billion", "bn", "m") else i + 2
                spans.append(Span(doc, i, end, label="MONEY"))
        return spans

    # -- 4: grammar for unknown names -----------------------------------------------------
    def _grammar_spans(self, doc: Doc, places: list[Span]) -> list[Span]:
        """Unknown names by grammar; ``places`` are the known places found, which a facility's name
        may hold ("Vancouver International Airport")."""
        spans = []
        i, n = 0, len(doc)
        while i < n:
            if not _is_name_token(doc[i]):
                i += 1
                continue
            j = i
            while j < n and (_is_name_token(doc[j]) or (doc[j].lower_ in NAME_PARTICLES and j + 1 < n)
                             or (doc[j].text == "-" and j + 1 < n and _is_name_token(doc[j + 1]))):
                j += 1
            while j > i and not _is_name_token(doc[j - 1]):
                j -= 1
            span = self._name_span(doc, i, j, places)
            if span is not None:
                spans.append(span)
            i = max(j, i + 1)
        return spans

    @staticmethod
    def _place_cue(doc: Doc, start: int, end: int) -> bool:
        """An unknown name that grammar marks as a place: "the village of X", "X district"; ``start``
        may be the article that opens the name ("the village of al-Shuhayl")."""
        named_after = start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_HEADS
        named_before = end < len(doc) and doc[end].lower_ in PLACE_HEADS
        return named_after or named_before

    @staticmethod
    def _named_by_kind(doc: Doc, start: int, end: int, words: list[str], places: list[Span]) -> bool:
        """A place no gazetteer lists, named by its kind: one name after a place word ("Jabal al-Sayyid",
        "Camp Bastion", not "Mount Pleasant High School") or one or two before a head ("Kodori Gorge",
        "Taksim Square", not "Santa Ana Unified School District"); not a person's name after a title
        ("Ms. Hill"), nor a facility named after a known place, which geoparsers take for a mention of
        that place ("Vancouver International Airport")."""
        if end - start < 2 or (start > 0 and doc[start - 1].lower_ in PERSON_TITLES):
            return False
        if words[-1] in FACILITY_HEADS and any(start <= place.start and place.end <= end for place in places):
            return False
        headed = words[-1] in PLACE_NAME_HEADS or words[-1] in FACILITY_HEADS
        if words[0] in PLACE_NAME_PREFIXES:  # "Deir Ezzor City": a head may follow
            return _name_words(doc, start + 1, end - (headed or words[-1] in PLACE_HEADS)) == 1
        return headed and 1 <= _name_words(doc, start, end - 1) <= 2

    def _name_span(self, doc: Doc, start: int, end: int, places: list[Span]) -> Span | None:
        words = [t.lower_.rstrip(".") for t in doc[start:end]]
        if words[-1] in ORG_HEADS and end - start >= 2:
            # "Ministry of Defence": an organisation head may take an "of ..." complement.
            while end + 1 < len(doc) and doc[end].lower_ == "of" and _is_name_token(doc[end + 1]):
                end += 2
                while end < len(doc) and _is_name_token(doc[end]):
                    end += 1
            return Span(doc, start, end, label="ORGANIZATION")
        opening = _article_start(doc, start)
        if self._place_cue(doc, opening, end):
            return Span(doc, opening, end, label="LOCATION")
        if self._named_by_kind(doc, start, end, words, places):
            return Span(doc, start, end, label="LOCATION")
        before = doc[max(0, start - 2):start].text.lower()
        titled = start > 0 and doc[start - 1].lower_ in PERSON_TITLES
        cued = any(before.endswith(cue) for cue in PERSON_CUES_BEFORE)
        last_title = max((k for k, w in enumerate(words) if w in PERSON_TITLES), default=None)
        if last_title is not None and last_title + 1 < len(words):
            # "Ousted President Askar Akayev", "Prime Minister Mahendra Chaudhry": the name follows the title.
            start += last_title + 1
            titled = True
        arabic = words[0] in ("abu", "abou") or any(w in ("bin", "ibn") for w in words) or (
            end - start >= 3 and any(w in ("al", "el") for w in words[1:]))
        known_place = self.gazetteer.has_key(name_key(doc[start:end].text))
        if (titled or cued or arabic) and end - start >= 1 and not known_place:
            return Span(doc, start, end, label="PERSON")
        return None


def _bare_name(span: Span) -> Span | None:
    """A model's name without the article it learned from re3d's spans (the rules add it back where
    annotators want it), or None where nothing but function words and punctuation is left."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].lower_ in _DETERMINERS or span.doc[start].is_punct):
        start += 1
    # A name ends at a sentence's end ("Daesh. At") or a reference mark ("al-Freiji.[2"), not after a
    # title's or an initial's full stop ("Col. John J. Thomas").
    end = next((t.i for t in span.doc[start:end] if "[" in t.text or (
        t.text in _SENTENCE_ENDS and not (t.i > 0 and (_is_title_word(t.doc, t.i - 1) or len(t.doc[t.i - 1]) == 1)))),
        end)
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    if not any(not t.is_stop and t.text[:1].isalnum() for t in span.doc[start:end]):
        return None
    if (start, end) == (span.start, span.end):
        return span
    bare = Span(span.doc, start, end, label=span.label_)
    bare._.name_confidence = span._.name_confidence
    return bare


@cache
def _lexicon() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("entities", "lexicon.json").read_text(encoding="utf-8"))


def widen_to_annotated_spans(doc: Doc) -> Doc:
    """The entities' spans as annotators of conflict reporting mark them (see ``_as_annotated``), with
    the name model's labels for the town names it read as persons' or firms' (``name_relabels``)
    and the places, groups and actors that sentences telling of an event name by a common noun or
    a pronoun (``_nominal_mentions``, ``_with_pronouns``).
    The pipeline does this last, so that places and actors keep the bare names as their mentions."""
    ents = list(doc.ents)
    relabels = doc._.name_relabels or {}
    for k, ent in enumerate(ents):
        label = relabels.get((ent.start_char, ent.end_char))
        if label and ent.label_ == "LOCATION":
            ents[k] = Span(doc, ent.start, ent.end, label=label)
    sentences = _event_sentences(doc)
    doc.ents = _with_pronouns(doc, _as_annotated(_demonym_groups(doc, _nominal_mentions(doc, ents, sentences))),
                              sentences)
    return doc


def _nominal_mentions(doc: Doc, ents: list[Span], sentences: list[tuple[int, int]]) -> list[Span]:
    """``ents`` with the places and groups named by a common noun ("the town", "three supply caches",
    "Iraqi territory", "Damascus suburbs"; "the coalition", "the enemy", "religious minorities") in
    the sentences that tell of an event (``sentences``): annotators of conflict reporting mark them
    as locations and organisations there; elsewhere such nouns are mostly no place or group anyone
    means. A demonym before the noun joins it, and so does a named place's name before a place
    noun. "The city of Mosul" is left to ``_place_start``."""
    if not sentences:
        return ents
    nouns = _nominal_nouns()
    noun_ids = _nominal_noun_ids()
    owner = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    # The words by hash, without a Token per word (and a set, which numpy.isin is slower than here).
    for i in [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in noun_ids]:
        word = doc[i].text
        label = nouns[word]
        if i in owner or (i + 1 < len(doc) and doc[i + 1].text in nouns):
            continue  # a noun of these lists before another modifies it ("the hospital complex")
        if i + 2 < len(doc) and doc[i + 1].text == "of" and owner.get(i + 2) is not None:
            continue
        if not any(start <= doc[i].idx < end for start, end in sentences):
            continue
        before = owner.get(i - 1)
        if before is not None and (before.label_ == "NATIONALITY" or (
                before.label_ == "LOCATION" and label == "LOCATION")):
            start = before.start  # "Damascus suburbs", "Iraqi territory"
        else:
            before = None
            start = i
            while start > 0 and start - 1 not in owner and _nominal_modifier(doc[start - 1]) and (
                    start == i or not doc[start - 1].text.endswith("ing")):
                start -= 1  # a participle only next to the noun: "a fighting position", not "destroying three caches"
            holder = owner.get(start - 3) if start >= 3 and doc[start - 2].text == "-" else None
            if label == "LOCATION" and holder is not None and holder.label_ == "ORGANIZATION" and \
                    holder.end == start - 2 and doc[start - 1].lower_ in HELD_BY:
                start = holder.start  # "an ISIL-held building": a place named by who holds it
            elif owner.get(start - 1) is not None and owner[start - 1].label_ == "ORGANIZATION":
                continue  # "ISIL tactical units": the organisation's members (``_member_end``)
            if start > 0 and start - 1 not in owner and doc[start - 1].lower_ in NOMINAL_DETERMINERS:
                start -= 1
            elif start < i and label == "ORGANIZATION" and not doc[start].like_num:
                start = i  # a group's modifiers only after a determiner: "told reporters" holds a verb
        mention = Span(doc, start, i + 1, label=label)
        if before is not None and before.label_ == "LOCATION":
            mention._.ref = before._.ref
        for k in range(start, i + 1):
            owner[k] = mention
    return sorted({id(ent): ent for ent in owner.values()}.values(), key=lambda e: e.start)


def _event_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the sentences that tell of an event (``doc._.events``)."""
    return [(s.start, s.end) for event in doc._.events or []
            for s in [event.sentence, *(evidence.sentence for evidence in event.evidence)]]


def _with_pronouns(doc: Doc, ents: list[Span], sentences: list[tuple[int, int]]) -> list[Span]:
    """``ents`` with the pronouns that stand for an actor in the sentences that tell of an event
    (``sentences``: "We will strike ISIL", "he was killed"): annotators of conflict reporting mark
    "we" as an organisation and "he"/"she" as a person there (``PRONOUNS``)."""
    if not sentences:
        return ents
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    added = [Span(doc, i, i + 1, label=PRONOUNS[orth]) for i, orth in enumerate(doc.to_array(ORTH).tolist())
             if orth in PRONOUNS and i not in taken and any(start <= doc[i].idx < end for start, end in sentences)]
    return sorted(ents + added, key=lambda e: e.start) if added else ents


@cache
def _nominal_noun_ids() -> frozenset[int]:
    return frozenset(get_string_id(noun) for noun in _nominal_nouns())


@cache
def _nominal_nouns() -> dict[str, str]:
    """The common nouns that name a place or a group (``lexicon.json``), with their label."""
    lexicon = _lexicon()
    return {**{noun: "ORGANIZATION" for noun in lexicon["GROUP_NOUNS"]},
            **{noun: "LOCATION" for noun in lexicon["PLACE_NOUNS"]}}


def _demonym_groups(doc: Doc, ents: list[Span]) -> list[Span]:
    """A demonym before a noun for a group or a person stands for them, as annotators mark it: "Arab
    citizens", "the Syrian opposition", "Kurdish and Yezidi fighters" are organisations, "the Iraqi
    commander" a person."""
    out: list[Span] = []
    k = 0
    while k < len(ents):
        ent = ents[k]
        if ent.label_ != "NATIONALITY":
            out.append(ent)
            k += 1
            continue
        last = k  # "Kurdish and Yezidi": demonyms joined by "and" or a comma
        while last + 1 < len(ents) and ents[last + 1].label_ == "NATIONALITY" and \
                ents[last + 1].start == ents[last].end + 1 and doc[ents[last].end].lower_ in ("and", ","):
            last += 1
        end = ents[last].end
        following = ents[last + 1] if last + 1 < len(ents) else None
        group = following if following is not None and following.start == end and len(following) == 1 and \
            following.label_ == "ORGANIZATION" and following[0].is_lower else None  # an unnamed group the actors found
        limit = group.end if group is not None else following.start if following is not None else len(doc)
        head = next((i for i in (end, end + 1) if i < limit and doc[i].lower_ in DEMONYM_HEADS
                     and all(doc[j].is_lower and doc[j].is_alpha for j in range(end, i + 1))), None)
        if head is None:
            out.append(ent)
            k += 1
            continue
        label = "PERSON" if doc[head].lower_ in DEMONYM_PERSON_HEADS else "ORGANIZATION"
        start = ent.start - (label == "PERSON" and ent.start > 0 and doc[ent.start - 1].lower_ == "the"
                             and (not out or out[-1].end < ent.start - 1))
        joined = Span(doc, start, head + 1, label=label)
        if group is not None:
            joined._.ref = group._.ref
        out.append(joined)
        k = last + 1 + (group is not None)
    return out


def _nominal_modifier(token: Token) -> bool:
    """A word that may stand before a place or group noun inside its phrase: "supply", "fighting", "three",
    "VBIED"; not a verb's participle ("destroyed buildings"), a function word or the end of a
    hyphenated word ("ISIL-held")."""
    text = token.text
    if token.i > 0 and token.doc[token.i - 1].text == "-" and not token.doc[token.i - 1].whitespace_:
        return False
    if token.like_num:
        return text.isalpha()  # "three supply caches", but "13 supply routes" is counted apart
    if text.isupper() and text.isalpha() and len(text) >= 2:
        return True  # an acronym: "VBIED facility", "IED factory"
    return text.isalpha() and text.islower() and not token.is_stop and not text.endswith("ed")


def _as_annotated(ents: list[Span]) -> list[Span]:
    """Spans as annotators of conflict reporting mark them: a person's name takes the titles before it
    ("Col. John J. Thomas", "Deputy Secretary of State Tony Blinken"); an organisation's, a titled
    person's or a period's the article ("the Kurdish YPG", "the Foreign Secretary Philip Hammond",
    "the past 24 hours"); an organisation the members after it ("ISIL fighters", "U.S. service
    members"), its number ("the 321st Field Artillery Regiment", "CTF 50") and, for a group, the
    place it is of ("the people of Syria"); a person's title the demonym or actor whose title it is
    ("Russian Foreign Minister Lavrov") and a title found alone the name after it; a place the words
    that name its kind and its direction ("the Iraqi city of Mosul", "northern Iraq"), the country
    or state it lies in ("Palmyra, Syria") and the article of a name used as a noun ("the Red Sea",
    not "the Mosul offensive"; a country's name keeps it out, as annotators mostly do); adjacent
    demonyms are one ("Shia Arab"); a date the rest of a range of days ("October 25-26, 2016").
    Places keep their bare names as their mentions (the places stage took them)."""
    if not ents:
        return ents
    out, previous_end = [], 0
    next_starts = [e.start for e in ents[1:]] + [len(ents[0].doc)]
    places = {mention: p.record for p in ents[0].doc._.places or [] for mention in p.mentions}
    absorbed = None  # an entity the one before took in
    for k, (ent, next_start) in enumerate(zip(ents, next_starts, strict=True)):
        if ent is absorbed:
            continue
        start, ref, label = ent.start, ent._.ref, ent.label_
        if out and out[-1].label_ == "LOCATION" and out[-1].end + 1 == start and ent.doc[start - 1].text == "," \
                and _lies_in(places.get(_chars(out[-1])), places.get(_chars(ent))):
            ref, label = out[-1]._.ref, "LOCATION"  # "Palmyra, Syria" is one place, Palmyra
            start = out.pop().start
            previous_end = out[-1].end if out else 0
        if label == "NATIONALITY":
            if out and out[-1].label_ == "NATIONALITY" and out[-1].end == start:
                start = out.pop().start  # "Shia Arab"
                previous_end = out[-1].end if out else 0
            elif start - 2 >= previous_end and ent.doc[start - 1].text == "-" and ent.doc[start - 2].lower_ == "non":
                start -= 2  # "non-Yazidis"
        kind_before = False  # "the city of", "northern" taken into a place's span
        if label == "LOCATION":
            floor = out[-1].start if out and out[-1].label_ == "NATIONALITY" else previous_end
            name_start, start = start, _place_start(ent.doc, start, floor)
            kind_before = start < name_start
            while out and out[-1].label_ == "NATIONALITY" and out[-1].start >= start:
                out.pop()  # "the Syrian town of Dabiq" holds its demonym
            previous_end = out[-1].end if out else 0
        if label == "PERSON":
            start = _title_start(ent.doc, start, previous_end)
            if out and out[-1].label_ == "PERSON" and _is_title_word(ent.doc, out[-1].end - 1) and (
                    out[-1].end == start or (out[-1].end + 1 == start and ent.doc[start - 1].text == ".")):
                start = out.pop().start  # "Col." or "Turkish Foreign Minister" found apart from the name
                previous_end = out[-1].end if out else 0
            if out and out[-1].end == start and (start < ent.start or _is_title_word(ent.doc, start)) and (
                    out[-1].label_ == "NATIONALITY" or (len(out[-1]) == 1 and out[-1].label_ in (
                        "ORGANIZATION", "LOCATION"))):
                start = out.pop().start  # whose title: "Russian Foreign Minister Lavrov", "US Secretary of State"
                previous_end = out[-1].end if out else 0
        titled = label == "PERSON" and (start < ent.start or _is_title_word(ent.doc, start))
        takes_article = label == "ORGANIZATION" or titled or (
            label == "DATE" and ent.doc[start].lower_ in _DATE_NOUNS) or (
            label == "LOCATION" and (kind_before or (
                getattr(places.get(_chars(ent)), "feature", None) != "country" and _used_as_noun(ent.doc, ent.end))))
        if takes_article and start > previous_end and ent.doc[start - 1].lower_ == "the":
            start -= 1
        if label == "ORGANIZATION" and start > previous_end and _ORDINAL.match(ent.doc[start - 1].text):
            start -= 1  # a unit's number: "321st Field Artillery Regiment"
            if start > previous_end and ent.doc[start - 1].lower_ == "the":
                start -= 1
        end = ent.end
        following = ents[k + 1] if k + 1 < len(ents) else None
        if label == "ORGANIZATION":
            end = _unit_number_end(ent.doc, end, next_start)
            members_end = _member_end(ent.doc, end, next_start)
            if members_end > end and start == ent.start and start > previous_end and \
                    ent.doc[start - 1].lower_ in ("a", "an"):
                start -= 1  # "an ISIL tactical unit": one of the organisation's units
            end = members_end
        if label == "DATE":
            end = _range_end(ent.doc, end, next_start)
            if end > ent.end and following is not None and following.label_ == "DATE" and \
                    following.start == end + 1 and ent.doc[end].text == "," and _YEAR.match(following.text):
                end, absorbed = following.end, following  # "October 25-26, 2016"
        if label == "PERSON" and all(_is_title_word(ent.doc, t.i) for t in ent) and any(
                t.lower_ in PERSON_TITLES for t in ent):
            end = _name_end(ent.doc, end, next_start)  # "Deputy Secretary of State" found apart from "Tony Blinken"
        if label == "ORGANIZATION" and end == ent.end and ent.doc[end - 1].text in GROUPS_OF_PLACES and following \
                and following.label_ == "LOCATION" and following.start == end + 1 and ent.doc[end].lower_ == "of":
            end = following.end  # "the people of Syria": a group of a place
            absorbed = following
        if start < ent.start or end > ent.end:
            extended = Span(ent.doc, start, end, label=label)
            extended._.ref = ref
            ent = extended
        out.append(ent)
        previous_end = ent.end
    return out


def _unit_number_end(doc: Doc, end: int, limit: int) -> int:
    """Where a numbered unit's name ends: "CTF 50", "Task Force 50", "Mobile Unit Two"."""
    last = doc[end - 1].text
    counted = end + 1 < len(doc) and doc[end + 1].is_lower and doc[end + 1].text.endswith("s")  # "ISIL 3 times"
    if end < limit and (is_acronym(last) or last in UNIT_WORDS) and not counted and (
            (doc[end].text.isdigit() and len(doc[end]) <= 3) or doc[end].text in UNIT_NUMBERS):
        return end + 1
    return end


def _range_end(doc: Doc, end: int, limit: int) -> int:
    """Where a date that opens a range of days ends: "October 25-26", "November 16 - 17", "November 18 -19"."""
    if end + 1 < limit and doc[end].text in ("-", "–") and doc[end + 1].text.isdigit() and len(doc[end + 1]) <= 2:
        return end + 2
    if end < limit and _DAY_AFTER_DASH.match(doc[end].text):
        return end + 1
    return end


def _name_end(doc: Doc, end: int, limit: int) -> int:
    """Where the name after a title ends ("Deputy Secretary of State" + "Tony Blinken")."""
    name_start = end + (end < limit and doc[end].text == "." and not doc[end - 1].whitespace_)  # "Col" "."
    name_end = name_start
    while name_end < limit and _is_name_token(doc[name_end]):
        name_end += 1
    return name_end if name_end > name_start else end


def _member_end(doc: Doc, end: int, limit: int) -> int:
    """Where "ISIL fighters", "ISIL tactical units", "U.S. service members" end, given the name's end."""
    for modifiers in (0, 1):
        for words in (2, 1):
            head_end = end + modifiers + words
            if head_end <= limit and (not modifiers or doc[end].lower_ in MEMBER_MODIFIERS) and \
                    doc[end + modifiers:head_end].text.lower() in MEMBER_HEADS:
                return head_end
    return end


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _lies_in(place: PlaceRecord | None, unit: PlaceRecord | None) -> bool:
    """Whether ``unit`` is the country or first-level division ``place`` lies in ("Woodbridge, Virginia")."""
    if place is None or unit is None or place.feature == "country" or place.country_code != unit.country_code:
        return False
    return unit.feature == "country" or (
        unit.feature == "admin1" and place.admin1 is not None and place.admin1 == unit.admin1)


def _place_start(doc: Doc, start: int, floor: int) -> int:
    """Where a place's name begins with the words before it that annotators take in: its kind
    ("the port city of Tartus", "the Syrian town of Dabiq") or a direction ("northern Iraq")."""
    if start - 2 >= floor and doc[start - 1].lower_ == "of" and (
            doc[start - 2].lower_ in PLACE_HEADS or _nominal_nouns().get(doc[start - 2].text) == "LOCATION"):
        i = start - 2
        for _ in range(2):  # the kind's modifiers: "port", "Syrian", "northwest"
            if i - 1 >= floor and doc[i - 1].is_alpha and not doc[i - 1].is_stop and (
                    doc[i - 1].is_lower or doc[i - 1].ent_type_ == "NATIONALITY"):
                i -= 1
        return i
    if start - 1 >= floor and doc[start - 1].lower_ in DIRECTIONS:
        return start - 1
    return start


def _used_as_noun(doc: Doc, end: int) -> bool:
    """Whether the name ending before ``end`` stands as a noun, not as a modifier of the next word
    ("the Red Sea." and "the Gulf, visiting", but "the Mosul offensive", "the U.S. 5th Fleet")."""
    if end >= len(doc):
        return True
    after = doc[end]
    return (after.is_punct and after.lower_ not in ("'s", "’s")) or after.is_space or (after.is_lower and after.is_stop)


def _title_start(doc: Doc, start: int, floor: int) -> int:
    """Where the run of capitalised title words before ``start`` begins ("Secretary of State")."""
    i = start
    while i > floor and (_is_title_word(doc, i - 1) or (
            doc[i - 1].lower_ == "of" and i - 2 >= 0 and _is_title_word(doc, i - 2) and _is_title_word(doc, i))):
        i -= 1
    return i + (i < start and doc[i].text == ".")  # the full stop of a title found apart ("Navy Capt")


def _is_title_word(doc: Doc, i: int) -> bool:
    """A capitalised title word, or the full stop the tokenizer splits off one ("Col" ".")."""
    token = doc[i]
    if token.text == "." and i > 0 and not doc[i - 1].whitespace_:
        token = doc[i - 1]
    return token.text[:1].isupper() and token.lower_.rstrip(".") in TITLE_WORDS


_LOCATIVE_BEFORE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "around", "of", "across",
                              "towards", "toward", "through", "via", "inside", "between"})


def _after_locative(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in _LOCATIVE_BEFORE


DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                        "northeastern", "northwestern", "southeastern", "southwestern", "central"})
PLACE_HEADS = frozenset({"town", "village", "city", "district", "neighbourhood", "neighborhood", "area", "camp",
                         "region", "province", "governorate", "suburb", "settlement", "locality", "county",
                         "municipality", "township", "valley", "border", "crossing", "hamlet", "subdistrict"})

# The word that ends a capitalised name of a feature, a site or a quarter ("Kodori Gorge", "Bagram Air Base").
PLACE_NAME_HEADS = frozenset({
    "valley", "gorge", "canyon", "pass", "dam", "airbase", "airfield", "base", "crossing", "checkpoint", "junction",
    "camp", "district", "governorate", "subdistrict", "quarter", "suburb", "neighborhood", "neighbourhood", "hills",
    "heights", "mountain", "mountains", "plain", "plains", "desert", "forest", "forests", "farms", "orchards",
    "oilfield", "fields", "island", "islands", "peninsula", "river", "lake", "bay", "strait", "canal", "coast",
    "beach", "harbor", "harbour", "strip", "trail", "colony", "municipality",
})
# The word that ends the name of a building or a street ("Taksim Square", "Bardo Museum"), which geoparsing
# corpora mark as a toponym. Not hospitals: LGL and GeoVirus leave them unmarked.
FACILITY_HEADS = frozenset({
    "airport", "square", "bridge", "roundabout", "street", "road", "avenue", "highway", "boulevard", "museum",
    "hotel", "mosque", "shrine", "tomb", "palace", "castle", "fortress", "citadel", "stadium", "market", "bazaar",
    "bazar", "prison", "barracks", "compound", "complex", "refinery", "plant", "factory", "tower", "towers",
})
# The word that opens a place's name in English and in Arabic, Persian, Kurdish and Turkish place names:
# mountain, valley, hill, cape, spring, well, village, inn, monastery, ruin, yard, market, gate, palace,
# meadow, suburb, house, river, bridge, port ("Jabal al-Sayyid", "Wadi Barada", "Tal Kroum", "Camp Bastion").
PLACE_NAME_PREFIXES = frozenset({
    "mount", "mt", "lake", "camp", "fort", "port", "cape", "jabal", "jebel", "jbel", "wadi", "tal", "tall", "tell",
    "tel", "ras", "ain", "ein", "bir", "kafr", "kfar", "kafar", "khan", "deir", "dayr", "khirbet", "khirbat",
    "hawsh", "housh", "souq", "suq", "bab", "qasr", "marj", "dahiyat", "beit", "bayt", "nahr", "jisr", "qalaat",
    "maarat", "maaret", "koh", "kuh", "dasht", "bandar", "gire",
})


def _places_named_again(doc: Doc, ents: list[Span]) -> list[Span]:
    """Later mentions of a place the text has named as one ("the village of al-Shuhayl" … "left
    al-Shuhayl") are that place, not the person or firm the name model guessed."""
    names = {_bare_place_name(e) for e in ents if e.label_ == "LOCATION"}
    return [Span(doc, e.start, e.end, label="LOCATION")
            if e.label_ in ("PERSON", "ORGANIZATION") and not e._.ref and _bare_place_name(e) in names else e
            for e in ents]


def _bare_place_name(span: Span) -> str:
    """A place's name without what opens it: "the village of al-Shuhayl" and "al-Shuhayl" are "shuhayl"."""
    words = [t.lower_ for t in span]
    if "of" in words:
        words = words[words.index("of") + 1:]
    while len(words) > 1 and (words[0] in _ARTICLE_WORDS or words[0] in ("-", "–")):
        words = words[1:]
    return " ".join(words)


def _article_start(doc: Doc, start: int) -> int:
    """Where a name starts with the Arabic article written before it ("al-Shuhayl"): grammar finds
    names by their capitalised words."""
    if start >= 2 and doc[start - 1].text in ("-", "–") and doc[start - 2].lower_ in _ARTICLE_WORDS:
        return start - 2
    return start


def _name_words(doc: Doc, start: int, end: int) -> int:
    """How many names the words [start, end) hold, a particle or hyphen joining a word to the name
    it opens ("Al-Basha", "al-Sayyid", "bin Laden" are one)."""
    count = 0
    for i in range(start, end):
        joined = i > start and (doc[i - 1].text == "-" or doc[i - 1].lower_ in NAME_PARTICLES)
        if (_is_name_token(doc[i]) or doc[i].lower_ in NAME_PARTICLES) and not joined:
            count += 1
    return count


def _is_name_token(token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.islower() for c in text) and token.lower_ not in STOP_WORDS

