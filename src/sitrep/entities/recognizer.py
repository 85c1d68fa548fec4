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
   rule found anything (its places only where the gazetteer knows the name or a preposition of place
   comes before it).
A country or capital that is also a state metonym is kept as LOCATION here; whether it acts in an
event is the actor linker's decision.

The pipeline's last stage (``sitrep.entities.conventions``), after places, actors and events, gives
the entities the spans annotators of conflict reporting mark and adds what they mark beyond names:
places, groups and pronouns standing for actors in the sentences that tell of an event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

from spacy.lang.en.lex_attrs import _num_words, _ordinal_words, like_num
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.actors.kb import ActorEntry, ActorKB
from sitrep.entities.model import NameModel
from sitrep.gazetteer import Gazetteer, PlaceRecord
from sitrep.gazetteer.index import ALTERNATE, PRIMARY
from sitrep.names import is_acronym, name_key, words_key
from sitrep.terms import PREFIX_KEY, TermIndex
from sitrep.words import Words, doc_words

PERSON_TITLES = frozenset([
    "president", "gen", "gen.", "general", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj", "maj.",
    "major", "capt", "capt.", "captain", "sgt", "sgt.", "sergeant", "adm", "adm.", "admiral", "brig", "brig.",
    "brigadier", "commander", "sheikh", "shaykh", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "minister", "premier", "emir", "amir", "prince", "king", "queen", "chancellor", "senator", "sen.", "rep.",
    "representative", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "secretary", "mayor",
    "governor", "gov.", "imam", "cleric", "mullah", "ayatollah", "field", "marshal", "judge", "chief", "deputy",
])
# Words of a title before a name, beyond the titles themselves: "Foreign Minister", "Secretary of State".
TITLE_WORDS = frozenset({t.rstrip(".") for t in PERSON_TITLES} | {
    "foreign", "defence", "defense", "prime", "vice", "state", "interior", "home", "office", "special", "staff",
    "first", "spc", "pfc", "cpl", "he", "his", "excellency", "minister", "secretary", "general", "attorney",
    "navy", "army", "marine", "press",
})
PERSON_CUES_BEFORE = ("led by", "headed by", "commanded by", "according to", "founded by")
# Words a person's name follows in letters and messages ("Hi Sara", "thanks Rich", "Dear Kam").
GREETINGS = frozenset({"hi", "hello", "dear", "thanks", "thank"})
# The designators that end a firm's name ("Marvel Consultants, Inc.", "Enron Net Works, LLC").
CORPORATE_SUFFIXES = frozenset({"inc", "llc", "ltd", "corp", "co", "plc", "gmbh", "llp"})
# Words after a firm's name that show a firm is meant ("Shell shares", "Wendy's restaurants", "Dell's CEO").
FIRM_CUES = CORPORATE_SUFFIXES | frozenset({
    "group", "company", "corporation", "holdings", "shares", "stock",
    "store", "stores", "ceo", "executive", "executives", "employees", "customers", "spokesman", "spokeswoman",
    "spokesperson", "headquarters", "subsidiary", "brand", "products", "dealership", "dealer", "dealers", "factory",
    "factories", "outlet", "outlets", "restaurant", "restaurants", "franchise", "branch", "branches", "app", "website",
    "contract", "contracts", "chairman", "founder", "shareholders", "investors", "earnings", "profits", "profit",
    "airline", "flight", "flights",
})
FIRM_MIN_LETTERS = 4  # a firm's name shorter than this matches only as written
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abou", "de", "van", "von", "da", "del", "ul", "ud"})
ORG_HEADS = frozenset([
    "forces", "army", "brigade", "brigades", "front", "party", "ministry", "council", "committee",
    "organization", "organisation", "union", "movement", "group", "militia", "militias", "battalion",
    "battalions", "corps", "agency", "office", "command", "coalition", "alliance", "division", "regiment",
    "guard", "guards", "police", "department", "institute", "university", "bank", "company", "network",
    "observatory", "commission", "government", "authority", "association", "federation", "centre", "center",
    "court", "mission", "unit", "units", "services", "service", "legion", "league", "assembly", "administration",
])
# What makes a capitalised organisation word alone an organisation, as its members or means ("Coalition
# aircraft"); the last stage widens the span to its members as annotators mark them ("Coalition forces").
FORCE_MEMBERS = frozenset({"aircraft", "forces", "troops", "jets", "warplanes", "fighters", "soldiers", "units",
                           "planes", "drones", "airstrikes", "strikes", "partners", "members"})
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
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_INITIAL = re.compile(r"^[A-Z]\.$")  # a middle initial: "W." in "Steffen W. Graae"
MAX_JOINED_WORDS = 3  # the most capitalised words after a middle initial or a possessive (``_joined_name``)
YEAR = re.compile(r"^(1[89]|20)\d\d$")
_YEAR_END = re.compile(r"^\d{2}(\d{2})?$")  # "1990-91", "1977-1979"
_PERIODS = frozenset({"days", "weeks", "months", "years"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Words before a noun that no town's name takes: "the Officer", "his Green card", "this Market".
WEAK_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
                              "my", "your"})
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", ":"})
_OPENING_MARKS = frozenset({'"', "“", "‘", "'", ":", "-", "–", "—", "(", "["})  # a capital after them may be theirs
_NUMBER_WORDS = frozenset(_num_words) | frozenset(_ordinal_words)
_DURATION_OPENERS = frozenset({"past", "last", "next", "previous", "coming", "first"})
_SPAN_BREAKS = frozenset({",", ";", ":", "(", ")", "\"", "“", "”", "&", "/", "|", "!", "?"})
STORM_WORDS = frozenset({"hurricane", "typhoon", "cyclone", "storm"})  # before a storm's name ("Hurricane Katrina")
# The model's probability from which a place the gazetteer lacks is kept with no preposition of place
# before it ("Noida", "Tuz"): chosen on half of UNER dev held out from the model's training.
UNKNOWN_PLACE_CONFIDENCE = 0.9
RELABEL_CONFIDENCE = 0.5  # the model's probability above which it relabels a town's name (see _merge)
SMALL_TOWN = 15000  # a lone capitalised word naming only places this small is rarely a place in news
BIG_CITY = 500_000  # a city this big, under its own name, is what the word means in news
MAX_REGION_WORDS = 3  # the most words of a country's or first-level division's name after a town ("New South Wales")


NameFinder = Callable[[Doc], list[Span]]  # a name model: PERSON/ORGANIZATION/LOCATION spans of a Doc
# Where a document keeps the name model's tag scores read ahead (``EntityRecognizer.read_names``) until
# the recogniser runs on it, in ``doc.user_data`` (spaCy's storage for user data).
_NAME_SCORES = ("sitrep", "name_scores")
if not Doc.has_extension("name_relabels"):
    Doc.set_extension("name_relabels", default=None)  # (start_char, end_char) -> the model's label for a place
if not Doc.has_extension("names_over_places"):
    # (start_char, end_char, label) of the model's names over the rules' places and persons ("Air France")
    Doc.set_extension("names_over_places", default=None)


