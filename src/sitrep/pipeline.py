"""The wiring of the stages: a blank English spaCy pipeline with sitrep's components, and the
conversion of an annotated ``Doc`` into a ``Report``.

Stages, in order (each a spaCy component, usable in other people's pipelines):
``sitrep_sentences`` -> ``sitrep_times`` -> ``sitrep_entities`` -> ``sitrep_places`` ->
``sitrep_actors`` -> ``sitrep_events`` -> ``sitrep_entity_spans``. The document being analysed
travels on ``doc._.document``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from datetime import date

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.actors import load_actor_kb
from sitrep.actors.kb import GROUP_HEADS
from sitrep.actors.linker import STATE_ACT_HEADS, ActorLinker, LinkedActor
from sitrep.entities import EntityRecognizer, load_name_model, widen_to_annotated_spans
from sitrep.entities.conventions import ActingEntities
from sitrep.entities.recognizer import document_text
from sitrep.events import EventDetector
from sitrep.events.mentions import MentionIndex
from sitrep.events.merging import PlaceInfo, merge_repeated
from sitrep.events.modality import carry_attribution
from sitrep.gazetteer import PlaceRecord, load_gazetteer
from sitrep.geo import PlaceResolver, ResolvedPlace, point_precision
from sitrep.ingest import Document
from sitrep.names import name_key
from sitrep.report import Actor, Entity, Event, Place, Report
from sitrep.report import Span as TextSpan
from sitrep.time import find_time_expressions
from sitrep.words import Words, doc_words

for _name, _default in (("document", None), ("times", None), ("places", None), ("actors", None), ("events", None),
                         ("acting_entities", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Span.has_extension("ref"):
    Span.set_extension("ref", default=None)


def _published(doc: Doc) -> date | None:
    document: Document | None = doc._.document
    if document is None or not document.published:
        return None
    return date.fromisoformat(document.published)


@Language.component("sitrep_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Sentences end at . ! ? (after closing quotes) and at line breaks, so titles stand alone."""
    if not len(doc):
        return doc
    words = doc_words(doc).text
    starts = [0] * len(words)  # SENT_START: 1 starts a sentence, -1 does not (a list: numpy items cost more)
    start_next = True
    for i, word in enumerate(words):
        if "\n" in word and word.isspace():
            starts[i] = 1 if start_next or i == 0 else -1
            start_next = True
            continue
        starts[i] = 1 if start_next else -1
        start_next = word in (".", "!", "?") or (start_next and word.isspace())
        if word in ("\"", "”", "'", ")") and i > 0 and words[i - 1] in (".", "!", "?"):
            starts[i] = -1
            start_next = True
    # One array write instead of a per-token setter (which re-checks the document's annotation).
    return doc.from_array([SENT_START], numpy.array(starts, dtype="int32")[:, None].astype("uint64"))


@Language.component("sitrep_times")
def mark_times(doc: Doc) -> Doc:
    doc._.times = find_time_expressions(document_text(doc), _published(doc))
    return doc


@Language.factory("sitrep_entities")
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(load_gazetteer(), load_actor_kb(), load_name_model(nlp.vocab))


# Units that open an organisation's name are mentions of that place ("Ohio Department of Health").
OPENING_PLACE_FEATURES = ("country", "admin1", "admin2")
MAX_OPENING_PLACE_WORDS = 3


