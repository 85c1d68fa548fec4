"""Who acted and who was acted on: an event's actor1 and actor2, from the trigger's clause.

The actor before the trigger acts, the one after it is acted on; a passive names the one acted on
first and its agent after "by"; "between X and Y" names both sides; "the town fell to X" makes X
the taker; a noun naming the event in a verb's object is done by the clause's subject; the source
of a claim is no party unless it speaks of itself, or says another must act: then it demands. As
event data codes them, a state is acted on through its territory: a place after a preposition of
direction ("sent aid to Yemen") or, outside political violence, of location ("a curfew in Haiti").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sitrep.events.mentions import MentionIndex
from sitrep.events.modality import SAY_VERBS
from sitrep.events.typology import CATEGORY
from sitrep.events.verbs import HYPHENS, is_passive, is_verb
from sitrep.report import Attribution
from sitrep.words import doc_words

CLAUSE_BOUNDARIES = frozenset({";", "which", "who", "whom", "whose", "where", "while", "said", "says", "told",
                               "according", "although", "whereas"})
DEONTIC_MODALS = frozenset({"must", "should", "ought"})
DEONTIC_WINDOW = 4  # tokens between the modal and the trigger ("must be ready to mediate")
# Words that open a clause of circumstance: a place after them is where something else happened
# ("resigned as the opposition threatened to storm his residence in Tbilisi"). Not boundaries for
# the one acted on, whom a condition may name ("threatened a strike unless Israel rescinded ...").
CIRCUMSTANCE_OPENERS = frozenset({"as", "after", "before", "when", "because", "since", "without", "following"})
# Words between "and" and a verb that shares the subject of the verb before ("and will resign").
AUXILIARIES = frozenset({"will", "would", "has", "have", "had", "was", "were", "is", "are", "could", "can", "may",
                         "might", "then", "later", "also", "subsequently", "eventually", "finally"})
POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
SELF_REFERENCES = frozenset({"it", "they", "he", "she", "we", "its", "their"})
FALL_FORMS = frozenset({"fall", "falls", "fell", "fallen", "falling"})
# Prepositions whose object a measure is directed at ("halted aid to Serbia", "sanctions on Burma",
# "a war against Iraq"), and those naming the territory it is taken in ("a curfew in Haiti").
RECIPIENT_PREPOSITIONS = frozenset({"to", "against", "on", "from", "with", "into", "toward", "towards", "at"})
TERRITORY_PREPOSITIONS = frozenset({"in", "inside", "within", "throughout", "across"})
PREPOSITION_WINDOW = 4  # tokens between a preposition and the place it governs ("in the occupied West Bank")
# Political violence has its targets among the actors; where it happened is its place, not a party.
VIOLENT_CATEGORIES = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians"})
# Nor is the territory a party where a group sets up base or changes its own activity ("built bunkers in Syria").
SELF_DIRECTED_TYPES = frozenset({"headquarters_or_base_established", "change_to_group_activity"})
# Where violence moves from or to is its route, not whom it hits ("fired into Israel" still does).
MOVEMENT_PREPOSITIONS = frozenset({"to", "from", "toward", "towards", "with"})


def assign_roles(doc: Doc, sentence: Span, predicate: tuple[int, int], trigger: tuple[int, int], event_type: str,
                 attribution: Attribution | None, mentions: MentionIndex) -> tuple[str | None, str | None]:
    """(actor1, actor2) of the event whose trigger (token span) stands in ``predicate``, as actor ids."""
    start, end = predicate
    actors, place_states = mentions.actors, mentions.place_states
    starts = doc_words(doc).idx
    if attribution is not None and not _speaks_of_itself(doc, sentence, start, attribution):
        # The source of a claim is not a party to the event it reports, unless it speaks of itself.
        actors = [a for a in actors if not attribution.start <= starts[a[0]] < attribution.end]
        place_states = [p for p in place_states if not attribution.start <= starts[p[0]] < attribution.end]
    territories = _territories(doc, sentence, end, event_type, place_states)
    actor1, actor2 = _clause_roles(doc, sentence, start, end, actors, mentions, territories,
                                   _governed(doc, sentence, predicate, trigger))
    if attribution is not None and actor1 is not None and _obliged(doc, sentence, start):
        # "X said Y must hand over the suspects": what happened is X's demand on Y.
        source = next((a[2] for a in reversed(mentions.actors)
                       if attribution.start <= starts[a[0]] < attribution.end), None)
        if source is not None and source != actor1:
            actor1, actor2 = source, actor1
    if actor2 is None:
        actor2 = next((state for _start, state, _preposition in territories if state != actor1), None)
    return actor1, actor2


def _clause_roles(doc: Doc, sentence: Span, start: int, end: int, actors: list[tuple[int, int, str]],
                  mentions: MentionIndex, territories: list[tuple[int, str, str]],
                  governed: str | None) -> tuple[str | None, str | None]:
    """(actor1, actor2): who acted and who was acted on, as actor ids. A state the event acts
    on through its territory (``_territories``) is the one acted on when named before any
    actor after the trigger ("will withdraw its force from Chad unless President X ...").
    ``governed``: how a trigger that is no verb of its own relates to its clause's (``_governed``)."""
    words = doc_words(doc)
    lowered = words.lower
    inside = [a for a in actors if sentence.start <= a[0] and a[1] <= sentence.end]
    before = [a for a in inside if a[1] <= start]
    after = [a for a in inside if a[0] >= end]
    if lowered[start] in FALL_FORMS and lowered[end - 1] == "to" and after:
        # "the town fell to the rebels": the taker follows "to", the holder (if an actor) comes first.
        holder = before[-1][2] if before else None
        return after[0][2], holder if holder != after[0][2] else None
    # A passive agent: "was shelled by X", "killed by X", or with nobody before the trigger;
    # not "demanded an admission by Moscow", where "by" belongs to a noun.
    passive_voice = is_passive(doc, sentence, start)
    passive = passive_voice or not before or (end < sentence.end and lowered[end] == "by")
    passive_agent = None
    if passive:
        passive_agent = next((a for a in after if a[0] > 0 and lowered[a[0] - 1] == "by"), None)
    if passive and passive_agent is None:
        # "by the US-Iranian-Iraqi force": the agent may sit a few words after "by".
        passive_agent = next((a for a in after if "by" in lowered[max(end, a[0] - 4):a[0]]), None)
    if passive_agent is not None:
        target = before[-1][2] if before else None
        return passive_agent[2], target if target != passive_agent[2] else None
    if passive_voice and before:
        # "seven people were killed": acted on, by someone unnamed; "was arrested in Lebanon": by
        # the state where it was done, unless it was violence (see ``_territories``).
        where = next((t[1] for t in territories if t[2] in TERRITORY_PREPOSITIONS and t[1] != before[-1][2]), None)
        return where, before[-1][2]
    if not before and len(after) >= 2 and any(w in ("between", "with") for w in lowered[end:after[0][0]]):
        return after[0][2], next((a[2] for a in after[1:] if a[2] != after[0][2]), None)
    # "Clashes between the army and ISIS fighters killed 12": the two sides, in the order named.
    sides = [a for a in before if "between" in lowered[max(sentence.start, a[0] - 3):a[0]]]
    if sides:
        other = next((a[2] for a in before if a[0] > sides[-1][0] and a[2] != sides[-1][2]), None)
        if other is not None:
            return sides[-1][2], other
    # Agents of a participle ("trained by Russia") are not the subject of the trigger.
    subjects = [a for a in before if a[0] == 0 or lowered[a[0] - 1] not in ("by", "of")] or before
    clause_subject = _clause_subject(doc, sentence, start, before) if governed else None
    if clause_subject is not None and clause_subject in subjects and governed == "object":
        # "gave the Ivory Coast $5m of aid": the subject acted, on the one named after its verb.
        acted_on = next((a[2] for a in reversed(before) if a[0] > clause_subject[0] and a[2] != clause_subject[2]
                         and any(words.is_lower[clause_subject[1]:a[0]])
                         and not mentions.same_state(clause_subject[2], a[2])), None)
        if acted_on is not None:
            return clause_subject[2], acted_on
    if clause_subject is not None and clause_subject in subjects:
        subjects = [clause_subject]
    actor1 = _described(doc, sentence, subjects, start)[2] if subjects else None
    # The one acted on is named in the trigger's own clause, not after "which", "officials said".
    boundary = _clause_end(doc, sentence, end)
    # Nor is it the acting state's own ("withdraw its troops", "Britain mobilised army reservists");
    # a name after a possessive is another party ("a dispute with its European Union partners").
    acted_on = next((a for a in after if a[2] != actor1 and a[0] < boundary
                     and (lowered[a[0] - 1] not in POSSESSIVES or words.text[a[0]][:1].isupper())
                     and not (actor1 is not None and mentions.same_state(actor1, a[2]))), None)
    territory = next((t for t in territories if t[1] != actor1), None)
    if territory is not None and acted_on is not None and territory[2] in TERRITORY_PREPOSITIONS and \
            "against" in lowered[territory[0]:acted_on[0]]:
        territory = None  # "rallied in Gaza against the party's leader": whom it is against, not where
    if territory is not None and (acted_on is None or territory[0] < acted_on[0]):
        return actor1, territory[1]
    return actor1, acted_on[2] if acted_on else None


