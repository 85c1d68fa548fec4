"""Sentence-level event detection from the trigger lexicon, with roles, place, time and modality.

Each sentence yields one event per ACLED category its triggers name, plus one for each further
event verb ("shot and killed"), ranked below them. The event-type classifier
(``sitrep.events.classifier``) reads each sentence with a trigger and keeps or corrects its events'
types. How a trigger reads (verb, noun with its light verb, passive) is ``sitrep.events.verbs``;
who acted and who was acted on, ``sitrep.events.roles``. The place is the one the location model
picks among the places the sentence names (``sitrep.events.location``), else, coarser and said so,
the country of the sentence's places or the document's focus place.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitrep.events.classifier import EventClassifier
from sitrep.events.lexicon import TriggerLexicon, TriggerRule
from sitrep.events.location import Candidate, load_location_model
from sitrep.events.mentions import STATE_ACTOR_TYPES, MentionIndex
from sitrep.events.modality import attribution_of, modality_of
from sitrep.events.roles import DEONTIC_MODALS, FALL_FORMS, SELF_REFERENCES, TERRITORY_PREPOSITIONS, assign_roles
from sitrep.events.typology import CATEGORY, PLOVER
from sitrep.events.verbs import HYPHENS, is_passive, is_verb, predicate
from sitrep.report import Attribution, Event, EventTime
from sitrep.report import Span as TextSpan
from sitrep.words import doc_words

# Categories whose verbs stand for events of their own beside a sentence's violence.
OWN_PREDICATE_CATEGORIES = frozenset({"non_acled", "strategic_developments", "protests"})
# Who takes territory decides its type: state forces regain it, anyone else overtakes it.
STATE_FORCE_WORDS = frozenset({"army", "troops", "soldiers", "military", "government", "regime", "police",
                               "security", "forces", "gendarmerie", "marines", "commandos", "troopers"})
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "a dozen": 12, "dozens": 24, "a hundred": 100, "hundreds": 200}
_COUNT = r"(\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_FATALITY_PATTERNS = [
    re.compile(r"\b(?:killing|killed|kills|leaving|left)\s+(?:at\s+least\s+|some\s+|about\s+|nearly\s+)?" + _COUNT
               + r"\b(?!\s*(?:km|kilomet|mile|year|day|hour|percent|%))", re.I),
    re.compile(r"\b(?:at\s+least\s+|some\s+|about\s+|nearly\s+)?" + _COUNT
               + r"\s+(?:[\w-]+\s+){0,4}?(?:were|was|have\s+been|had\s+been|are)?\s*(?:killed|dead|died|slain)\b",
               re.I),
    re.compile(r"\bdeath\s+toll\s+(?:rose\s+|rises\s+|climbed\s+|stands\s+at\s+|reached\s+|of\s+)(?:to\s+)?"
               + _COUNT, re.I),
]
_FATALITY_WORDS = ("kill", "left", "leaving", "dead", "died", "slain", "death")  # one is in every match


# Events whose place is the territory that changes hands.
TERRITORY_TYPES = frozenset({"non_state_actor_overtakes_territory", "government_regains_territory",
                             "non_violent_transfer_of_territory"})
SUBJECT_GAP = 3  # auxiliaries and adverbs between a subject and its verb ("does eventually fall")
WHERE_WINDOW = 4  # lower-case words between such a preposition and the place ("in central and eastern Iraq")
# Words that say an event is under way when reported ("the battle is raging", "the ongoing siege").
ONGOING = frozenset({"ongoing", "raging", "rages", "continuing", "continues", "underway", "stalemate",
                     "persisting", "unabated"})
MODALITY_STRENGTH = ("negated", "hypothetical", "planned", "predicted", "reported", "asserted")
GENERIC_PRIORITY = 60  # rules at or below this are generic violence words
PREDICATE_CONFIDENCE = 0.9  # a further predicate's event, relative to its sentence's own events
LEXICON_RANK = 2  # a rule types its event when the classifier ranks the rule's type this high (see _typed)
# Recognised names whose words are no triggers.
NAME_LABELS = frozenset({"ORGANIZATION", "PERSON", "LOCATION"})
# Nouns of groups and their kit that a trigger noun may modify ("riot police", "aid workers").
MODIFIED_HEADS = frozenset({"police", "policemen", "officers", "squad", "squads", "unit", "units", "gear", "agency",
                            "agencies", "workers", "worker", "groups", "group", "organisations", "organizations",
                            "officials", "experts", "activists", "monitors", "veterans"})
# Words between a modal and its verb ("must not return", "should immediately withdraw").
MODAL_ADVERBS = frozenset({"not", "also", "now", "still", "first", "immediately", "fully", "urgently"})


@dataclass
class _Cue:
    rule: TriggerRule
    start: int
    end: int


@dataclass
class _Typed:
    """A sentence's event before roles and place: its rule, trigger, typing cue and type."""

    rule: TriggerRule
    trigger: _Cue
    typing: _Cue
    type: str


