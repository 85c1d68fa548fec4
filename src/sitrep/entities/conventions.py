"""Entity spans as annotators of conflict reporting mark them: the pipeline's last stage.

After places, actors and events have read the bare names, the entities take the spans re3d's
annotators give them ("the Iraqi city of Mosul", "Russian Foreign Minister Lavrov", "the 321st
Field Artillery Regiment", "October 25-26, 2016"), the name model's labels for the town names it
read as persons' or firms', and what annotators mark beyond names in the sentences that tell of an
event: places and groups named by a common noun ("three supply caches", "the enemy") and the
pronouns that stand for actors ("we", "he"). These conventions of conflict reporting hold only in
documents that report conflict or the diplomacy around it (``reports_conflict``); elsewhere (mail,
reviews, other news) annotators mark names alone, a country as a place.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from sitrep.actors.kb import ARMED_GROUP_TYPES, FORCE_HEADS, GROUP_HEADS, load_actor_kb
from sitrep.actors.linker import GENERIC_ACTORS
from sitrep.entities.recognizer import (
    PERSON_TITLES,
    PLACE_HEADS,
    YEAR,
    common_words,
    entity_lexicon,
    is_name_word,
    is_title_word,
)
from sitrep.gazetteer import PlaceRecord
from sitrep.names import is_acronym, name_key
from sitrep.words import Words, doc_words

# Nouns after an organisation's name that annotators take into it: "ISIL fighters" is the group acting.
MEMBER_HEADS = frozenset(GROUP_HEADS | {"fighters", "terrorists", "militants", "members", "service members",
                                        "personnel", "troops", "soldiers", "partners", "forces", "unit", "units",
                                        "group", "network", "cell", "cells", "operatives"})
MEMBER_MODIFIERS = frozenset({"tactical", "terrorist", "military", "fighting", "armed", "security", "special"})
UNIT_WORDS = frozenset({"Force", "Unit", "Group", "Fleet", "Team", "Squadron", "Division", "Brigade", "Battalion",
                        "Regiment", "Wing", "Corps", "Army"})
UNIT_NUMBERS = frozenset({"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"})
_DAY_AFTER_DASH = re.compile(r"^[-–]\d{1,2}$")  # "-19" in "November 18 -19"
_ROMAN_NUMERAL = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(IX|IV|V?I{0,3})$")  # "II" to "XXXIX", not "I" or "V"
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")  # "321st", "3rd"
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
_DATE_NOUNS = frozenset({"past", "last", "next", "previous", "coming", "first", "end", "beginning", "start", "middle",
                         "summer", "winter", "spring", "autumn", "fall", "morning", "evening", "night", "eve",
                         "following"})
STATE_TYPES = frozenset({"state", "government", "international_organization"})  # actor types of diplomacy
# Words that name armed people or their units and means ("fighters", "troops", "gunmen", "Regiment"): an
# armed actor named so is told of as an armed force, not only named as an organisation.
ARMED_WORDS = FORCE_HEADS | frozenset(word for word, kind in GENERIC_ACTORS.items()
                                      if kind in ("unidentified-armed-group", "state_forces")) | frozenset(
    {"regiment", "brigade", "brigades", "battalion", "battalions", "division", "squadron", "corps", "unit"})
# What the actor stage made an organisation, by token span: the entity it was (start, end, label,
# ref), or None for an unnamed group it added (``doc._.acting_entities``).
ActingEntities = dict[tuple[int, int], tuple[int, int, str, str | None] | None]
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                        "northeastern", "northwestern", "southeastern", "southwestern", "central"})


def widen_to_annotated_spans(doc: Doc) -> Doc:
    """The entities' spans as annotators of conflict reporting mark them (see ``_as_annotated``), with
    the name model's labels for the town names it read as persons' or firms' (``name_relabels``)
    and the places, groups and actors that sentences telling of an event name by a common noun or
    a pronoun (``_nominal_mentions``, ``_with_pronouns``) or a demonym before their noun
    (``_demonym_groups``: "Arab citizens"), all as in conflict reporting only where the
    document reports conflict (``reports_conflict``; elsewhere ``_as_named``, and names keep their
    bare spans). The pipeline does this last, so that places and actors keep the bare names as their mentions."""
    ents = list(doc.ents)
    relabels = doc._.name_relabels or {}
    for k, ent in enumerate(ents):
        label = relabels.get((ent.start_char, ent.end_char))
        if label and ent.label_ == "LOCATION":
            ents[k] = Span(doc, ent.start, ent.end, label=label)
    conflict = reports_conflict(doc)
    ents = _names_over_places(doc, ents, conflict)
    ents = [ent for ent in ents if not _code_or_numeral(ent)]
    acting = doc._.acting_entities or {}
    if conflict:
        sentences = _event_sentences(doc)
        words = doc_words(doc)
        ents = [_as_it_was(doc, ent, acting) if _heading(words, ent.start, ent.end) or _with_indefinite_article(
            words, ent.start, ent.end) or _definite_modifier(doc, ent.start, ent.end, acting) else ent for ent in ents]
    else:
        ents, sentences = _as_named(doc, ents, acting), []
    ents = _civilian_nouns_only_where_told(ents, sentences)
    ents = _nominal_mentions(doc, ents, sentences)
    if conflict:
        ents = _demonym_groups(doc, ents)
    ents = _as_annotated(ents, conflict)
    doc.set_ents(_with_pronouns(doc, ents, sentences))  # as ``doc.ents =``, without a copy of each span
    return doc


def _code_or_numeral(ent: Span) -> bool:
    """Whether an organisation or a place is a currency's code where money is meant ("USD / Euro",
    "20 USD") or a Roman numeral ("Parts V and VI", "Henry VII"): capitals that name no one."""
    if ent.label_ not in ("ORGANIZATION", "LOCATION") or len(ent) != 1:
        return False
    if _ROMAN_NUMERAL.match(ent.text):
        return True
    doc = ent.doc
    return ent.text in _currency_codes() and any(
        0 <= i < len(doc) and (doc[i].like_num or doc[i].text == "/") for i in (ent.start - 1, ent.end))


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _names_over_places(doc: Doc, ents: list[Span], conflict: bool) -> list[Span]:
    """``ents`` with the organisations the name model found named after places ("Air France", "the
    Government of Iraq") and the titled persons it found ("US Ambassador Jon Huntsman";
    ``names_over_places``) in place of the places and persons they hold; outside conflict reporting
    (``conflict``) only those with a capitalised word of their own: "U.S. citizens" there is the place
    and some people, as annotators of other text mark it."""
    for start_char, end_char, label in doc._.names_over_places or []:
        name = doc.char_span(start_char, end_char, label=label)
        inside = [ent for ent in ents if ent.start < name.end and name.start < ent.end]
        if not conflict and all(t.is_lower or not t.is_alpha or any(ent.start <= t.i < ent.end for ent in inside)
                                for t in name):
            continue
        if inside and all(name.start <= ent.start and ent.end <= name.end for ent in inside):
            ents = sorted([ent for ent in ents if ent not in inside] + [name], key=lambda e: e.start)
    return ents


def reports_conflict(doc: Doc) -> bool:
    """Whether the document reports conflict or the diplomacy around it, where annotators of conflict
    reporting mark what acts as they do (countries that act and peoples as organisations, groups
    named by a common noun, pronouns; elsewhere annotators mark names only, a country as a place):
    an armed group or force is named by its armed people, units or means ("Hamas fighters", "US
    troops", "gunmen") or is a party to an event it tells of (one only named, as commentary names
    them, is not enough: "Hamas wants them too, the blogger joked"), or it tells of violence or
    protest with an actor, or of a strategic development or a diplomatic event that someone (no
    firm or civilians) does with a state, a government or an international organisation as a party
    (a firm's deal or agreement in a letter is none, nor "we visited Georgia")."""
    actors = doc._.actors or {}
    types = {f"actor:{linked.entry.id}": linked.entry.type for linked in actors.values()}
    # Who may fight or protest: not civilians alone nor a firm ("capture the children at their best",
    # "a blast of payments into your PayPal account" are no conflict).
    parties = {f"actor:{linked.entry.id}" for linked in actors.values()
               if linked.entry.type != "civilians" and not linked.entry.sector}
    for linked in actors.values():
        if linked.entry.type in ARMED_GROUP_TYPES and any(doc[i].lower_ in ARMED_WORDS for start, end in linked.mentions
                                                          for i in range(start, min(end + 1, len(doc)))):
            return True  # "the Velmar Front fighters", "US troops", "gunmen"
    for event in doc._.events or []:
        if types.get(event.actor1) in ARMED_GROUP_TYPES or types.get(event.actor2) in ARMED_GROUP_TYPES:
            return True
        if event.category not in ("non_acled", "strategic_developments") and (
                event.actor1 in parties or event.actor2 in parties):
            return True
        if (event.category == "strategic_developments" or event.type == "diplomatic_event") and (
                event.actor1 in parties) and (
                types.get(event.actor1) in STATE_TYPES or types.get(event.actor2) in STATE_TYPES):
            return True
    return False


def _heading(words: Words, start: int, end: int) -> bool:
    """Whether the words [start, end) stand alone on their line, a heading ("Syria" over its strikes)."""
    def breaks(i: int) -> bool:
        return i < 0 or i >= len(words) or (words.is_space[i] and "\n" in words.text[i])
    return breaks(start - 1) and (breaks(end) or (end < len(words) and words.text[end] in ".:" and breaks(end + 1)))


def _with_indefinite_article(words: Words, start: int, end: int) -> bool:
    """Whether an indefinite article and adjectives open the phrase the name ending at ``end`` heads: "a
    united and democratic Syria" is the country as it may be, not its state acting ("a U.S. strike" is
    a strike)."""
    if not _used_as_noun(words, end):
        return False
    i = start - 1
    while i >= 0 and start - i <= 4 and (words.is_alpha[i] and words.is_lower[i] and not words.is_stop[i]
                                         or words.text[i] in (",", "and")):
        i -= 1
    return i >= 0 and words.lower[i] in ("a", "an")


def _definite_modifier(doc: Doc, start: int, end: int, acting: ActingEntities) -> bool:
    """Whether the town the actor stage made an organisation (its state's government: "Baghdad said")
    follows "the" and modifies common nouns after it that name no group: in "the Baghdad courtroom"
    the article is the courtroom's, and the city names where it is. A country's name keeps its actor
    there ("the United States strongly condemns": no tagger tells the verb from a noun)."""
    was = acting.get((start, end))
    if was is None or was[2] != "LOCATION" or was[0] == 0 or doc[was[0] - 1].lower_ != "the":
        return False
    kb = load_actor_kb()
    if any(actor.id in kb.state_by_country.values() for actor in kb.lookup(doc[was[0]:was[1]].text)):
        return False
    i = was[1]
    while i < len(doc) and doc[i].is_alpha and doc[i].is_lower and not doc[i].is_stop:
        if doc[i].text in _nominal_nouns():
            return False
        i += 1
    return i > was[1]


def _as_it_was(doc: Doc, ent: Span, acting: ActingEntities) -> Span:
    """The place or demonym ``ent`` was before the actor stage made it an organisation (``ent`` itself if
    it made nothing of it)."""
    was = acting.get((ent.start, ent.end))
    if was is None:
        return ent
    start, end, label, ref = was
    named = Span(doc, start, end, label=label)
    named._.ref = ref
    return named


def _as_named(doc: Doc, ents: list[Span], acting: ActingEntities) -> list[Span]:
    """``ents`` with the places and demonyms the actor stage made organisations as they were named,
    and without the unnamed groups it added ("the traders", "soldiers") or other common nouns ("the
    group", "in town", "60 countries": an organisation in lower case that no knowledge has); a people
    ("the Iraqis") is a nationality."""
    kb = load_actor_kb()
    demonyms = kb.demonyms
    out = []
    for ent in ents:
        if (ent.start, ent.end) in acting:
            if acting[(ent.start, ent.end)] is None:
                continue
            ent = _as_it_was(doc, ent, acting)
        elif ent.label_ == "ORGANIZATION" and len(ent) == 1 and name_key(ent.text) in demonyms:
            ent = Span(doc, ent.start, ent.end, label="NATIONALITY")
        elif ent.label_ == "LOCATION" and ent.text.islower() and (
                ent[-1].lower_ in PLACE_HEADS or _nominal_nouns().get(ent[-1].text) == "LOCATION"):
            continue  # "in town": a place noun names no place
        elif ent.label_ == "ORGANIZATION" and ent.start > 0 and doc[ent.start - 1].lower_ in NOMINAL_DETERMINERS \
                and all(t.is_lower and t.lower_ in common_words() for t in ent):
            continue  # "the group", "our investors": a common noun after its determiner is no name
        elif ent.label_ == "ORGANIZATION" and not any(c.isupper() for c in ent.text) and not kb.has_key(
                name_key(ent.text)):
            continue  # "allies", "60 countries": words in lower case that name no organisation anyone knows
        out.append(ent)
    return out


def _civilian_nouns_only_where_told(ents: list[Span], sentences: list[tuple[int, int]]) -> list[Span]:
    """``ents`` less the civilians named only by a common noun ("people", "children", "family")
    outside the sentences that tell of an event: the actors stage links them wherever they are, but
    they are a group anyone means only where something happens to them or is done by them (armed
    groups and forces, "the coalition", "the police", annotators mark everywhere)."""
    return [ent for ent in ents
            if not (ent._.ref or "").startswith("actor:civilians") or any(c.isupper() for c in ent.text)
            or any(start <= ent.start_char < end for start, end in sentences)]


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
    """The character spans of the sentences that tell of an event (``doc._.events``) with an actor:
    a trigger word with neither actor found is weak evidence that its sentence tells of one."""
    return [(s.start, s.end) for event in doc._.events or [] if event.actor1 or event.actor2
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
    lexicon = entity_lexicon()
    return {**{noun: "ORGANIZATION" for noun in lexicon["GROUP_NOUNS"]},
            **{noun: "LOCATION" for noun in lexicon["PLACE_NOUNS"]}}


def _demonym_groups(doc: Doc, ents: list[Span]) -> list[Span]:
    """A demonym before a noun for a group or a person stands for them, as annotators mark it: "Arab
    citizens", "the Syrian opposition", "Kurdish and Yezidi fighters" are organisations, "the Iraqi
    commander" a person (in documents that report conflict; elsewhere a demonym is a nationality)."""
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


def _as_annotated(ents: list[Span], conflict: bool) -> list[Span]:
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
    Outside conflict reporting (``conflict`` false) names keep their bare spans, as annotators of other
    text mark them ("Bush", not "President Bush"; "Birmingham" and "UK", not "Birmingham, UK"), and only
    dates and demonyms widen. Places keep their bare names as their mentions (the places stage took them)."""
    if not ents:
        return ents
    doc = ents[0].doc
    words = doc_words(doc)
    texts, lowered = words.text, words.lower
    out, previous_end = [], 0
    next_starts = [e.start for e in ents[1:]] + [len(doc)]
    places = {mention: p.record for p in doc._.places or [] for mention in p.mentions}
    absorbed = None  # an entity the one before took in
    for k, (ent, next_start) in enumerate(zip(ents, next_starts, strict=True)):
        if ent is absorbed:
            continue
        start, ref, label = ent.start, ent._.ref, ent.label_
        if not conflict and label not in ("DATE", "NATIONALITY"):
            out.append(ent)
            previous_end = ent.end
            continue
        if out and out[-1].label_ == "LOCATION" and out[-1].end + 1 == start and texts[start - 1] == "," \
                and _lies_in(places.get(_chars(out[-1])), places.get(_chars(ent))):
            ref, label = out[-1]._.ref, "LOCATION"  # "Palmyra, Syria" is one place, Palmyra
            start = out.pop().start
            previous_end = out[-1].end if out else 0
        if label == "NATIONALITY":
            if out and out[-1].label_ == "NATIONALITY" and out[-1].end == start:
                start = out.pop().start  # "Shia Arab"
                previous_end = out[-1].end if out else 0
            elif start - 2 >= previous_end and texts[start - 1] == "-" and lowered[start - 2] == "non":
                start -= 2  # "non-Yazidis"
        kind_before = False  # "the city of", "northern" taken into a place's span
        if label == "LOCATION":
            floor = out[-1].start if out and out[-1].label_ == "NATIONALITY" else previous_end
            name_start, start = start, _place_start(doc, words, start, floor)
            kind_before = start < name_start
            while out and out[-1].label_ == "NATIONALITY" and out[-1].start >= start:
                out.pop()  # "the Syrian town of Dabiq" holds its demonym
            previous_end = out[-1].end if out else 0
        if label == "PERSON":
            start = _title_start(words, start, previous_end)
            if out and out[-1].label_ == "PERSON" and is_title_word(words, out[-1].end - 1) and (
                    out[-1].end == start or (out[-1].end + 1 == start and texts[start - 1] == ".")):
                start = out.pop().start  # "Col." or "Turkish Foreign Minister" found apart from the name
                previous_end = out[-1].end if out else 0
            if out and out[-1].label_ == "ORGANIZATION" and out[-1].end == start and is_title_word(
                    words, out[-1].end - 1):
                start = out.pop().start  # "Chinese President Hu Jintao": a government's title is its holder's
                previous_end = out[-1].end if out else 0
            if out and out[-1].end == start and (start < ent.start or is_title_word(words, start)) and (
                    out[-1].label_ == "NATIONALITY" or (len(out[-1]) == 1 and out[-1].label_ in (
                        "ORGANIZATION", "LOCATION"))):
                start = out.pop().start  # whose title: "Russian Foreign Minister Lavrov", "US Secretary of State"
                previous_end = out[-1].end if out else 0
        titled = label == "PERSON" and (start < ent.start or is_title_word(words, start))
        takes_article = label == "ORGANIZATION" or titled or (
            label == "DATE" and lowered[start] in _DATE_NOUNS) or (
            label == "LOCATION" and (kind_before or (
                getattr(places.get(_chars(ent)), "feature", None) != "country" and _used_as_noun(words, ent.end))))
        if takes_article and start > previous_end and lowered[start - 1] == "the":
            start -= 1
        if label == "ORGANIZATION" and start > previous_end and _ORDINAL.match(texts[start - 1]):
            start -= 1  # a unit's number: "321st Field Artillery Regiment"
            if start > previous_end and lowered[start - 1] == "the":
                start -= 1
        end = ent.end
        following = ents[k + 1] if k + 1 < len(ents) else None
        if label == "ORGANIZATION":
            end = _unit_number_end(words, end, next_start)
            members_end = _member_end(words, end, next_start)
            if members_end > end and start == ent.start and start > previous_end and \
                    lowered[start - 1] in ("a", "an"):
                start -= 1  # "an ISIL tactical unit": one of the organisation's units
            end = members_end
        if label == "DATE":
            end = _range_end(words, end, next_start)
            if end > ent.end and following is not None and following.label_ == "DATE" and \
                    following.start == end + 1 and texts[end] == "," and YEAR.match(following.text):
                end, absorbed = following.end, following  # "October 25-26, 2016"
        if label == "PERSON" and all(is_title_word(words, i) for i in range(ent.start, ent.end)) and any(
                lowered[i] in PERSON_TITLES for i in range(ent.start, ent.end)):
            end = _name_end(words, end, next_start)  # "Deputy Secretary of State" found apart from "Tony Blinken"
        if label == "ORGANIZATION" and end == ent.end and texts[end - 1] in GROUPS_OF_PLACES and following \
                and following.label_ == "LOCATION" and following.start == end + 1 and lowered[end] == "of":
            end = following.end  # "the people of Syria": a group of a place
            absorbed = following
        if start < ent.start or end > ent.end:
            extended = Span(doc, start, end, label=label)
            extended._.ref = ref
            ent = extended
        out.append(ent)
        previous_end = ent.end
    return out


def _unit_number_end(words: Words, end: int, limit: int) -> int:
    """Where a numbered unit's name ends: "CTF 50", "Task Force 50", "Mobile Unit Two"."""
    texts = words.text
    last = texts[end - 1]
    counted = end + 1 < len(words) and words.is_lower[end + 1] and texts[end + 1].endswith("s")  # "ISIL 3 times"
    if end < limit and (is_acronym(last) or last in UNIT_WORDS) and not counted and (
            (texts[end].isdigit() and len(texts[end]) <= 3) or texts[end] in UNIT_NUMBERS):
        return end + 1
    return end


def _range_end(words: Words, end: int, limit: int) -> int:
    """Where a date that opens a range of days ends: "October 25-26", "November 16 - 17", "November 18 -19"."""
    texts = words.text
    if end + 1 < limit and texts[end] in ("-", "–") and texts[end + 1].isdigit() and len(texts[end + 1]) <= 2:
        return end + 2
    if end < limit and _DAY_AFTER_DASH.match(texts[end]):
        return end + 1
    return end


def _name_end(words: Words, end: int, limit: int) -> int:
    """Where the name after a title ends ("Deputy Secretary of State" + "Tony Blinken")."""
    texts = words.text
    name_start = end + (end < limit and texts[end] == "." and not words.whitespace[end - 1])  # "Col" "."
    name_end = name_start
    while name_end < limit and is_name_word(texts[name_end], words.lower[name_end]):
        name_end += 1
    return name_end if name_end > name_start else end


def _member_end(words: Words, end: int, limit: int) -> int:
    """Where "ISIL fighters", "ISIL tactical units", "U.S. service members" end, given the name's end."""
    for modifiers in (0, 1):
        for count in (2, 1):
            head_end = end + modifiers + count
            if head_end <= limit and (not modifiers or words.lower[end] in MEMBER_MODIFIERS) and \
                    words.span_text(end + modifiers, head_end).lower() in MEMBER_HEADS:
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


def _place_start(doc: Doc, words: Words, start: int, floor: int) -> int:
    """Where a place's name begins with the words before it that annotators take in: its kind
    ("the port city of Tartus", "the Syrian town of Dabiq") or a direction ("northern Iraq");
    ``words``: those of ``doc``."""
    lowered = words.lower
    if start - 2 >= floor and lowered[start - 1] == "of" and (
            lowered[start - 2] in PLACE_HEADS or _nominal_nouns().get(words.text[start - 2]) == "LOCATION"):
        i = start - 2
        for _ in range(2):  # the kind's modifiers: "port", "Syrian", "northwest"
            if i - 1 >= floor and words.is_alpha[i - 1] and not words.is_stop[i - 1] and (
                    words.is_lower[i - 1] or doc[i - 1].ent_type_ == "NATIONALITY"):
                i -= 1
        return i
    if start - 1 >= floor and lowered[start - 1] in DIRECTIONS:
        return start - 1
    return start


def _used_as_noun(words: Words, end: int) -> bool:
    """Whether the name ending before ``end`` stands as a noun, not as a modifier of the next word
    ("the Red Sea." and "the Gulf, visiting", but "the Mosul offensive", "the U.S. 5th Fleet")."""
    if end >= len(words):
        return True
    return (words.is_punct[end] and words.lower[end] not in ("'s", "’s")) or words.is_space[end] or (
        words.is_lower[end] and words.is_stop[end])


def _title_start(words: Words, start: int, floor: int) -> int:
    """Where the run of capitalised title words before ``start`` begins ("Secretary of State")."""
    i = start
    while i > floor and (is_title_word(words, i - 1) or (
            words.lower[i - 1] == "of" and i - 2 >= 0 and is_title_word(words, i - 2) and is_title_word(words, i))):
        i -= 1
    return i + (i < start and words.text[i] == ".")  # the full stop of a title found apart ("Navy Capt")