class EntityRecognizer:
    """spaCy component: sets ``doc.ents`` with sitrep's labels and ``span._.ref`` for KB matches."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorKB, name_model: NameFinder | None = None) -> None:
        self.gazetteer = gazetteer
        self.actors = actors
        self.name_model = name_model
        lexicon = entity_lexicon()
        self.terms = {label: TermIndex(lexicon[label])
                      for label in ("WEAPON", "MILITARY_PLATFORM", "VEHICLE", "NATIONALITY")}
        # The words and prefixes any lexicon term starts with: most words start none.
        self._term_words: set[str] = set()
        self._term_prefixes: set[str] = set()
        for terms in self.terms.values():
            words, prefixes = terms.first_words()
            self._term_words |= words
            self._term_prefixes |= prefixes
        # Firms' names that are no word, person's or place's name in any case ("walmart", "LOCKHEED"):
        # key -> actor id, and the most words such a name starting with a word has.
        self._caseless_firms: dict[str, str] = {}
        self._caseless_words: dict[str, int] = {}
        for entry in actors.entries.values():
            for name in (entry.name, *entry.aliases) if entry.sector else ():
                key = name_key(name)
                if self._caseless_firm_name(entry, name, key):
                    self._caseless_firms.setdefault(key, entry.id)
                    first = key.split(" ", 1)[0]
                    self._caseless_words[first] = max(self._caseless_words.get(first, 0), key.count(" ") + 1)
        self.quantity_units = TermIndex(lexicon["QUANTITY_UNITS"])
        self.money_units = TermIndex(lexicon["MONEY_UNITS"])
        self.duration_units = TermIndex(lexicon["DURATION_UNITS"])

    def read_names(self, docs: list[Doc]) -> None:
        """Let the trained name model read several documents in one pass before this stage runs on
        each: its cost per call is shared (a quarter of its time on news articles)."""
        if isinstance(self.name_model, NameModel):
            for doc, scores in zip(docs, self.name_model.tag_scores(docs), strict=True):
                if scores is not None:
                    doc.user_data[_NAME_SCORES] = scores

    def use_name_model(self, name_model: NameFinder | None) -> None:
        """Find the names no rule knows with this model (``load_name_model``), or with none."""
        self.name_model = name_model

    def _caseless_firm_name(self, entry: ActorEntry, name: str, key: str) -> bool:
        """Whether a firm's ``name`` names it in lower case or capitals too: at least four letters,
        no ordinary word (all of its words common ones, or listed by the firm as words), no person's
        or place's name."""
        words = key.split()
        return (len(key.replace(" ", "")) >= FIRM_MIN_LETTERS and not is_acronym(name)
                and name not in entry.word_aliases and name not in entry.name_aliases
                and not all(word in common_words() for word in words) and not self.gazetteer.has_key(key)
                and not any(word.capitalize() in given_names() for word in words[:1]))

    def _firm_evidence(self, doc: Doc, start: int, end: int, surface: str, entry: ActorEntry) -> bool:
        """Whether the capitalised words [start, end), one of a firm's names, are the firm here. A
        name that is also a person's or a well-known place's ("Dell", "Emirates", "Jordan") needs a
        corporate word after it ("Dell shares"); one that is also an ordinary word ("Shell",
        "Target", "Best Buy") needs a capital of its own: not opening its sentence, in no headline
        or text in capitals, and no part of a longer name ("Cumberland Gap")."""
        if self.actors.has_acronym(surface) or _firm_cue(doc, end):
            return True
        key = name_key(surface)
        single = end - start == 1
        stem = surface[:-2] if surface.endswith(("'s", "’s")) else surface  # "Wendy's"
        place = self.gazetteer.has_key(key)
        if surface in entry.name_aliases or stem in given_names() or (place and not self._minor_place(surface)):
            return False
        words = key.split()
        if not (surface in entry.word_aliases or place or all(word in common_words() for word in words)):
            # No word: only no person's name before it ("Michael Dell").
            return not (single and start > 0 and doc[start - 1].text in given_names())
        opening = doc[start].is_sent_start or (start > 0 and doc[start - 1].text in _OPENING_MARKS)
        if (single and opening) or surface.isupper() or _sentence_capitals(doc, doc_words(doc), start, end) or (
                start > 0 and doc[start - 1].lower_ == "the"):
            return False  # its sentence's or quotation's capitals ("“Orange juice"), or a thing: "the Amazon"
        previous = doc[start - 1] if start > 0 else None
        before = previous is not None and is_name_token(previous) and (
            not previous.is_sent_start or previous.text in given_names())
        return not (before or (end < len(doc) and is_name_token(doc[end])))

    def _caseless_firm_at(self, doc: Doc, words: Words, i: int, text: str) -> Span | None:
        """A firm's name that needs no capitals starting at word ``i`` ("mcdonalds", "lockheed martin")."""
        texts = words.text
        longest = self._caseless_words.get(texts[i].lower(), 0)
        limit = _name_limit(words, i, min(len(doc), i + 2 * longest + 1))
        plain_end = _plain_words_end(words, i, limit)
        for j in range(limit, i, -1):
            if not texts[j - 1][:1].isalnum():
                continue  # a name never ends on punctuation ("chase.")
            key = words_key(words.lower[i:j]) if j <= plain_end else name_key(
                text[words.idx[i]:words.idx[j - 1] + len(texts[j - 1])])
            actor = self._caseless_firms.get(key)
            if actor is not None:
                span = Span(doc, i, j, label="ORGANIZATION")
                span._.ref = f"actor:{actor}"
                return span
        return None

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        words = doc_words(doc)
        # Dates first: of two spans alike a date wins ("October 6" is no alias of 6th of October City there).
        spans += self._date_spans(doc)
        spans += self._knowledge_spans(doc, words)
        spans += self._duration_spans(doc, words.lower)
        spans += self._grammar_spans(doc, [span for span in spans if span.label_ == "LOCATION"], words)
        spans += self._lexicon_spans(doc, words)
        ents = filter_spans(spans)
        doc._.name_relabels = {}
        doc._.names_over_places = []
        if self.name_model is not None:
            scores = doc.user_data.pop(_NAME_SCORES, None)
            found = self.name_model.names(doc, scores) if scores is not None and isinstance(
                self.name_model, NameModel) else self.name_model(doc)
            names = [_bare_name(name, words) for name in found]
            ents = self._merge(ents, [name for name in names if name is not None], words)
        # A name never starts on a possessive or punctuation ("Israel's forces" holds no name "'s forces").
        ents = [e for e in ents if not (words.is_punct[e.start] or words.lower[e.start] in ("'s", "’s"))]
        # as ``doc.ents =``, without a copy of each span
        doc.set_ents(_without_storms(self._surnames(doc, _places_named_again(doc, ents))))
        return doc

    def _merge(self, ents: list[Span], names: list[Span], words: Words) -> list[Span]:
        """The rules' entities with the model's names (measured on re3d, UNER and the geoparsing
        corpora; see the model card): where a rule found something, its span, label and reference
        stand, so a known actor or place keeps its label, except that a name of two words or more
        holds a lone demonym ("Syrian Arab Coalition"; not "Shia Arab", "Iraqi towns"),
        and a person's name the persons the rules found in it and lone words they took
        for places or organisations ("David Cameron", not the town David; "Harold Lewis", not the
        given name Harold and the Isle of Lewis); the model's names fill
        the gaps, its places only where the gazetteer knows the name, a preposition of place
        says it is one ("in Gursai", ``_placed_by_preposition``) or the model is sure of a name
        with a capital (``UNKNOWN_PLACE_CONFIDENCE``): in general text, the unknown names the model
        read as places less surely were mostly none, and common words in lower case ("rice") name
        no town, only a well-known place ("france"); a firm's name of two words
        or more holding lone places ("Air France"), and a titled person's name holding the person
        and whose title it is ("US Ambassador Jon Huntsman"), are the entity at the end
        (``names_over_places``), the places and persons inside staying for the stages before.
        Dates, quantities and lexicon terms are the rules' alone. ``words``: the document's."""
        ents = [ent for ent in ents if not self._weak_place(ent) or any(
            name.start < ent.end and ent.start < name.end for name in names)]
        kept, replaced = [], set()
        places = [ent for ent in ents if ent.label_ == "LOCATION"]
        for name in names:
            if name.label_ == "LOCATION" and not self.gazetteer.has_key(name_key(name.text)) and \
                    (name._.name_confidence < UNKNOWN_PLACE_CONFIDENCE or words.is_lower[name.start]) and \
                    not _placed_by_preposition(words, name.start, name.end, places):
                continue
            if name.label_ == "LOCATION" and name.text.islower() and all(
                    t.lower_ in common_words() for t in name) and not (
                    self.gazetteer.has_key(name_key(name.text)) and not self._minor_place(name.text)):
                continue  # "rice", "a national park": common words in lower case name no town
            inside = [ent for ent in ents if ent.start < name.end and name.start < ent.end]
            if not inside:
                kept.append(name)
                continue
            # "Shia Arab", "Iraqi towns": no name of its own beside the demonyms the rules found.
            unnamed = all(ent.label_ == "NATIONALITY" for ent in inside) and not any(
                not words.is_lower[i] for i in range(name.start, name.end)
                if not any(ent.start <= i < ent.end for ent in inside))
            holds = len(name) >= 2 and not unnamed and all(
                name.start <= ent.start and ent.end <= name.end and not ent._.ref and (
                    (name.label_ == "PERSON" and ent.label_ == "PERSON") or len(ent) == 1 and (
                        ent.label_ == "NATIONALITY" or (name.label_ == "PERSON" and ent.label_ in (
                            "LOCATION", "ORGANIZATION")))) for ent in inside)
            # A titled person's name holding the person the rules found and whose title it is ("US
            # Ambassador Jon Huntsman", "Russian Foreign Minister Sergey Lavrov").
            titled = any(ent.label_ == "PERSON" for ent in inside) and (
                any(ent.label_ == "NATIONALITY" for ent in inside)
                or any(is_title_word(words, i) for i in range(name.start, name.end)))
            if holds and not titled:
                kept.append(name)
                replaced.update(id(ent) for ent in inside)
            elif holds or (name.label_ == "ORGANIZATION" and len(name) >= 2 and not unnamed and all(
                    name.start <= ent.start and ent.end <= name.end and len(ent) == 1 and not ent._.ref
                    and ent.label_ in ("LOCATION", "NATIONALITY") for ent in inside)):
                # "Air France", "the Government of Iraq", a titled person: the places and persons inside
                # stay for the places and actors stages (geoparsers mark a toponym inside a name), and
                # the name is the entity at the end.
                name.doc._.names_over_places.append((name.start_char, name.end_char, name.label_))
            elif len(name) == 1 and len(inside) == 1 and inside[0].label_ == "LOCATION" and len(inside[0]) == 1 \
                    and name._.name_confidence >= RELABEL_CONFIDENCE and self._minor_place(name.text) \
                    and not self._placed_by_context(name.doc, name.start, name.end):
                # "Bush", "Google": a town's name the model is sure is a person's or a firm's, where
                # nothing around it says it is a place. It stays a place for the places stage (which
                # decides whether to resolve it), and takes the model's label as an entity at the end
                # (``widen_to_annotated_spans``).
                name.doc._.name_relabels[(name.start_char, name.end_char)] = name.label_
        return sorted([ent for ent in ents if id(ent) not in replaced] + kept, key=lambda span: span.start)

    def _weak_place(self, ent: Span) -> bool:
        """Whether ``ent`` is a one-word place of the gazetteer's that only the word's letters make
        one: a name only an alternate of the places' (an old or foreign spelling: "Lavo" for Lop
        Buri), or a common word after a determiner, in capitals or beside another capitalised word
        ("the Officer", "TO", "Air Conditioning"; not "recaptured Hit"), naming towns only
        (``_minor_place``; no region: "European"), with no preposition of place before it. Where
        the name model finds no name there either, it is no place (see ``_merge``)."""
        doc, i = ent.doc, ent.start
        if ent.label_ != "LOCATION" or len(ent) != 1 or ent._.ref or _after_locative(doc, i):
            return False
        candidates = self.gazetteer.exact(ent.text)
        if not candidates or not self._minor_place(ent.text) or any(r.feature == "region" for r, _ in candidates):
            return False
        if all(kind == ALTERNATE for _, kind in candidates):
            return True
        return ent.text.lower() in common_words() and (
            (i > 0 and doc[i - 1].lower_ in WEAK_DETERMINERS) or (ent.text.isupper() and len(ent.text) > 1)
            or (i > 0 and not doc[i].is_sent_start and is_name_token(doc[i - 1]))
            or (i + 1 < len(doc) and is_name_token(doc[i + 1])))

    def _placed_by_context(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the words around the known place's name [start, end) say it is a place: its kind
        ("the southern city of Tyre", "Samarra and other cities"; ``_place_cue``) or the country or
        first-level division it lies in after it ("Miramar, Florida", "Encino California", "Encino is
        in California": a person is seldom said to be in a region holding a town of their name)."""
        words = doc_words(doc)
        texts, lowered, n = words.text, words.lower, len(words)
        named = [is_name_word(text, lower) for text, lower in zip(texts, lowered, strict=True)]
        if self._place_cue(words, _article_start(words, start), end, named):
            return True
        at = _word_after(words, end)
        at = _word_after(words, at + 1) if at < n and texts[at] == "," else at
        if at + 2 < n and lowered[at] in ("is", "was", "lies") and lowered[at + 1] == "in":
            at += 2
        towns = [record for record, _ in self.gazetteer.exact(words.span_text(start, end))]
        for stop in range(min(n, at + MAX_REGION_WORDS), at, -1):
            if not named[stop - 1]:
                continue
            for region, _ in self.gazetteer.exact(words.span_text(at, stop)):
                if region.feature in ("country", "admin1") and any(
                        town.country_code == region.country_code and town.id != region.id and (
                            region.feature == "country" or town.admin1 == region.admin1) for town in towns):
                    return True
        return False

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
        texts, lowered = doc_words(doc).text, doc_words(doc).lower
        surnames = {texts[e.end - 1] for e in ents if e.label_ == "PERSON" and len(e) >= 2
                    and is_name_word(texts[e.end - 1], lowered[e.end - 1])}
        if not surnames:
            return ents
        out = []
        for ent in ents:
            # The surname alone, or with the article that opens it ("al-", "el-").
            alone = len(ent) == 1 or (len(ent) == 3 and lowered[ent.start] in _ARTICLE_WORDS
                                      and texts[ent.start + 1] in "-–")
            if alone and texts[ent.end - 1] in surnames and ent.label_ in ("LOCATION", "ORGANIZATION"):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            out.append(ent)
        taken = {i for e in out for i in range(e.start, e.end)}
        out += [Span(doc, i, i + 1, label="PERSON") for i, text in enumerate(texts)
                if text in surnames and i not in taken]
        return sorted(out, key=lambda e: e.start)

    # -- 1 and 2: knowledge bases ---------------------------------------------------------
    def _knowledge_spans(self, doc: Doc, words: Words) -> list[Span]:
        spans = []
        texts, starts = words.text, words.idx
        text = document_text(doc)
        n = len(doc)
        caseless = self._caseless_words
        # Where a name may start: a capital or a digit, an Arabic article ("al-Qaida"), the first word of
        # a firm's name in any case ("walmart", "eBay"). Most words are none, and are passed over at once.
        openings = [k for k, (word, lower) in enumerate(zip(texts, words.lower, strict=True))
                    if word[:1].isupper() or word[:1].isdigit() or word in ("al", "el") or lower in caseless]
        i = 0  # where the text no span found yet covers starts
        for opening in openings:
            if opening < i:
                continue
            i = opening
            hyphenated_article = texts[i] in ("al", "el") and i + 2 < n and texts[i + 1] == "-"  # "al-Qaida"
            if not (texts[i][:1].isupper() or texts[i][:1].isdigit() or hyphenated_article):
                firm = self._caseless_firm_at(doc, words, i, text) if words.lower[i] in caseless else None
                if firm is not None:
                    spans.append(firm)
                    i = firm.end
                continue
            found = None
            first = name_key(texts[i])
            # Names can only be as long as the longest known name starting with this word; token
            # counts exceed word counts (hyphens, apostrophes), hence the slack.
            longest = max(self.gazetteer.words_after.get(first, 0), self.actors.words_after.get(first, 0))
            if not longest and first in _ARTICLE_WORDS and i + 1 < n:
                longest = max(self.gazetteer.words_after.get(name_key(texts[i + 1]), 0), 1) + 1
            limit = _name_limit(words, i, min(n, i + 2 * longest + 1))
            plain_end = _plain_words_end(words, i, limit)
            previous = texts[i - 1].lower() if i else ""
            for j in range(limit, i, -1):
                last = texts[j - 1]
                if not last[:1].isalnum() or (j - 1 > i and last.islower() and len(last) <= 3):
                    continue  # a span never ends on punctuation or a particle ("Mosul, a")
                surface = text[starts[i]:starts[j - 1] + len(last)]
                key = words_key(words.lower[i:j]) if j <= plain_end else name_key(surface)
                found = self._classify(doc, i, j, surface, key, previous)
                if found:
                    break
            if found:
                spans.append(found)
                i = found.end
        return spans

    def _classify(self, doc: Doc, start: int, end: int, surface: str, key: str, previous: str) -> Span | None:
        """The entity tokens [start, end) (whose text is ``surface``, its ``name_key`` ``key``, after the
        lower-cased word ``previous``) are, if knowledge knows them."""
        if not key:
            return None
        single = end - start == 1
        if not (self.gazetteer.has_key(key) or self.actors.has_key(key) or is_acronym(surface) or single and (
                key in self.actors.demonyms or surface in given_names())):
            return None  # no knowledge has these words: most spans tried end here, so first and cheaply
        if previous in PERSON_TITLES and single:
            return None  # "Gen. Coe", "Secretary Kerry": a name after a title is a person's
        # Capitals that are the sentence's, not a name's: "Okay, …", "THEY GET MAD AT YOU"; of those,
        # text written in capitals hides actors, a sentence's first word does not ("Coalition jets").
        sentence_capitals = _capitals_say_nothing(doc, start, end, surface)
        in_capital_text = sentence_capitals and not (single and doc[start].is_sent_start)
        # States and capitals stay places here ("Washington", "Hong Kong"): the actors stage decides
        # whether they act; "the Syrian regime", "the Iraqi government" are organisations.
        actors = [] if in_capital_text else [a for a in self.actors.lookup(surface) if a.type != "state" and not (
            a.type == "government" and (single or self.gazetteer.has_key(key)))]
        if actors and actors[0].sector and not self._firm_evidence(doc, start, end, surface, actors[0]):
            actors = [a for a in actors if not a.sector]  # "Shell" opening a sentence, "in Jordan"
        if actors:
            label = "PERSON" if actors[0].type == "person" else "ORGANIZATION"
            span = Span(doc, start, end, label=label)
            span._.ref = f"actor:{actors[0].id}"
            return span
        if single and not is_acronym(surface) and (
                key in STOP_WORDS or key in COMMON_CAPITALISED or key in _ARTICLE_WORDS):
            return None
        # A given name after a capitalised word is a surname ("David Cameron").
        greeted = previous in GREETINGS  # "Hi Sara", "thanks Rich"
        if single and (surface in given_names() or greeted) and not sentence_capitals and not _after_locative(
                doc, start) and not (start > 0 and is_name_token(doc[start - 1]) and not greeted) and (
                not self.gazetteer.has_key(key) or self._minor_place(surface)):
            return Span(doc, start, self._surname_end(doc, end), label="PERSON")  # "Thanks Don", "Deb Price"
        if key in self.actors.demonyms and single:
            # "the Iraqis", "Syrians": a people as a group is an organisation, its adjective a nationality.
            plural = surface.endswith("s") and not surface.endswith(("ss", "ese", "ish"))
            return Span(doc, start, end, label="ORGANIZATION" if plural else "NATIONALITY")
        if self.gazetteer.has_key(key) and not (single and _NUMBER.match(surface)):
            if single and _place_adjective(surface, self.gazetteer.exact(surface)):
                return Span(doc, start, end, label="NATIONALITY")  # "Asian", "European": a region's people
            if sentence_capitals and self._minor_place(surface):
                return None  # "Rest was too oily": a town's name only by its capital
            if not surface.islower() and any(t.is_lower and t.is_alpha and not t.is_stop and len(t) > 3
                                             for t in doc[start + 1:end]):
                return None  # "As long as", "The village soil": a name's words, particles apart, have capitals
            candidates = self.gazetteer.exact(surface)
            if is_acronym(surface) and not any(kind < 2 for _, kind in candidates):
                return None  # "UK" must not become Uk, a village: acronyms need a curated alias
            if single and not _after_locative(doc, start) and all(
                    r.feature == "city" and r.population < SMALL_TOWN for r, _ in candidates):
                return None  # "Friendly", "Just": a small town's name is weak evidence on its own
            if single and all(r.feature in ("city", "admin2") for r, _ in candidates) and (
                    self._unknown_name_at(doc, end) or self._unknown_name_at(doc, start - 1)):
                return None  # "David Cameron", "Moon Jae": a town's name inside a longer name
            return Span(doc, start, end, label="LOCATION")
        return None

    def _surname_end(self, doc: Doc, end: int) -> int:
        """Where a person's name that starts with a given name ends: up to two more capitalised words
        that are no known actor, well-known place or common word, unless a town is named so like many
        surnames ("Deb Price", "Gary Wilson")."""
        stop = end
        while stop < min(len(doc), end + 2) and is_name_token(doc[stop]) and not any(
                not actor.sector for actor in self.actors.lookup(doc[stop].text)):  # "Michael Dell": no firm
            key = name_key(doc[stop].text)
            if self.gazetteer.has_key(key) and not self._minor_place(doc[stop].text) or (
                    key in common_words() and not self.gazetteer.has_key(key)):
                break  # a well-known place, or a common word no town is named ("Senior", not "Wilson")
            stop += 1
        return stop

    def _unknown_name_at(self, doc: Doc, i: int) -> bool:
        """A capitalised word at ``i`` that is neither a known place, nor the first word of one, nor a
        function word."""
        if not 0 <= i < len(doc) or doc[i].is_sent_start and i < len(doc) - 1 and i == doc[i].sent.start:
            return False
        token = doc[i]
        key = name_key(token.text)
        if not is_name_token(token) or self.gazetteer.has_key(key):
            return False
        longest = self.gazetteer.words_after.get(key, 0)  # "Invercargill New Zealand"
        return not any(self.gazetteer.has_key(name_key(doc[i:i + k].text)) for k in range(2, longest + 1))

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
            elif YEAR.match(word):
                end = i + 1
                if end + 1 < n and lowered[end] in ("-", "–") and _YEAR_END.match(lowered[end + 1]):
                    end += 2
                spans.append(Span(doc, i, end, label="DATE"))
        return spans

    def _lexicon_spans(self, doc: Doc, words: Words) -> list[Span]:
        spans = []
        lowered, numeric = words.lower, words.like_num
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
    def _grammar_spans(self, doc: Doc, places: list[Span], words: Words) -> list[Span]:
        """Unknown names by grammar; ``places`` are the known places found, which a facility's name
        may hold ("Vancouver International Airport"); ``words``: the document's."""
        spans = []
        texts, lowered = words.text, words.lower
        named = [is_name_word(text, lower) for text, lower in zip(texts, lowered, strict=True)]
        i, n = 0, len(doc)
        while i < n:
            if not named[i]:
                i += 1
                continue
            j = i
            while j < n and (named[j] or (lowered[j] in NAME_PARTICLES and j + 1 < n)
                             or (texts[j] == "-" and j + 1 < n and named[j + 1])):
                j += 1
            while j > i and not named[j - 1]:
                j -= 1
            joined = self._joined_name(doc, words, i, j, named)
            if joined is not None:
                spans.append(joined)
                i = joined.end
                continue
            span = self._name_span(doc, words, i, j, places, named)
            if span is not None:
                spans.append(span)
            i = max(j, i + 1)
        return spans

    def _joined_name(self, doc: Doc, words: Words, start: int, end: int, named: list[bool]) -> Span | None:
        """A name the words [start, end) open across what ends a run of capitalised words: a middle
        initial between given name and surname ("Steffen W. Graae", a person's), or a one-word
        possessive before the capitalised words of a shop's or firm's name ("Ray's Pizza", "Barry s Auto
        Tech", an organisation's; not where a place or a known actor owns the words or is among them:
        "Derry's Altnagelvin Hospital", "Assad's Desert Hawks", "Bush's Iraq policy")."""
        lowered, n = words.lower, len(words)
        if end - start > 2 or end + 1 >= n or not named[end + 1]:
            return None
        stop = end + 1
        while stop < n and stop - end <= MAX_JOINED_WORDS and named[stop]:
            stop += 1
        last = lowered[stop - 1].rstrip(".")
        if last in ORG_HEADS or last in TITLE_WORDS or last in PLACE_NAME_HEADS or last in FACILITY_HEADS or (
                _sentence_capitals(doc, words, start, stop)):
            return None
        if _INITIAL.match(words.text[end]):
            return Span(doc, start, stop, label="PERSON")
        owner = words.text[start]
        if lowered[end] not in ("'s", "’s", "s") or end - start > 1 or self.actors.has_key(name_key(owner)) or (
                owner not in given_names() and self.gazetteer.has_key(name_key(owner))):
            return None  # a town's (unless a given name's) or a known actor's: "Derry's Altnagelvin Hospital"
        for a in range(end + 1, stop):
            for b in range(a + 1, stop + 1):
                surface = words.span_text(a, b)
                key = name_key(surface)
                if self.actors.has_key(key) or self.gazetteer.has_key(key) and not self._minor_place(surface):
                    return None  # a known actor or place after it: "Assad's Desert Hawks", "Bush's Iraq policy"
        return Span(doc, start, stop, label="ORGANIZATION")

    @staticmethod
    def _place_cue(words: Words, start: int, end: int, named: list[bool]) -> bool:
        """An unknown name that grammar marks as a place: "the village of X", "a village called X",
        "X district", "X, a town near …", "X, a farming community in …", or one of a list after a
        plural kind ("the towns of Khan Touman, Aleis and Alzorba") or before one ("Sibaya and Chiri
        villages", "Samarra and other cities"); ``start`` may be the article that opens the name ("the
        village of al-Shuhayl"); ``named``: which words are name words (``is_name_word``)."""
        texts, lowered, n = words.text, words.lower, len(words)
        after = _word_after(words, end)  # past the spaces of a doubled blank ("Ghazaliyah  district")
        if after < n and (lowered[after] in PLACE_HEADS or texts[after] in SITE_HEADS and not all(
                word in common_words() for word in lowered[start:end])):  # "State prison officials"
            return True
        if _kind_in_apposition(words, after):
            return True  # "Abu Saida, a town near …", "Doron-Baga, a fishing community in …"
        i = start - 1
        while i >= 0 and start - i <= LIST_REACH and (texts[i] in (",", "and") or named[i]
                                                      or lowered[i] in NAME_PARTICLES or texts[i] == "-"):
            i -= 1  # back over the names listed before this one
        j = end
        while j < n and j - end <= LIST_REACH and (texts[j] in (",", "and") or named[j]
                                                   or lowered[j] in NAME_PARTICLES or texts[j] == "-"):
            j += 1  # on over the names listed after it
        listed = any(lowered[k] == "and" for k in (*range(i + 1, start), *range(end, j)))
        if listed and j < n and lowered[j] == "other":
            j += 1  # "Samarra and other cities"
        if listed and j < n and lowered[j] in PLACE_HEADS_PLURAL:
            return True  # "raided Sibaya and Chiri villages", "the Shuqayf and Bustan al-Basha districts"
        if i < 1 or (i != start - 1 and lowered[i] != "of"):
            return False
        head = lowered[i - 1]
        return lowered[i] == "of" and (head in PLACE_HEADS or head in PLACE_HEADS_PLURAL or head in PLACE_PARTS) or (
            lowered[i] in ("called", "named") and head in PLACE_HEADS)

    @staticmethod
    def _named_by_kind(words: Words, start: int, end: int, plain: list[str], places: list[Span]) -> bool:
        """A place no gazetteer lists, named by its kind: one name after a place word ("Jabal al-Sayyid",
        "Camp Bastion", not "Mount Pleasant High School") or one or two before a head ("Kodori Gorge",
        "Taksim Square", not "Santa Ana Unified School District"); not a person's name after a title
        ("Ms. Hill"; but a quarter named after one, title, name and kind, is a place: "Sheikh Maqsoud
        District"), nor a facility named after a known place, which geoparsers take for a mention of
        that place ("Vancouver International Airport"). ``plain``: the words in lower case, without
        a closing full stop."""
        if end - start < 2 or (start > 0 and words.lower[start - 1] in PERSON_TITLES) or (
                plain[0] in PERSON_TITLES and not (
                    len(plain) >= 3 and plain[-1] in PLACE_NAME_HEADS)):
            return False
        if plain[-1] in FACILITY_HEADS and any(start <= place.start and place.end <= end for place in places):
            return False
        headed = plain[-1] in PLACE_NAME_HEADS or plain[-1] in FACILITY_HEADS
        if plain[0] in PLACE_NAME_PREFIXES:  # "Deir Ezzor City": a head may follow
            return _name_words(words, start + 1, end - (headed or plain[-1] in PLACE_HEADS)) == 1
        return headed and 1 <= _name_words(words, start, end - 1) <= 2

    def _name_span(self, doc: Doc, words: Words, start: int, end: int, places: list[Span],
                   named: list[bool]) -> Span | None:
        lowered, n = words.lower, len(words)
        plain = [word.rstrip(".") for word in lowered[start:end]]  # lower case, without a closing full stop
        if plain[-1] in ORG_HEADS and end - start >= 2 and not (
                all(word in common_words() for word in plain) and _sentence_capitals(doc, words, start, end)):
            # "Ministry of Defence": an organisation head may take an "of ..." complement; not "Great
            # Service" in a headline.
            while end + 1 < n and lowered[end] == "of" and named[end + 1]:
                end += 2
                while end < n and named[end]:
                    end += 1
            return Span(doc, start, end, label="ORGANIZATION")
        if end - start == 1 and plain[0] in ORG_HEADS and end < n and lowered[end] in FORCE_MEMBERS:
            return Span(doc, start, end, label="ORGANIZATION")  # "Coalition aircraft", "Alliance troops"
        designated = end if plain[-1] in CORPORATE_SUFFIXES and end - start >= 2 else _corporate_suffix_end(words, end)
        if designated:
            return Span(doc, start, designated, label="ORGANIZATION")  # "Marvel Consultants, Inc."
        opening = _article_start(words, start)
        if self._place_cue(words, opening, end, named):
            return Span(doc, opening, end, label="LOCATION")
        if self._named_by_kind(words, start, end, plain, places):
            return Span(doc, start, end, label="LOCATION")
        before = words.span_text(max(0, start - 2), start).lower()
        titled = start > 0 and lowered[start - 1] in PERSON_TITLES
        cued = any(before.endswith(cue) for cue in PERSON_CUES_BEFORE) or (
            start > 0 and lowered[start - 1] in GREETINGS)
        if plain[0] in GREETINGS and end - start >= 2:  # "Hello Chonawee": the greeting opened the run of capitals
            start, plain, cued = start + 1, plain[1:], True
        last_title = max((k for k, w in enumerate(plain) if w in PERSON_TITLES), default=None)
        if last_title is not None and last_title + 1 < len(plain):
            # "Ousted President Askar Akayev", "Prime Minister Mahendra Chaudhry": the name follows the title.
            start += last_title + 1
            titled = True
        arabic = plain[0] in ("abu", "abou") or any(w in ("bin", "ibn") for w in plain) or (
            end - start >= 3 and any(w in ("al", "el") for w in plain[1:]))
        if (titled or cued or arabic) and end - start >= 1 and not self.gazetteer.has_key(
                name_key(words.span_text(start, end))):  # a known place's name is no person's
            return Span(doc, start, end, label="PERSON")
        return None


def _after_abbreviation(words: Words, i: int) -> bool:
    """Whether the full stop at word ``i`` closes a title or an initial ("Col. John J. Thomas")."""
    return i > 0 and (len(words.text[i - 1]) == 1 or is_title_word(words, i - 1))


def _name_limit(words: Words, start: int, stop: int) -> int:
    """How far (before ``stop``) a name starting at word ``start`` may run: not past punctuation that
    breaks names, a line break, or a full stop ending its sentence ("a white Kia. A man")."""
    texts = words.text
    limit = start + 1
    while limit < stop and texts[limit] not in _SPAN_BREAKS and not texts[limit].isspace() and not (
            texts[limit] == "." and not _after_abbreviation(words, limit)):
        limit += 1
    return limit


def _plain_words_end(words: Words, start: int, stop: int) -> int:
    """Where the run of plain words from word ``start`` ends, before ``stop``: ASCII letters and digits,
    each but the last followed by a space. The ``name_key`` of such words is ``words_key`` of them in
    lower case, which spares folding and splitting the text (the keys of most word runs tried are new)."""
    end = start
    while end < stop and words.text[end].isascii() and words.text[end].isalnum() and (
            end == start or words.whitespace[end - 1]):
        end += 1
    return end


def _bare_name(span: Span, words: Words) -> Span | None:
    """A model's name without the article it learned from re3d's spans (the rules add it back where
    annotators want it), or None where nothing but function words and punctuation is left;
    ``words``: the document's."""
    texts, lowered = words.text, words.lower
    start, end = span.start, span.end
    while start < end and (lowered[start] in _DETERMINERS or words.is_punct[start]):
        start += 1
    # A name ends at a sentence's end ("Daesh. At") or a reference mark ("al-Freiji.[2"), not after a
    # title's or an initial's full stop ("Col. John J. Thomas").
    end = next((i for i in range(start, end) if "[" in texts[i] or (
        texts[i] in _SENTENCE_ENDS and not _after_abbreviation(words, i))), end)
    while end > start and words.is_punct[end - 1]:
        end -= 1
    if not any(not words.is_stop[i] and texts[i][:1].isalnum() for i in range(start, end)) or any(
            _EMAIL.match(texts[i]) for i in range(start, end)):
        return None  # function words alone, or an e-mail address: no name
    if texts[end - 1] in thing_acronyms():
        return None  # "the USB", "US CPI": an acronym of a thing names no organisation or place
    if span.label_ in ("PERSON", "ORGANIZATION") and all(
            words.is_lower[i] and lowered[i] in common_words() for i in range(start, end)):
        # "the deputy chief", "the group": common words in lower case are no person's or organisation's
        # name; the last stage marks the group nouns annotators take for organisations where they do
        return None
    if span.label_ == "ORGANIZATION" and all(lowered[i] in common_words() for i in range(start, end)
                                             if words.is_alpha[i]) \
            and _sentence_capitals(span.doc, words, start, end):
        return None  # "People love …", "Great Service": common words capitalised by their sentence
    if (start, end) == (span.start, span.end):
        return span
    bare = Span(span.doc, start, end, label=span.label_)
    bare._.name_confidence = span._.name_confidence
    return bare


def _sentence_capitals(doc: Doc, words: Words, start: int, end: int) -> bool:
    """Whether the capitals of the words [start, end) are their sentence's: a sentence in title case
    (a headline) capitalises every word but function words (in one written in capitals, names can
    still be told apart from words). ``words``: those of ``doc``."""
    sentence = doc[start].sent
    kept = [words.text[i] for i in range(sentence.start, sentence.end) if words.is_alpha[i] and not words.is_stop[i]]
    return len(kept) >= 2 and all(word[:1].isupper() for word in kept) and not all(word.isupper() for word in kept)


def _firm_cue(doc: Doc, end: int) -> bool:
    """Whether a corporate word follows a name that ends at ``end``, after its possessive if any."""
    at = end + (end < len(doc) and doc[end].lower_ in ("'s", "’s"))
    return at < len(doc) and doc[at].lower_.rstrip(".") in FIRM_CUES


def _corporate_suffix_end(words: Words, end: int) -> int:
    """Where a firm's name that ends at ``end`` ends with its designator ("Inc.", ", LLC"), or 0."""
    texts, n = words.text, len(words)
    at = end + (end < n and texts[end] == ",")
    if at >= n or words.lower[at].rstrip(".") not in CORPORATE_SUFFIXES or words.is_lower[at]:
        return 0
    return at + 1 + (at + 1 < n and texts[at + 1] == "." and not texts[at].endswith("."))


def document_text(doc: Doc) -> str:
    """``doc.text`` (which spaCy joins anew from the tokens at every access), taken from the document
    the pipeline made ``doc`` of where it keeps one (``doc._.document``)."""
    document = doc._.document if Doc.has_extension("document") else None
    return document.text if document is not None else doc.text


@cache
def entity_lexicon() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("entities", "lexicon.json").read_text(encoding="utf-8"))


@cache
def thing_acronyms() -> frozenset[str]:
    """Acronyms of things, measures and roles (``THING_ACRONYMS`` in ``lexicon.json``): "USB", "CPI"."""
    return frozenset(entity_lexicon()["THING_ACRONYMS"])


@cache
def common_words() -> frozenset[str]:
    """Lower-cased English words common enough that a capital alone does not make them a name
    (``data/entities/common_words.txt``, derived by ``tools/derive_common_words.py``)."""
    return _word_list("common_words.txt")


@cache
def given_names() -> frozenset[str]:
    """English given names (``data/entities/given_names.txt``, derived by ``tools/derive_given_names.py``)."""
    return _word_list("given_names.txt")


def _word_list(name: str) -> frozenset[str]:
    """The words of ``data/entities/<name>``, one per line."""
    return frozenset(resources.files("sitrep.data").joinpath("entities", name).read_text(encoding="utf-8").split())


def _capitals_say_nothing(doc: Doc, start: int, end: int, surface: str) -> bool:
    """Whether tokens [start, end) (whose text is ``surface``) are common words whose capitals are the
    sentence's, not a name's: one word opening its sentence, or words of a sentence written in capitals."""
    words = common_words()
    if not all(word.lower() in words for word in surface.split()):  # the text, not a Token per word: cheaper
        return False
    if end - start == 1 and doc[start].is_sent_start:
        return True
    if not surface.isupper():
        return False
    sentence = doc[start].sent
    letters = [token.text for token in sentence if token.is_alpha and len(token) > 1]
    return len(letters) >= 3 and sum(word.isupper() for word in letters) >= 0.8 * len(letters)


def is_title_word(words: Words, i: int) -> bool:
    """A capitalised title word, or the full stop the tokenizer splits off one ("Col" ".")."""
    if words.text[i] == "." and i > 0 and not words.whitespace[i - 1]:
        i -= 1
    return words.text[i][:1].isupper() and words.lower[i].rstrip(".") in TITLE_WORDS


_LOCATIVE_BEFORE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "around", "of", "across",
                              "towards", "toward", "through", "via", "inside", "between"})