def _territories(doc: Doc, sentence: Span, trigger_end: int, event_type: str,
                 place_states: list[tuple[int, int, str]]) -> list[tuple[int, str, str]]:
    """(token, state, preposition) for the states an event may act on through their territory,
    as event data codes it: the places the trigger's clause names as the object of a
    preposition of direction ("halted aid to Serbia", "the blockade of Serbia") or, unless the
    event is political violence or a group's own base or activity, of one of location ("imposed a
    curfew in Haiti"). Violence is not done to where it moves to or from ("advanced to Raqqa")."""
    category = CATEGORY[event_type]
    boundary = _clause_end(doc, sentence, trigger_end, CLAUSE_BOUNDARIES | CIRCUMSTANCE_OPENERS)
    territories = []
    for place_start, _place_end, state in place_states:
        if place_start < trigger_end or place_start >= boundary:
            continue
        preposition = _governing_preposition(doc, place_start, trigger_end)
        if category in VIOLENT_CATEGORIES and preposition in MOVEMENT_PREPOSITIONS:
            continue  # "advancing to cut the Raqqa-Aleppo road", "on the march from Ain Issa": a route
        if preposition in RECIPIENT_PREPOSITIONS or preposition == "of" or \
                (preposition in TERRITORY_PREPOSITIONS and category not in VIOLENT_CATEGORIES
                 and event_type not in SELF_DIRECTED_TYPES):
            territories.append((place_start, state, preposition))
    return territories


