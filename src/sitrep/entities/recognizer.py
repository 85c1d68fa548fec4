"""The entity recogniser: knowledge first, then a few grammar rules for what knowledge cannot list.

Order of evidence, most trusted first (longer spans win over shorter ones that overlap them):
1. actor knowledge-base names (ORGANIZATION; persons in the KB -> PERSON);
2. gazetteer names (LOCATION) and demonyms (NATIONALITY);
3. date expressions from the time stage (DATE), term lexicons (WEAPON, MILITARY_PLATFORM, VEHICLE),
   numbers with units (QUANTITY, MONEY);
4. grammar for unknown names: a title or "led by" before capitalised words (PERSON), capitalised
   words ending in an organisation head noun (ORGANIZATION).
A country or capital that is also a state metonym is kept as LOCATION here; whether it acts in an
event is the actor linker's decision.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.actors.kb import ActorKB
from sitrep.gazetteer import Gazetteer
from sitrep.names import is_acronym, name_key
from sitrep.terms import TermIndex

PERSON_TITLES = frozenset([
    "president", "gen", "gen.", "general", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj", "maj.",
    "major", "capt", "capt.", "captain", "sgt", "sgt.", "sergeant", "adm", "adm.", "admiral", "brig", "brig.",
    "brigadier", "commander", "sheikh", "shaykh", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "minister", "premier", "emir", "amir", "prince", "king", "queen", "chancellor", "senator", "sen.", "rep.",
    "representative", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "secretary", "mayor",
    "governor", "gov.", "imam", "cleric", "mullah", "ayatollah", "field", "marshal", "judge", "chief", "deputy",
])
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
_SPAN_BREAKS = frozenset({",", ";", ":", "(", ")", "\"", "“", "”", "&", "/", "|", "!", "?"})
SMALL_TOWN = 15000  # a lone capitalised word naming only places this small is rarely a place in news


class EntityRecognizer:
    """spaCy component: sets ``doc.ents`` with sitrep's labels and ``span._.ref`` for KB matches."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorKB) -> None:
        self.gazetteer = gazetteer
        self.actors = actors
        lexicon = json.loads(resources.files("sitrep.data").joinpath("entities", "lexicon.json")
                             .read_text(encoding="utf-8"))
        self.terms = {label: TermIndex(lexicon[label]) for label in ("WEAPON", "MILITARY_PLATFORM", "VEHICLE")}
        self.quantity_units = TermIndex(lexicon["QUANTITY_UNITS"])
        self.money_units = TermIndex(lexicon["MONEY_UNITS"])

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        spans += self._knowledge_spans(doc)
        spans += self._date_spans(doc)
        spans += self._grammar_spans(doc)
        spans += self._lexicon_spans(doc)
        doc.ents = self._surnames(doc, filter_spans(spans))
        return doc

    @staticmethod
    def _surnames(doc: Doc, ents: list[Span]) -> list[Span]:
        """Later mentions of a person by surname alone ("Carter" after "Ash Carter") are that person,
        whatever else the word could be."""
        surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
        if not surnames:
            return ents
        out = []
        for ent in ents:
            if len(ent) == 1 and ent.text in surnames and ent.label_ in ("LOCATION", "ORGANIZATION"):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            out.append(ent)
        taken = {i for e in out for i in range(e.start, e.end)}
        out += [Span(doc, t.i, t.i + 1, label="PERSON") for t in doc if t.text in surnames and t.i not in taken]
        return sorted(out, key=lambda e: e.start)

    # -- 1 and 2: knowledge bases ---------------------------------------------------------
    def _knowledge_spans(self, doc: Doc) -> list[Span]:
        spans = []
        i, n = 0, len(doc)
        while i < n:
            token = doc[i]
            if not (token.text[:1].isupper() or token.text[:1].isdigit()):
                i += 1
                continue
            found = None
            limit = i + 1
            first = name_key(token.text)
            # Names can only be as long as the longest known name starting with this word; token
            # counts exceed word counts (hyphens, apostrophes), hence the slack.
            longest = max(self.gazetteer.words_after.get(first, 0), self.actors.words_after.get(first, 0))
            if not longest and first in _ARTICLE_WORDS and i + 1 < n:
                longest = max(self.gazetteer.words_after.get(name_key(doc[i + 1].text), 0), 1) + 1
            stop = min(n, i + 2 * longest + 1)
            while limit < stop and doc[limit].text not in _SPAN_BREAKS and not doc[limit].is_space:
                limit += 1
            for j in range(limit, i, -1):
                last = doc[j - 1]
                if not last.text[:1].isalnum() or (j - 1 > i and last.text.islower() and len(last.text) <= 3):
                    continue  # a span never ends on punctuation or a particle ("Mosul, a")
                found = self._classify(doc, i, j)
                if found:
                    break
            if found:
                spans.append(found)
                i = found.end
            else:
                i += 1
        return spans

    def _classify(self, doc: Doc, start: int, end: int) -> Span | None:
        surface = doc[start:end].text
        key = name_key(surface)
        if not key:
            return None
        if start > 0 and doc[start - 1].lower_ in PERSON_TITLES and end - start == 1:
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

    def _lexicon_spans(self, doc: Doc) -> list[Span]:
        spans = []
        lowered = [t.lower_ for t in doc]
        for i, token in enumerate(doc):
            for label, terms in self.terms.items():
                length = terms.match_at(lowered, i)
                if length:
                    spans.append(Span(doc, i, i + length, label=label))
                    break
            if token.like_num and i + 1 < len(doc):
                money = self.money_units.match_at(lowered, i + 1)
                quantity = 0 if money else self.quantity_units.match_at(lowered, i + 1)
                if money or quantity:
                    spans.append(Span(doc, i, i + 1 + (money or quantity), label="MONEY" if money else "QUANTITY"))
            if token.text in ("$", "€", "£") and i + 1 < len(doc) and doc[i + 1].like_num:
                end = i + 3 if i + 2 < len(doc) and doc[i + 2].lower_ in ("million", "billion", "bn", "m") else i + 2
                spans.append(Span(doc, i, end, label="MONEY"))
        return spans

    # -- 4: grammar for unknown names -----------------------------------------------------
    def _grammar_spans(self, doc: Doc) -> list[Span]:
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
            span = self._name_span(doc, i, j)
            if span is not None:
                spans.append(span)
            i = max(j, i + 1)
        return spans

    @staticmethod
    def _place_cue(doc: Doc, start: int, end: int) -> bool:
        """An unknown name that grammar marks as a place: "the village of X", "X district"."""
        named_after = start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_HEADS
        named_before = end < len(doc) and doc[end].lower_ in PLACE_HEADS
        return named_after or named_before

    def _name_span(self, doc: Doc, start: int, end: int) -> Span | None:
        words = [t.lower_.rstrip(".") for t in doc[start:end]]
        if words[-1] in ORG_HEADS and end - start >= 2:
            # "Ministry of Defence": an organisation head may take an "of ..." complement.
            while end + 1 < len(doc) and doc[end].lower_ == "of" and _is_name_token(doc[end + 1]):
                end += 2
                while end < len(doc) and _is_name_token(doc[end]):
                    end += 1
            return Span(doc, start, end, label="ORGANIZATION")
        if self._place_cue(doc, start, end):
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


_LOCATIVE_BEFORE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "around", "of", "across",
                              "towards", "toward", "through", "via", "inside", "between"})


def _after_locative(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in _LOCATIVE_BEFORE


PLACE_HEADS = frozenset({"town", "village", "city", "district", "neighbourhood", "neighborhood", "area", "camp",
                         "region", "province", "governorate", "suburb", "settlement", "locality", "county",
                         "municipality", "township", "valley", "border", "crossing", "hamlet", "subdistrict"})


def _is_name_token(token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.islower() for c in text) and token.lower_ not in STOP_WORDS