def _after_locative(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in _LOCATIVE_BEFORE


# The words after which the name model's place is taken even where the gazetteer lacks the name ("killed two
# militants in Gursai", "storming into Al-Madiyounah"), a direction word between them or not ("in northern
# Maree"); without one, an unknown name the model read as a place was too often none (see ``_merge``). "At"
# needs a known place after the name as well ("at Manigram in Rupandehi district"): alone, it is as often
# a firm's, a school's or a person's name in local news ("at Benedict", "at DeLallo's").
PLACE_PREPOSITIONS = frozenset({"in", "near", "inside", "outside", "into", "around"})
DIRECTION_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "northeastern",
                             "northwestern", "southeastern", "southwestern"})
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
APPOSITION_REACH = 3  # how many words may qualify the kind in "X, a [small fishing] community"
# The kinds of place an apposition names beyond the place words (PLACE_HEADS): those that name a people's place there
# ("Gidan Gambo, an Eggon community in …"; "the Muslim community" names none, so not in PLACE_HEADS).
APPOSITION_KINDS = frozenset({"community", "stronghold"})


def _word_before(words: Words, i: int) -> int:
    """The word before word ``i``, past the spaces of a doubled blank; -1 at the start."""
    i -= 1
    while i >= 0 and words.is_space[i]:
        i -= 1
    return i