def _governing_preposition(doc: Doc, place_start: int, trigger_end: int) -> str | None:
    """The preposition a place name is the object of: "to Serbia", "in the occupied West Bank",
    "the blockade of Serbia" ("of" only right after the trigger: in "the town of Cizre" it
    belongs to "town")."""
    words = doc_words(doc)
    for i in range(place_start - 1, max(trigger_end, place_start - PREPOSITION_WINDOW - 1) - 1, -1):
        word = words.lower[i]
        if word == "of" and i == trigger_end:
            return word
        if word in RECIPIENT_PREPOSITIONS or word in TERRITORY_PREPOSITIONS:
            return word
        if words.is_punct[i]:
            break
    return None


def _obliged(doc: Doc, sentence: Span, trigger: int) -> bool:
    """Whether the trigger's verb is what someone must or should do ("must hand over", "should be
    ready to mediate")."""
    return any(w in DEONTIC_MODALS for w in doc_words(doc).lower[max(sentence.start, trigger - DEONTIC_WINDOW):trigger])


def _governed(doc: Doc, sentence: Span, predicate: tuple[int, int], trigger: tuple[int, int]) -> str | None:
    """How a trigger that is no verb of its own relates to its clause's verb: "object" for a noun
    naming the event ("gave the Ivory Coast $5m of aid") or a verb of purpose ("will visit X to
    mediate"), "adjunct" for a participle after the clause (", killing one person and arresting
    12") or a verb joined to the clause's first ("kidnapped two advisers and exploded a bomb");
    None for a verb with a subject of its own."""
    start, end = predicate
    if (start, end) != trigger or start == sentence.start:
        return None
    words = doc_words(doc)
    lowered = words.lower
    if not is_verb(doc, start, end) or lowered[start - 1] == "to":
        return "object"
    if lowered[start].endswith("ing") and words.text[start - 1] in (",", "and"):
        return "adjunct"
    joint = start - 1
    while joint > sentence.start and lowered[joint] in AUXILIARIES:
        joint -= 1
    if lowered[joint] == "and":
        return "adjunct"  # "was indicted by the court and will resign": the first verb's subject
    return None