class PlaceStage:
    """Resolves LOCATION entities (or, with given toponyms, exactly the given spans) to places.

    A demonym ("Russian") and an organisation that is a place ("the EU") are mentions of their
    country or region too, as geoparsing corpora count them; they keep their entity label, and the
    event stage does not take them for where something happened."""

    def __init__(self) -> None:
        self.resolver = PlaceResolver(load_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        document: Document | None = doc._.document
        given = document is not None and document.toponyms is not None
        if given:
            self._use_given_toponyms(doc, sorted(set(document.toponyms)))
        ents = doc.ents  # once: spaCy builds the spans anew at every access
        words = doc_words(doc)
        spans = sorted(set(document.toponyms)) if given else [
            span for ent in ents for span in self._place_spans(ent, words)]
        doc._.places = self.resolver.resolve(words.doc_text, spans)
        by_span = {m: place for place in doc._.places for m in place.mentions}
        for ent in ents:
            place = by_span.get((ent.start_char, ent.end_char))
            if place is not None and ent.label_ == "LOCATION":
                ent._.ref = place.record.id
        return doc

    def _place_spans(self, ent: Span, words: Words) -> list[tuple[int, int]]:
        """The place mentions an entity holds: a LOCATION; a demonym or organisation that names a
        country, region or capital ("Russian", "the EU", "New Delhi" as the government); the
        country, state or county, or the demonym, that opens an organisation ("Russian government",
        "Sri Lankan army", "Minnesota Department of Transportation", "Rapides Parish Sheriff's Office");
        not a town: "Lincoln Financial", "Reston Virus" are no mentions of a town. ``words``: the document's."""
        if ent.label_ == "LOCATION":
            # "the town", "supply routes" are locations to annotators, but no place to look up.
            capitalised = any(word[:1].isupper() or word[:1].isdigit() for word in words.text[ent.start:ent.end])
            return [(ent.start_char, ent.end_char)] if capitalised else []
        if ent.label_ not in ("NATIONALITY", "ORGANIZATION"):
            return []
        text = words.span_text(ent.start, ent.end)
        if self._names_a_place(text, ("country", "region")) or self._names_a_capital(text):
            return [(ent.start_char, ent.end_char)]
        if ent.label_ == "ORGANIZATION":
            first = ent.start + (words.lower[ent.start] in ("a", "an", "the"))  # "the Ohio Department of Health"
            for size in range(min(ent.end - 1 - first, MAX_OPENING_PLACE_WORDS), 0, -1):  # the longest name first
                if words.is_punct[first + size - 1] or words.text[first + size] in ("-", "–"):
                    continue  # part of a hyphenated word: "Al-Shabaab" opens with no place "Al"
                if self._names_a_place(words.span_text(first, first + size), OPENING_PLACE_FEATURES):
                    return [(words.idx[first], words.end_char(first + size - 1))]
        return []

    def _names_a_place(self, text: str, features: tuple[str, ...]) -> bool:
        return any(r.feature in features for r, _kind in self.resolver.gazetteer.exact(text))

    def _names_a_capital(self, text: str) -> bool:
        capitals = self.resolver.gazetteer.capitals
        return any(r.id in capitals for r, _kind in self.resolver.gazetteer.exact(text))

    @staticmethod
    def _use_given_toponyms(doc: Doc, spans: list[tuple[int, int]]) -> None:
        given = [doc.char_span(s, e, label="LOCATION", alignment_mode="expand") for s, e in spans]
        given = [g for g in given if g is not None]
        kept = [e for e in doc.ents
                if e.label_ != "LOCATION" and not any(e.start < g.end and g.start < e.end for g in given)]
        refs = {(e.start, e.end): e._.ref for e in kept}
        doc.ents = sorted(kept + given, key=lambda s: s.start) if not _overlapping(given) else kept
        for ent in doc.ents:
            ent._.ref = refs.get((ent.start, ent.end))


def _overlapping(spans: list[Span]) -> bool:
    ordered = sorted(spans, key=lambda s: s.start)
    return any(a.end > b.start for a, b in zip(ordered, ordered[1:], strict=False))


@Language.factory("sitrep_places")
def make_place_stage(nlp: Language, name: str) -> PlaceStage:
    return PlaceStage()


class ActorStage:
    def __init__(self) -> None:
        self.linker = ActorLinker(load_actor_kb())

    def __call__(self, doc: Doc) -> Doc:
        by_tokens: dict[tuple[int, int], PlaceRecord] = {}
        by_chars = {m: p.record for p in doc._.places or [] for m in p.mentions}
        ents = doc.ents  # once: spaCy builds the spans anew at every access
        for ent in ents:
            record = by_chars.get((ent.start_char, ent.end_char))
            if record is not None:
                by_tokens[(ent.start, ent.end)] = record
        doc._.actors = self.linker(doc, by_tokens, _focus_country(doc, ents))
        self._label_acting_places(doc)
        return doc

    @staticmethod
    def _label_acting_places(doc: Doc) -> None:
        """A country or capital that acts ("Iraq and the coalition agreed", "Washington said") is an
        organisation as an entity (it stays a mention of its place), and so is an unnamed group; a
        demonym naming who did an act stays a nationality ("an Indian proposal")."""
        acting = {(s, e): f"actor:{a.entry.id}" for a in (doc._.actors or {}).values() for s, e in a.mentions}
        # What each organisation made here was before (None: nothing, an unnamed group), for the last
        # stage, which keeps these conventions of conflict reporting to documents that report conflict.
        made: ActingEntities = {}
        ents = []
        for ent in doc.ents:
            ref = acting.get((ent.start, ent.end))
            names_act = ref is not None and ent.label_ == "NATIONALITY" and \
                ActorLinker.head_after(doc, ent.end) in STATE_ACT_HEADS
            if ent.label_ in ("LOCATION", "NATIONALITY") and ref and not names_act:
                # "our Syrian partners", "Turkish allies": the group, head noun included, is the organisation.
                end = ent.end + (ent.end < len(doc) and doc_words(doc).lower[ent.end] in GROUP_HEADS)
                relabelled = Span(doc, ent.start, end, label="ORGANIZATION")
                relabelled._.ref = ref
                made[(ent.start, end)] = (ent.start, ent.end, ent.label_, ent._.ref)
                ents.append(relabelled)
            else:
                ents.append(ent)
        # Unnamed groups that act or are acted on ("the fighters", "civilians") are organisations too.
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        for (start, end), ref in acting.items():
            if not any(i in taken for i in range(start, end)):
                group = Span(doc, start, end, label="ORGANIZATION")
                group._.ref = ref
                made[(start, end)] = None
                ents.append(group)
        ents.sort(key=lambda e: e.start)
        refs = {(e.start, e.end): e._.ref for e in ents}
        kept = filter_spans(ents)
        doc.set_ents(kept)  # as ``doc.ents =``, without a copy of each span
        for ent in kept:
            ent._.ref = refs.get((ent.start, ent.end))
        doc._.acting_entities = made


@Language.factory("sitrep_actors")
def make_actor_stage(nlp: Language, name: str) -> ActorStage:
    return ActorStage()


class EventStage:
    def __init__(self) -> None:
        self.detector = EventDetector()

    def __call__(self, doc: Doc) -> Doc:
        document: Document | None = doc._.document
        mentions = mention_index(doc)
        events = self.detector.detect(doc, mentions, document.published if document else None)
        _add_acted_on_places(doc, events, mentions)
        events = carry_attribution(doc, events)
        known = {p.record.id: PlaceInfo(p.record.feature, p.record.country_code) for p in doc._.places or []}
        doc._.events = merge_repeated(events, known)
        return doc


def _add_acted_on_places(doc: Doc, events: list[Event], mentions: MentionIndex) -> None:
    """A place through which an event names a state as a party ("halted aid to Serbia", "was
    arrested in Lebanon") becomes a mention of that state, which joins the document's actors."""
    kb = load_actor_kb()
    actors = doc._.actors if doc._.actors is not None else {}
    for event in events:
        for start, end, state in mentions.place_states:
            if state in (event.actor1, event.actor2) and event.sentence.start <= doc[start].idx < event.sentence.end:
                entry = kb.entries[state.removeprefix("actor:")]
                linked = actors.setdefault(entry.id, LinkedActor(entry))
                if (start, end) not in linked.mentions:
                    linked.mentions.append((start, end))
    doc._.actors = actors


def mention_index(doc: Doc) -> MentionIndex:
    """The actor and place mentions of a document annotated up to the actor stage, by token."""
    actors = [(s, e, f"actor:{a.entry.id}") for a in (doc._.actors or {}).values() for s, e in a.mentions]
    kb = load_actor_kb()
    places, place_states = [], []
    # Once: doc.ents builds its spans anew at every access.
    organisations = [(e.start, e.end) for e in doc.ents if e.label_ == "ORGANIZATION"]
    for place in doc._.places or []:
        state = kb.state(place.record.country_code) if place.record.country_code else None
        for start, end in place.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(t.ent_type_ == "NATIONALITY" for t in span) or \
                    _opens_organisation(span, organisations):
                continue
            if name_key(span.text) not in kb.demonyms:
                # A demonym the recogniser took for a name ("Iraqi", "Palestinians") says who, never where.
                places.append((span.start, span.end, place.record.id))
            # A capital or country taken for its government acts itself, it is no territory acted on.
            if state is not None and not any(t.ent_type_ == "ORGANIZATION" for t in span):
                place_states.append((span.start, span.end, f"actor:{state.id}"))
    types = {f"actor:{a.entry.id}": a.entry.type for a in (doc._.actors or {}).values()}
    features = {p.record.id: p.record.feature for p in doc._.places or []}
    countries = {f"actor:{a.entry.id}": a.entry.country_code for a in (doc._.actors or {}).values()}
    located = [p.record for p in doc._.places or [] if p.record.lat is not None]
    named = {place_id for _start, _end, place_id in places}
    return MentionIndex(actors=sorted(actors), places=sorted(places),
                        focus_place=_focus_place(doc._.places or [], places), actor_types=types,
                        place_features=features, actor_countries=countries, place_states=sorted(place_states),
                        place_countries={r.id: r.country_code for r in located},
                        # countries the text names as places, not only through a demonym ("Syrian forces")
                        country_places={r.country_code: r.id for r in located
                                        if r.feature == "country" and r.country_code and r.id in named})


def _opens_organisation(span: Span, organisations: list[tuple[int, int]]) -> bool:
    """Whether a place mention is part of a longer organisation's name ("Syrian Arab Army", "Kabul
    University"; ``organisations`` are their token spans); a capital or country taken for its
    government is an organisation by itself."""
    return any(start <= span.start and span.end <= end and end - start > len(span) for start, end in organisations)


def _focus_country(doc: Doc, ents: tuple[Span, ...]) -> str | None:
    """The country most mentions of places point into; a demonym ("Russian forces shelled
    Kharkiv") names who acts, not where, and counts only when the text names no place. ``ents``:
    those of ``doc``."""
    named = {(e.start_char, e.end_char) for e in ents if e.label_ == "LOCATION"}
    votes: Counter = Counter()
    fallback: Counter = Counter()
    for place in doc._.places or []:
        if place.record.country_code:
            fallback[place.record.country_code] += len(place.mentions)
            votes[place.record.country_code] += sum(m in named for m in place.mentions)
    votes = +votes or fallback
    return votes.most_common(1)[0][0] if votes else None


def _focus_place(places: list[ResolvedPlace], named: list[tuple[int, int, str]]) -> str | None:
    """The place the document is about: the resolved place named most often as a place (demonyms
    and organisations aside), a town before a country."""
    located = {p.record.id: p.record for p in places if p.record.lat is not None}
    counts = Counter()
    for _start, _end, place_id in named:
        if place_id in located:
            counts[place_id] += 1
    if not counts:
        return None
    for place_id, record in located.items():
        if place_id in counts and record.feature != "country":
            counts[place_id] += 0.5
    return counts.most_common(1)[0][0]


@Language.factory("sitrep_events")
def make_event_stage(nlp: Language, name: str) -> EventStage:
    return EventStage()


@Language.component("sitrep_entity_spans")
def entity_spans(doc: Doc) -> Doc:
    """Entity spans as annotators mark them ("the Kurdish YPG", "Col. John Thomas"); last, so that
    places and actors keep the bare names as mentions."""
    return widen_to_annotated_spans(doc)


STAGES = ("sitrep_sentences", "sitrep_times", "sitrep_entities", "sitrep_places", "sitrep_actors", "sitrep_events",
          "sitrep_entity_spans")


def build_pipeline() -> Language:
    """Blank English with sitrep's stages. Loading the gazetteer happens here, once per process."""
    nlp = spacy.blank("en")
    for stage in STAGES:
        nlp.add_pipe(stage)
    return nlp


def annotate_mentions(nlp: Language, document: Document) -> tuple[Doc, MentionIndex]:
    """A document through the stages before the event stage, with the mentions events are built
    from (for learning how events relate to them): the entities as the event stage sees them, before
    the last stage widens their spans."""
    doc = nlp.make_doc(document.text)
    doc._.document = document
    for name, component in nlp.pipeline:
        if name == "sitrep_events":
            break
        doc = component(doc)
    return doc, mention_index(doc)


def analyze_document(nlp: Language, document: Document) -> Report:
    doc = nlp.make_doc(document.text)
    doc._.document = document
    return _analyze(nlp, doc, document)


def analyze_documents(nlp: Language, documents: list[Document]) -> Iterator[Report | Exception]:
    """``analyze_document`` for several documents, in order: each one's report, or the exception its
    analysis raised. The name model reads them all in one pass first (``EntityRecognizer.read_names``)."""
    docs: list[Doc | Exception] = []
    for document in documents:
        try:
            doc = nlp.make_doc(document.text)
            doc._.document = document
            docs.append(doc)
        except Exception as exc:  # one document's failure must not stop the others
            docs.append(exc)
    # Should that fail, the model reads each document alone in its turn, where a failure is that one's.
    with suppress(Exception):
        nlp.get_pipe("sitrep_entities").read_names([doc for doc in docs if isinstance(doc, Doc)])
    for doc, document in zip(docs, documents, strict=True):
        if isinstance(doc, Exception):
            yield doc
            continue
        try:
            yield _analyze(nlp, doc, document)
        except Exception as exc:  # one document's failure must not stop the others
            yield exc


def _analyze(nlp: Language, doc: Doc, document: Document) -> Report:
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return to_report(doc, document)


def to_report(doc: Doc, document: Document) -> Report:
    text = document.text  # Doc.text is rebuilt from the tokens on every access
    entities = [Entity(e.start_char, e.end_char, text[e.start_char:e.end_char], e.label_, e._.ref) for e in doc.ents]
    places = [Place(id=p.record.id, name=p.record.name, lat=p.record.lat, lon=p.record.lon,
                    country_code=p.record.country_code, admin1=p.record.admin1, feature=p.record.feature,
                    geonameid=p.record.geonameid,
                    mentions=[TextSpan(s, e, text[s:e]) for s, e in sorted(p.mentions)],
                    precision=point_precision(p.record))
              for p in doc._.places or []]
    actors = [_actor(doc, text, linked) for linked in (doc._.actors or {}).values()]
    return Report(id=document.id, title=document.title, published=document.published, source=document.source,
                  url=document.url, entities=entities, places=places, actors=actors,
                  events=doc._.events or [], text=document.text)


def _actor(doc: Doc, text: str, linked: LinkedActor) -> Actor:
    """``linked`` as reported; ``text``: the document's (which ``doc`` was made of)."""
    entry = linked.entry
    words = doc_words(doc)
    mentions = [TextSpan(words.idx[s], words.end_char(e - 1), text[words.idx[s]:words.end_char(e - 1)])
                for s, e in sorted(linked.mentions)]
    return Actor(id=f"actor:{entry.id}", name=entry.name, type=entry.type, country_code=entry.country_code,
                 affiliation=entry.affiliation, mentions=mentions)