def _word_after(words: Words, i: int) -> int:
    """Word ``i`` or, where it is the spaces of a doubled blank, the word after them."""
    while i < len(words) and words.is_space[i]:
        i += 1
    return i


def _placed_by_preposition(words: Words, start: int, end: int, places: list[Span]) -> bool:
    """Whether the name [start, end) follows a preposition of place ("in Gursai", "inside eastern
    Khattab"), or "at" with one of the known ``places`` after it ("at Ejule in Ofu", "at Ebla, in
    western Syria")."""
    lowered = words.lower
    i = _word_before(words, start)
    if i >= 0 and lowered[i] in DIRECTION_WORDS:
        i = _word_before(words, i)
    if i < 0:
        return False
    if lowered[i] in PLACE_PREPOSITIONS:
        return True
    k = _word_after(words, end)
    if k < len(words) and words.text[k] == ",":
        k = _word_after(words, k + 1)
    if lowered[i] != "at" or k >= len(words) or lowered[k] not in ("in", "near"):
        return False
    k = _word_after(words, k + 1)
    return any(k <= place.start <= k + 1 for place in places)  # a direction word may open it


def _kind_in_apposition(words: Words, i: int) -> bool:
    """Whether a comma at word ``i`` opens an apposition that says what kind of place a name is: "X,
    a town near …", "X, a small fishing community in …" (not "X, a member of the town council")."""
    lowered, n = words.lower, len(words)
    if not (i + 2 < n and words.text[i] == "," and lowered[i + 1] in ("a", "an", "the")):
        return False
    for k in range(i + 2, min(n, i + 3 + APPOSITION_REACH)):
        word = lowered[k]
        after = k + 1 if k + 1 < n else None
        if after is not None and lowered[after] in ("'s", "’s"):
            return False  # "a town's mayor"
        if word in PLACE_HEADS:
            return True
        if word in APPOSITION_KINDS:
            # The kind ends the noun phrase: not "a community leader", "a stronghold mentality".
            return after is None or not (words.is_alpha[after] and words.is_lower[after] and not words.is_stop[after]
                                         and lowered[after] not in _LOCATIVE_BEFORE
                                         and lowered[after] not in COMPASS_POINTS)
        if not words.is_alpha[k] or word in ("of", "the", "who", "which", "that"):
            return False
    return False