def place_candidates(sentence: Span, mentions: MentionIndex) -> list[Candidate]:
    """The places a sentence names, as candidates for where its events happened."""
    acting = {(a[0], a[1]) for a in mentions.actors}
    return [Candidate(start, end, place, mentions.place_features.get(place, "other"), (start, end) in acting)
            for start, end, place in mentions.places if sentence.start <= start and end <= sentence.end]


def _compound_modifier(doc: Doc, sentence: Span, start: int) -> bool:
    """Whether the word at ``start`` ends a hyphenated compound ("US-led", "Turkish-backed"); a dash
    set off by spaces opens an aside or closes one ("- backed by Hezbollah - liberated the village")."""
    words = doc_words(doc)
    return start - 1 > sentence.start and words.text[start - 1] in HYPHENS and not words.whitespace[start - 1] and \
        not words.whitespace[start - 2]


def _in_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalised trigger is a word of a recognised name ("the Liberation Tigers", "the
    Ceasefire Violations Committee", "Peace Corps")."""
    return doc_words(doc).is_title[start] and any(e.start <= start and end <= e.end and e.label_ in NAME_LABELS
                                                  and e.end - e.start > end - start for e in doc.ents)


def _modifies_group(doc: Doc, sentence: Span, start: int, end: int) -> bool:
    """Whether a one-word trigger is a noun modifying the name of a group or its kit ("riot police",
    "aid agencies", "rights groups"): it says what the group is for, not that something happened."""
    return end - start == 1 and end < sentence.end and doc_words(doc).lower[end] in MODIFIED_HEADS and \
        not is_verb(doc, start, end)


def _adjunct_participle(doc: Doc, sentence: Span, start: int) -> bool:
    """Whether a trigger is a participle set after its clause (", killing three", "and wounding two"):
    it tells more of the clause's event."""
    words = doc_words(doc)
    return start > sentence.start and words.text[start - 1] in (",", "and") and words.lower[start].endswith("ing")


def _lacks_actor(typed: _Typed, event: Event) -> bool:
    """Whether an event of a rule that needs an actor ("deal", "gave", "blocked") names none: the
    word is then no event of the rule's type ("a good deal", "a landslide blocked the road")."""
    return typed.rule.needs_actor and event.type == typed.rule.type and not (event.actor1 or event.actor2)


def _subject_of(doc: Doc, place: Candidate, verb: int) -> bool:
    """Whether a place is the subject of the verb after it: "Mosul fell", "Fallujah does eventually
    fall", "Palmyra was recaptured"; not an actor's origin ("fighters from Idlib seized")."""
    words = doc_words(doc)
    between = range(place.end, verb)
    return len(between) <= SUBJECT_GAP and all(words.is_lower[i] and words.is_alpha[i] for i in between) and \
        not (place.start > 0 and words.lower[place.start - 1] in ("from", "of", "in", "near", "at"))


def _named_as_where(doc: Doc, sentence: Span, start: int) -> bool:
    """Whether a place is named as where something is: "in (central and eastern) Iraq"."""
    words = doc_words(doc)
    for i in range(start - 1, max(sentence.start, start - WHERE_WINDOW) - 1, -1):
        if words.lower[i] in TERRITORY_PREPOSITIONS:
            return True
        if not words.is_lower[i] or words.lower[i] in ("the", "of"):
            return False
    return False


class EventDetector:
    def __init__(self, classifier: EventClassifier | None = None) -> None:
        self.lexicon = TriggerLexicon()
        self.predicate_lexicon = TriggerLexicon("predicates")
        # The rule of "demanded": what a source says another must do is its demand on it.
        self.demand_rule = next(r for r in self.lexicon.rules if r.plover == "DEMAND")
        self.classifier = classifier or EventClassifier.load()
        self.location_model = load_location_model()

    def detect(self, doc: Doc, mentions: MentionIndex, published: str | None) -> list[Event]:
        events = []
        lowered = doc_words(doc).lower
        for sentence in doc.sents:
            words = lowered[sentence.start:sentence.end]
            cues = self._cues(sentence, words)
            # Once per sentence that may hold an event: every event's modality and the demands read it.
            source = attribution_of(sentence) if cues or DEONTIC_MODALS.intersection(words) else None
            obligations = self._obligation_cues(sentence, cues, source)
            if not cues:
                cues, obligations = obligations, []
            typed_events = [(typed, self._event(doc, sentence, typed, mentions, published, source))
                            for typed in self._sentence_events(doc, sentence, cues)]
            kept = [(typed, event) for typed, event in typed_events if not _lacks_actor(typed, event)]
            found, main = [typed for typed, _ in kept], [event for _, event in kept]
            events.extend(main)
            further = cues + self._predicate_cues(sentence, words, cues) + obligations
            for typed in self._predicate_events(doc, sentence, further, found):
                event = self._event(doc, sentence, typed, mentions, published, source)
                if _lacks_actor(typed, event):
                    continue  # "a landslide blocked the road": no one blocked it
                # Ranked below the sentence's own events: a report's leading event stays one of those.
                event.confidence = round(min(e.confidence for e in main) * PREDICATE_CONFIDENCE, 3)
                if event.location_precision is None:
                    # "Seven were killed when a car bomb exploded in Mogadishu": where its incident was.
                    same = next((e for e in main if e.type == event.type and e.location_precision == "mentioned"), None)
                    if same is not None:
                        event.place, event.location_precision = same.place, same.location_precision
                events.append(event)
        events.sort(key=lambda e: -e.confidence)
        return events

    def _predicate_events(self, doc: Doc, sentence: Span, cues: list[_Cue], found: list[_Typed]) -> list[_Typed]:
        """One more event for each event verb the sentence's events do not already have as trigger
        ("a roadside bomb killed one civilian and wounded four", "shot and killed"): event data is
        coded per predicate, each with its own place and roles. Each takes the typing of the
        sentence's event of its own category; a violent verb of another category that of the
        sentence's first event when that is violent too; any other verb its own."""
        if not found:
            return []
        taken = [predicate(doc, sentence, typed.trigger.start, typed.trigger.end) for typed in found]
        extra = []
        for cue in cues:
            if _compound_modifier(doc, sentence, cue.start):
                continue  # "Turkish-backed", "US-led": a modifier, not a predicate
            span = predicate(doc, sentence, cue.start, cue.end)
            is_predicate = span != (cue.start, cue.end) or is_verb(doc, cue.start, cue.end)
            if not is_predicate or any(span[0] < end and start < span[1] for start, end in taken):
                continue
            same = next((typed for typed in found if CATEGORY[typed.type] == CATEGORY[cue.rule.type]), None)
            if same is not None:
                extra.append(_Typed(same.rule, cue, same.typing, same.type))
            elif CATEGORY[cue.rule.type] in OWN_PREDICATE_CATEGORIES or \
                    CATEGORY[found[0].type] in OWN_PREDICATE_CATEGORIES:
                extra.append(_Typed(cue.rule, cue, cue, cue.rule.type))  # "sent aid", "patrolled": another kind
            else:
                first = found[0]  # "wounded four": more of the same violence
                extra.append(_Typed(first.rule, cue, first.typing, first.type))
            taken.append(span)
        return extra

    def _cues(self, sentence: Span, words: list[str]) -> list[_Cue]:
        """The sentence's triggers (``words``: its lower-cased words), less participles that modify a
        name ("US-supported", "Saudi-led"): they describe an actor, not an event of their own; nor do
        words of a name ("the Liberation Tigers") or nouns that modify a group's ("riot police", "aid
        agencies")."""
        doc = sentence.doc
        return [_Cue(rule, sentence.start + start, sentence.start + end)
                for rule, start, end in self.lexicon.cues(words)
                if not (_compound_modifier(doc, sentence, sentence.start + start) and words[start].endswith("ed"))
                and not _in_name(doc, sentence.start + start, sentence.start + end)
                and not _modifies_group(doc, sentence, sentence.start + start, sentence.start + end)]

    def _predicate_cues(self, sentence: Span, words: list[str], cues: list[_Cue]) -> list[_Cue]:
        """The further event verbs of a sentence ("died", "fled") where no trigger already is."""
        if not cues:
            return []
        return [_Cue(rule, sentence.start + start, sentence.start + end)
                for rule, start, end in self.predicate_lexicon.cues(words)
                if not any(sentence.start + start < c.end and c.start < sentence.start + end for c in cues)]

    def _obligation_cues(self, sentence: Span, cues: list[_Cue], attribution: Attribution | None) -> list[_Cue]:
        """The verbs a reported source (``attribution``, the sentence's) says another must or should do
        ("Russia said Sudan must return the helicopter"), where no trigger is: each is a demand of the
        source's on the one obliged (``roles.assign_roles``). Not what the source says it must do
        itself ("said it must act")."""
        if attribution is None:
            return []
        words = doc_words(sentence.doc)
        lowered = words.lower
        modals = [i for i in range(sentence.start + 1, sentence.end) if lowered[i] in DEONTIC_MODALS
                  and lowered[i - 1] not in SELF_REFERENCES]
        found = []
        for modal in modals:
            verb = modal + 1
            while verb < sentence.end and lowered[verb] in MODAL_ADVERBS:
                verb += 1
            if verb >= sentence.end or not words.is_alpha[verb] or not words.is_lower[verb] or \
                    attribution.start <= words.idx[verb] < attribution.end or \
                    any(c.start <= verb < c.end for c in cues):
                continue
            found.append(_Cue(self.demand_rule, verb, verb + 1))
        return found

    def _sentence_events(self, doc: Doc, sentence: Span, cues: list[_Cue]) -> list[_Typed]:
        """One event per ACLED event type the sentence's specific triggers name. Generic triggers
        ("killed", "attacked") type a sentence only when nothing more specific does; otherwise
        they describe the main event ("a roadside bomb killed two"). Each event's trigger is its
        predicate where one is among its cues (the verb), else its most specific cue. The
        classifier reads every sentence with a cue and types its events (see ``_typed``)."""
        specific = [c for c in cues if c.rule.priority > GENERIC_PRIORITY]
        generic = [c for c in cues if c.rule.priority <= GENERIC_PRIORITY]
        groups: dict[str, list[_Cue]] = {}
        if specific:
            for cue in sorted(specific, key=lambda c: -c.rule.priority):
                groups.setdefault(CATEGORY[cue.rule.type], []).append(cue)
            next(iter(groups.values())).extend(generic)
        elif generic:
            groups["generic"] = generic
        if not groups:
            return []
        probabilities = self.classifier.probabilities(doc_words(doc).span_text(sentence.start, sentence.end),
                                                      [c.rule.type for c in cues])
        found = []
        for group in groups.values():
            typing = max(group, key=lambda c: c.rule.priority)
            # The verb, else a noun with its light verb ("jets launched airstrikes": "launched airstrikes");
            # not a participle after its clause: "another bomb went off, killing three" is an explosion
            # first, its killing another predicate (``_predicate_events``).
            verbs = [c for c in group if is_verb(doc, c.start, c.end)
                     and not _adjunct_participle(doc, sentence, c.start)] or [
                c for c in group if predicate(doc, sentence, c.start, c.end) != (c.start, c.end)]
            trigger = min(verbs, key=lambda c: abs(c.start - typing.start)) if verbs else typing
            found.append(self._typed(typing, trigger, probabilities))
        return found

    @staticmethod
    def _typed(typing: _Cue, trigger: _Cue, probabilities: dict[str, float]) -> _Typed:
        """The lexicon's type where the classifier ranks it first or second, else the classifier's
        first type: the lexicon stays where the sentence supports it and the classifier corrects
        it where not ("rallied" in a riot, "killed" in an earthquake). Second rather than third:
        in cross-validation on the written examples the classifier alone types 0.81 right, the
        lexicon 0.61, the lexicon within the first two 0.74, within the first three 0.71."""
        ranked = sorted(probabilities, key=probabilities.get, reverse=True)
        event_type = typing.rule.type if typing.rule.type in ranked[:LEXICON_RANK] else ranked[0]
        return _Typed(typing.rule, trigger, typing, event_type)

    def _event(self, doc: Doc, sentence: Span, typed: _Typed, mentions: MentionIndex,
               published: str | None, source: Attribution | None) -> Event:
        """The event ``typed`` tells of; ``source``: whom its sentence is attributed to (``attribution_of``)."""
        rule, typing = typed.rule, typed.typing
        start, end = predicate(doc, sentence, typed.trigger.start, typed.trigger.end)
        # Modality cues may sit by the verb or by the word that names the event ("the battle for
        # Mosul ... will be fought"): the stronger reading of the two wins.
        readings = [modality_of(sentence, start, end, source), modality_of(sentence, typing.start, typing.end, source)]
        modality, attribution = min(readings, key=lambda r: MODALITY_STRENGTH.index(r[0]))
        event_type = typed.type
        actor1, actor2 = assign_roles(doc, sentence, (start, end), (typed.trigger.start, typed.trigger.end),
                                      event_type, attribution, mentions)
        place, place_precision = self._place(doc, sentence, (start, end), mentions, attribution, event_type)
        if event_type == "non_state_actor_overtakes_territory" and self._state_takes(doc, sentence, start, actor1,
                                                                                   mentions.actor_types):
            event_type = "government_regains_territory"
        words = doc_words(doc)
        trigger = TextSpan(words.idx[start], words.end_char(end - 1), words.span_text(start, end))
        # Specific rules outrank generic ones; named actors and a place in the sentence add a little.
        confidence = 0.35 + 0.5 * rule.priority / 101
        confidence += (0.05 if actor1 or actor2 else 0) + (0.05 if place_precision == "mentioned" else 0)
        sentence_text = words.span_text(sentence.start, sentence.end)
        fingerprint = f"{sentence_text}|{trigger.start}".encode()
        event_id = hashlib.sha1(fingerprint).hexdigest()[:12]
        return Event(
            id=f"event:{event_id}", type=event_type, category=CATEGORY[event_type],
            plover=rule.plover if rule.plover and event_type == rule.type else PLOVER[event_type],
            trigger=trigger, sentence=TextSpan(sentence.start_char, sentence.end_char, sentence_text),
            actor1=actor1, actor2=actor2, place=place, time=self._time(doc, sentence, published),
            modality=modality, attribution=attribution, fatalities=self._fatalities(sentence_text),
            confidence=round(min(0.99, confidence), 3), location_precision=place_precision)

    @staticmethod
    def _state_takes(doc: Doc, sentence: Span, trigger: int, actor1: str | None, actor_types: dict[str, str]) -> bool:
        if actor1 is not None:
            return actor_types.get(actor1) in STATE_ACTOR_TYPES
        return any(w in STATE_FORCE_WORDS for w in doc_words(doc).lower[sentence.start:trigger])

    def _place(self, doc: Doc, sentence: Span, trigger: tuple[int, int], mentions: MentionIndex,
               attribution: Attribution | None, event_type: str) -> tuple[str | None, str | None]:
        """Where the event happened: the place of the sentence the location model picks ("near
        Manbij", not "from Raqqa"; not where the source of a claim is, "officials in Bamako said").
        When it picks none, coarser and said to be so: the country all the sentence's places lie in,
        else the document's focus place, unless the sentence names that place in another role."""
        candidates = place_candidates(sentence, mentions)
        starts = doc_words(doc).idx
        outside_claim = [c for c in candidates
                         if attribution is None or not attribution.start <= starts[c.start] < attribution.end]
        chosen = self.location_model.choose(doc, sentence, trigger, outside_claim)
        if chosen is None and event_type in TERRITORY_TYPES and (
                is_passive(doc, sentence, trigger[0]) or doc_words(doc).lower[trigger[0]] in FALL_FORMS):
            # "Mosul fell to ISIS", "the town of Palmyra was recaptured": the place taken is where it happened.
            taken = [c for c in outside_claim if c.end <= trigger[0] and _subject_of(doc, c, trigger[0])]
            chosen = taken[-1] if taken else None
        if chosen is not None:
            return chosen.place, "mentioned"
        # "another force is on the march from Ain Issa to Raqqa": not at either town, but in their country;
        # "at various locations in central and eastern Iraq": somewhere in the country named as where.
        countries = {mentions.place_countries.get(c.place) for c in candidates}
        country = mentions.country_places.get(countries.pop()) if len(countries) == 1 else None
        if country is not None and all(c.place != country or _named_as_where(doc, sentence, c.start)
                                       for c in outside_claim):
            return country, "sentence_country"
        focus = mentions.focus_place
        if focus is None or any(c.place == focus for c in candidates):
            return None, None
        return focus, "document_focus"

    @staticmethod
    def _time(doc: Doc, sentence: Span, published: str | None) -> EventTime | None:
        expressions = [t for t in doc._.times if sentence.start_char <= t.start < sentence.end_char
                       and (t.value_start or t.value_end)]
        if expressions:
            t = expressions[0]
            return EventTime(start=t.value_start, end=t.value_end, text=t.text, precision=t.precision)
        words = doc_words(doc)
        ongoing = next((i for i in range(sentence.start, sentence.end) if words.lower[i] in ONGOING), None)
        if ongoing is not None:
            # "the battle … is raging": under way when reported, start unknown, no end yet.
            return EventTime(start=published, end=None, text=words.text[ongoing], precision="day")
        if published:
            # No date in the sentence: the report's date, marked by a null text.
            return EventTime(start=published, end=None, text=None, precision="day")
        return None

    @staticmethod
    def _fatalities(sentence: str) -> int | None:
        # Most sentences hold none of the words every pattern needs: a substring test rules them out
        # (in ASCII text, where lower case is what the patterns' IGNORECASE matches).
        if sentence.isascii() and not any(word in sentence.lower() for word in _FATALITY_WORDS):
            return None
        for pattern in _FATALITY_PATTERNS:
            match = pattern.search(sentence)
            if match:
                count = match.group(1).lower()
                value = NUMBER_WORDS.get(count)
                if value is None:
                    try:
                        value = int(count.replace(",", ""))
                    except ValueError:
                        continue
                if value < 100000:
                    return value
        return None