def _clause_subject(doc: Doc, sentence: Span, trigger: int,
                    before: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The first actor of the trigger's clause, for a trigger that is no verb of its own: a noun
    naming the event in a verb's object ("gave the Ivory Coast $5m of aid", "beat up Palestinian
    detainees") or a verb of purpose ("will visit Mauritania and Senegal to mediate"). None when
    two subjects are joined ("Israel and Lebanon renewed negotiations")."""
    words = doc_words(doc)
    lowered = words.lower
    opener = max((i for i in range(sentence.start, trigger) if lowered[i] in CLAUSE_BOUNDARIES or lowered[i] == "that"),
                 default=sentence.start - 1)
    # Not a modifier ("NATO-member Norway").
    in_clause = [a for a in before if a[0] > opener and not (a[1] < len(words) and words.text[a[1]] in HYPHENS)]
    if not in_clause:
        return None
    first = in_clause[0]
    joined = len(in_clause) > 1 and _coordinated(doc, in_clause[1][0]) and not any(
        words.is_lower[i] and lowered[i] not in ("and", "the") for i in range(first[1], in_clause[1][0]))
    return None if joined else first


def _described(doc: Doc, sentence: Span, subjects: list[tuple[int, int, str]], trigger: int) -> tuple[int, int, str]:
    """The subject nearest the trigger, or the one an appositive naming it describes ("Pakistan, a
    key U.S. ally in the war on terror, has refused")."""
    words = doc_words(doc)
    nearest = subjects[-1]
    closing = next((i for i in range(nearest[1], trigger) if words.text[i] == ","), None)
    opening = next((i for i in range(nearest[0] - 1, sentence.start - 1, -1) if words.text[i] == ","), None)
    if closing is None or opening is None or words.lower[opening + 1] not in ("a", "an", "the"):
        return nearest
    return next((a for a in subjects if a[1] == opening), nearest)


def _coordinated(doc: Doc, mention_start: int) -> bool:
    """Whether a mention is joined to what comes before it: "X and (the) Y"."""
    lowered = doc_words(doc).lower
    i = mention_start - 1
    if i > 0 and lowered[i] == "the":
        i -= 1
    return i >= 0 and lowered[i] in ("and", "&")


def _clause_end(doc: Doc, sentence: Span, trigger_end: int, boundaries: frozenset[str] = CLAUSE_BOUNDARIES) -> int:
    """Where the trigger's clause ends: at "which", "officials said", a semicolon."""
    lowered = doc_words(doc).lower
    return next((i for i in range(trigger_end, sentence.end) if lowered[i] in boundaries), sentence.end)


def _speaks_of_itself(doc: Doc, sentence: Span, trigger: int, attribution: Attribution) -> bool:
    """Whether the source of a claim reports what it did itself: "Japan said it had halted aid"."""
    # What was said starts after the say verb; its subject comes first, past "that" and a date
    # ("announced on Monday that he will withdraw", "The ILO (ILO) reiterated its demand").
    between = [t for t in doc[sentence.start:trigger] if t.idx >= attribution.end]
    said = next((k for k, t in enumerate(between) if t.lower_ in SAY_VERBS), -1)
    words = [t for t in between[said + 1:] if not t.is_punct and t.lower_ not in ("that", "on")
             and t.ent_type_ != "DATE"]
    return attribution.end <= doc[trigger].idx and any(t.lower_ in SELF_REFERENCES for t in words[:2])