PLACE_HEADS = frozenset({"town", "village", "city", "district", "neighbourhood", "neighborhood", "area", "camp",
                         "region", "province", "governorate", "suburb", "settlement", "locality", "county",
                         "municipality", "township", "valley", "border", "crossing", "hamlet", "subdistrict"})
PLACE_HEADS_PLURAL = frozenset({"towns", "villages", "cities", "districts", "neighbourhoods", "neighborhoods", "areas",
                                "camps", "regions", "provinces", "governorates", "suburbs", "settlements", "localities",
                                "counties", "municipalities", "townships", "hamlets", "subdistricts", "quarters"})
# The parts and surroundings of a place, before "of" and its name ("the outskirts of Hirbnafseh", "the
# island of Lipsi", "his hometown of Dhuluiyah").
PLACE_PARTS = frozenset({"outskirts", "outskirt", "countryside", "vicinity", "environs", "hometown", "island",
                         "suburbs", "hillside", "hills", "farms", "perimeter", "periphery", "streets"})
# Sites that, written in lower case after a name unknown to the gazetteer, take the name of the place
# they are in ("Keysansey hospital", "Larzab mountain"; capitalised, they end a name of their own).
SITE_HEADS = frozenset({"hospital", "prison", "mountain", "hill", "constituency"})
LIST_REACH = 12  # how many words back a listed name looks for "the towns of"

