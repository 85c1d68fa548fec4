"""One event per incident within a document: passages that tell of the same event are merged.

A report often returns to its main event in later sentences ("the battle of Fallujah is raging" …
"the ongoing battle for Fallujah" … "the battle for Fallujah is at a stalemate"). Two events are the
same when nothing tells them apart and something ties them: the same type; the same kind of claim
(facts, asserted or reported, merge with each other; a prediction or a denial only with its like);
actors that agree slot by slot (or swapped: "clashes between X and Y" / "Y fought X") where both
name one; places that are the same, or one inside the other's country, or unknown on one side;
dates and death tolls that do not differ; and, so that silence alone merges nothing, a place both
name, the same two sides, or the same name for the event ("the battle for Fallujah"). Each
predicate of one sentence keeps its own event. The merged event keeps the most confident passage
as its trigger, the other passages as evidence, and the most specific place, actors, date and
count any of them gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitrep.report import Event, Evidence

FACTUAL = frozenset({"asserted", "reported"})


@dataclass(frozen=True)
class PlaceInfo:
    """What merging needs to know about a place: its kind and its country."""

    feature: str
    country_code: str | None


def merge_repeated(events: list[Event], places: dict[str, PlaceInfo]) -> list[Event]:
    """Events of one document with repeated mentions of one event merged; sorted by confidence."""
    merged: list[tuple[Event, set[tuple[str, str]]]] = []  # each event with the names its passages give it
    for event in sorted(events, key=lambda e: e.trigger.start):
        names = _names(event.sentence.text)
        for i, (kept, kept_names) in enumerate(merged):
            if _same_event(kept, event, places, bool(kept_names & names)):
                merged[i] = (_combine(kept, event, places), kept_names | names)
                break
        else:
            merged.append((event, names))
    return sorted((event for event, _ in merged), key=lambda e: -e.confidence)


def _same_event(a: Event, b: Event, places: dict[str, PlaceInfo], same_name: bool) -> bool:
    if a.type != b.type:
        return False
    if b.sentence.start in {a.sentence.start, *(e.sentence.start for e in a.evidence)}:
        return False  # each predicate of a sentence keeps its event ("shot and killed", "fled and were shot")
    if a.modality != b.modality and not (a.modality in FACTUAL and b.modality in FACTUAL):
        return False
    if a.fatalities is not None and b.fatalities is not None and a.fatalities != b.fatalities:
        return False
    if not (_agree(a.actor1, b.actor1) and _agree(a.actor2, b.actor2)
            or _agree(a.actor1, b.actor2) and _agree(a.actor2, b.actor1)):
        return False
    if not (_places_agree(a, b, places) and _times_agree(a, b)):
        return False
    # Agreeing by silence is not enough: the passages must both name the place, or both name the
    # same two sides.
    same_place = _known_place(a) is not None and _known_place(b) is not None
    sides = {a.actor1, a.actor2}
    same_sides = None not in sides and len(sides) == 2 and sides == {b.actor1, b.actor2}
    return same_place or same_sides or same_name


# "the battle for Mosul", "the siege of Mariupol": the name a report gives an event it returns to.
EVENT_NAME = re.compile(r"\b(battle|siege|offensive|assault|capture|fall|liberation|recapture|invasion|blockade|"
                        r"massacre)\s+(?:of|for)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?"
                        r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _names(sentence: str) -> set[tuple[str, str]]:
    return {(m.group(1).lower(), m.group(2)) for m in EVENT_NAME.finditer(sentence)}


def _agree(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def _known_place(event: Event) -> str | None:
    """The event's place when the text names it (a document-focus fallback says nothing)."""
    return event.place if event.location_precision == "mentioned" else None


def _places_agree(a: Event, b: Event, places: dict[str, PlaceInfo]) -> bool:
    pa, pb = _known_place(a), _known_place(b)
    if pa is None or pb is None or pa == pb:
        return True
    ia, ib = places.get(pa), places.get(pb)
    if ia is None or ib is None or ia.country_code is None or ia.country_code != ib.country_code:
        return False
    return ia.feature == "country" or ib.feature == "country"  # "in Iraq" … "in Fallujah"


def _times_agree(a: Event, b: Event) -> bool:
    # A time without text is the publication date standing in for an unstated one.
    ta = a.time if a.time and a.time.text else None
    tb = b.time if b.time and b.time.text else None
    return ta is None or tb is None or (ta.start, ta.end) == (tb.start, tb.end)


def _more_specific_place(a: Event, b: Event, places: dict[str, PlaceInfo]) -> Event:
    """Of two events, the one whose place tells more: named over fallback, a town over its country."""
    def rank(event: Event) -> int:
        if event.place is None:
            return 0
        if event.location_precision != "mentioned":
            return 1
        info = places.get(event.place)
        return 2 if info is not None and info.feature == "country" else 3
    return b if rank(b) > rank(a) else a


def _combine(kept: Event, new: Event, places: dict[str, PlaceInfo]) -> Event:
    primary, other = (new, kept) if new.confidence > kept.confidence else (kept, new)
    placed = _more_specific_place(primary, other, places)
    timed = primary if primary.time and primary.time.text else other
    swapped = not (_agree(primary.actor1, other.actor1) and _agree(primary.actor2, other.actor2))
    other_actor1, other_actor2 = (other.actor2, other.actor1) if swapped else (other.actor1, other.actor2)
    evidence = sorted([*kept.evidence, *new.evidence, Evidence(other.trigger, other.sentence)],
                      key=lambda e: e.trigger.start)
    return replace(
        primary,
        actor1=primary.actor1 or other_actor1, actor2=primary.actor2 or other_actor2,
        place=placed.place, location_precision=placed.location_precision,
        time=timed.time or primary.time,
        attribution=primary.attribution or other.attribution,
        modality=primary.modality if primary.attribution or not other.attribution else other.modality,
        fatalities=primary.fatalities if primary.fatalities is not None else other.fatalities,
        evidence=evidence)