# The word that ends a capitalised name of a feature, a site or a quarter ("Kodori Gorge", "Bagram Air Base").
PLACE_NAME_HEADS = frozenset({
    "valley", "gorge", "canyon", "pass", "dam", "airbase", "airfield", "base", "crossing", "checkpoint", "junction",
    "camp", "district", "governorate", "subdistrict", "quarter", "suburb", "neighborhood", "neighbourhood", "hill",
    "hills", "heights", "mountain", "mountains", "plain", "plains", "desert", "forest", "forests", "farms", "orchards",
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


def _place_adjective(surface: str, candidates: list[tuple[PlaceRecord, int]]) -> bool:
    """Whether ``surface`` is the adjective a place's name makes with "-an" or "-n" ("European" of
    Europe, "Asian" of Asia) and the gazetteer knows it only as that place's other name."""
    return surface.endswith("an") and bool(candidates) and all(
        kind != PRIMARY and record.name in (surface[:-1], surface[:-2]) for record, kind in candidates)


def _without_storms(ents: list[Span]) -> list[Span]:
    """``ents`` without the names of storms and their kind ("Hurricane Katrina", and "Katrina" again
    in the text): a storm is an event, no person, organisation or place."""
    if not ents:
        return ents
    doc = ents[0].doc
    storms = {doc[e.start + 1].text if doc[e.start].lower_ in STORM_WORDS else e.text for e in ents
              if e.label_ in ("PERSON", "ORGANIZATION", "LOCATION") and (
                  doc[e.start].lower_ in STORM_WORDS and len(e) > 1
                  or e.start > 0 and doc[e.start - 1].lower_ in STORM_WORDS and doc[e.start - 1].text[:1].isupper())}
    return [e for e in ents if not (e.label_ in ("PERSON", "ORGANIZATION", "LOCATION") and (
        e.text in storms or (e[0].lower_ in STORM_WORDS and (len(e) > 1 or (
            e.end < len(doc) and doc[e.end].text in storms)))))]  # not the town of Hurricane, W.Va.


def _places_named_again(doc: Doc, ents: list[Span]) -> list[Span]:
    """Later mentions of a place the text has named as one ("the village of al-Shuhayl" … "left
    al-Shuhayl") are that place, not the person or firm the name model guessed."""
    lowered = doc_words(doc).lower
    names = {_bare_place_name(lowered[e.start:e.end]) for e in ents if e.label_ == "LOCATION"}
    return [Span(doc, e.start, e.end, label="LOCATION")
            if e.label_ in ("PERSON", "ORGANIZATION") and not e._.ref
            and _bare_place_name(lowered[e.start:e.end], kind=False) in names
            else e for e in ents]


def _bare_place_name(words: list[str], kind: bool = True) -> str:
    """A place's name (its ``words`` in lower case) without what opens it: "the village of al-Shuhayl"
    and "al-Shuhayl" are "shuhayl" (and without its kind only where ``kind``: "the government of
    Iraq" names no place)."""
    if kind and "of" in words:
        words = words[words.index("of") + 1:]
    while len(words) > 1 and (words[0] in _ARTICLE_WORDS or words[0] in ("-", "–")):
        words = words[1:]
    return " ".join(words)


def _article_start(words: Words, start: int) -> int:
    """Where a name starts with the Arabic article written before it ("al-Shuhayl"): grammar finds
    names by their capitalised words."""
    if start >= 2 and words.text[start - 1] in ("-", "–") and words.lower[start - 2] in _ARTICLE_WORDS:
        return start - 2
    return start


def _name_words(words: Words, start: int, end: int) -> int:
    """How many names the words [start, end) hold, a particle or hyphen joining a word to the name
    it opens ("Al-Basha", "al-Sayyid", "bin Laden" are one)."""
    texts, lowered = words.text, words.lower
    count = 0
    for i in range(start, end):
        joined = i > start and (texts[i - 1] == "-" or lowered[i - 1] in NAME_PARTICLES)
        if (is_name_word(texts[i], lowered[i]) or lowered[i] in NAME_PARTICLES) and not joined:
            count += 1
    return count


def is_name_token(token) -> bool:
    return is_name_word(token.text, token.lower_)


def is_name_word(text: str, lower: str) -> bool:
    """A capitalised word with a lower-case letter that is no stop word ("Mosul"; not "The", "IS");
    ``lower``: the word in lower case."""
    return text[:1].isupper() and any(c.islower() for c in text) and lower not in STOP_WORDS

