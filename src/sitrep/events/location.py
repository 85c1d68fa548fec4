"""Where an event happened: a learned choice among the places its sentence names, or none of them.

"ISIS fighters from Raqqa attacked a checkpoint near Manbij" happened near Manbij; "protesters
marched to the US embassy in Ottawa" in Ottawa; "he was killed, officials in Baghdad said" perhaps
nowhere the sentence says. Each place mention in the sentence is a candidate described by a few
general, binary features of how it relates to the event's trigger (the preposition that introduces
it, on which side and how far, what lies between, whether it acts, whether it refines or contains
another place of its phrase); "none" is a candidate too, described by the places the sentence has
and by its verb, read by its stem ("killed", "killing", "kills": "kill"; news tells where a shooting
was more often than where a soldier was killed). A linear score picks one
(``models/event_location.json``, written by ``sitrep train evloc``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from sitrep.words import doc_words

# The word that introduces a place, once "the", directions, place nouns and a possessor are skipped.
PREPOSITION_GROUPS = {"in": "in", "inside": "in", "within": "in", "at": "at", "near": "near", "outside": "near",
                      "around": "near", "off": "near", "close": "near", "outskirts": "near", "from": "from",
                      "of": "of", "to": "to", "into": "to", "towards": "to", "toward": "to", "on": "on",
                      "across": "across", "throughout": "across", "over": "across", "along": "across",
                      "through": "across", "via": "across", "between": "between", "by": "by", "for": "for",
                      "against": "against", "and": "and"}
PLACE_NOUNS = frozenset({"the", "a", "city", "town", "village", "province", "district", "region", "capital",
                         "governorate", "neighbourhood", "neighborhood", "area", "areas", "countryside", "suburb",
                         "outskirts", "border", "northern", "southern", "eastern", "western", "central", "rural",
                         "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "of", "nearby", "port", "camp", "state", "county", "island", "streets"})
# Words that open another clause between the trigger and a place: it may belong to another predicate.
CLAUSE_WORDS = frozenset({"which", "who", "whom", "where", "while", "when", "after", "before", "as", "but",
                          "since", "because", "said", "says", "told", "according", "until", "following"})
DISTANCES = ((2, "near"), (6, "mid"), (12, "far"))  # tokens between trigger and place -> bucket; beyond: "farthest"
NONE = "none"
PHRASE_WORDS = 3  # other words a place phrase may hold between its preposition and the place
BE_FORMS = frozenset({"was", "were", "been", "being", "is", "are"})
# "south of Baghdad", "30 miles from Godhra": a place named as a point of reference, not as where.
COMPASS_POINTS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                            "north-east", "north-west", "south-east", "south-west"})
# How fine a place of each gazetteer feature is, to tell which of two places named together is the
# finer ("the West Bank town of Jenin"); features not listed (city, other, ...) are the finest.
SPECIFICITY = {"country": 0, "region": 0, "admin1": 1, "admin2": 2}
FINEST = 3
PHRASE_GAP = 5  # words at most between two places named as one location
DISTANCE_UNITS = frozenset({"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile",
                            "metres", "meters", "m", "mi"})


@dataclass(frozen=True)
class Candidate:
    start: int  # token offsets of the place mention
    end: int
    place: str  # place id
    feature: str  # the gazetteer feature of the place ("country", "admin1", "city", ...)
    acting: bool  # the mention also names an actor ("Israel captured ...")


def _introducer(doc: Doc, sentence: Span, start: int) -> str:
    """The group of the word that introduces the place mention starting at ``start``."""
    i = _introducer_at(doc, sentence, start)
    if i < sentence.start:
        return "start"
    words = doc_words(doc)
    return PREPOSITION_GROUPS.get(words.lower[i], "punct" if words.is_punct[i] else "other")


def _introducer_at(doc: Doc, sentence: Span, start: int) -> int:
    """The token index of that word (before the sentence when the place phrase opens it). A few other
    words may sit in the phrase ("in the center of Tel Aviv", "in the Los Angeles suburb of Rosemead")
    when a preposition opens it; else the phrase ends before them."""
    words = doc_words(doc)
    i = start - 1
    before_other_words = None  # where the phrase ends if the words skipped lead to no preposition
    skipped = 0
    while i >= sentence.start:
        word = words.lower[i]
        if word in PLACE_NOUNS or word.endswith("ern"):
            i -= 1
        elif word in ("'s", "’s", "s") and i - 1 >= sentence.start:
            i -= 2  # "in Syria's western Hama province": the possessor belongs to the phrase
            while i >= sentence.start and words.text[i] in ("'", "’"):
                i -= 1
        elif skipped < PHRASE_WORDS and words.is_alpha[i] and word not in PREPOSITION_GROUPS and \
                word not in CLAUSE_WORDS and not word.endswith(("ed", "ing")):
            before_other_words = i if before_other_words is None else before_other_words
            skipped += 1
            i -= 1
        else:
            break
    if before_other_words is not None and (i < sentence.start or words.lower[i] not in PREPOSITION_GROUPS):
        return before_other_words
    return i


def candidate_features(doc: Doc, sentence: Span, trigger: tuple[int, int], candidate: Candidate,
                       candidates: list[Candidate]) -> list[str]:
    """The binary features of one candidate place for the event whose trigger spans ``trigger``."""
    start, end = trigger
    words = doc_words(doc)
    texts, lowered = words.text, words.lower
    after = candidate.start >= end
    gap = range(end, candidate.start) if after else range(candidate.end, start)  # the words between them
    side = "after" if after else "before"
    distance = next((name for limit, name in DISTANCES if len(gap) <= limit), "farthest")
    opening = _introducer_at(doc, sentence, candidate.start)
    introducer = _introducer(doc, sentence, candidate.start)
    features = [f"prep_{introducer}", f"{side}_{distance}", f"{side}_prep_{introducer}",
                f"feature_{candidate.feature}"]
    if after and all(lowered[i] in PLACE_NOUNS for i in gap):
        features.append("object_of_trigger")  # "shelled Kharkiv", "captured the town of Manbij"
    if any(lowered[i] in CLAUSE_WORDS for i in gap):
        features.append("clause_between")
    if sum(texts[i] == "," for i in gap) >= 2:
        features.append("commas_between")
    elif any(texts[i] == "," for i in gap):
        features.append("comma_between")
    if start > sentence.start and texts[start - 1] == "," and lowered[start].endswith("ing"):
        features.append(f"participle_{side}")  # "a bomb exploded in Mogadishu, killing five": the same place
    if start > sentence.start and lowered[start - 1] in BE_FORMS:
        features.append(f"passive_{side}")  # "was killed in X" names where more often than "X's forces killed"
    if not after and introducer in ("in", "at", "near") and any(texts[i] == "," for i in gap) and all(
            words.is_space[sentence.start:opening]):
        features.append("opening_frame")  # "In Iraq, the battle of Fallujah is raging"
    # "the West Bank town of Jenin", "Mariupol in eastern Ukraine": where is the finer of the two.
    mine = SPECIFICITY.get(candidate.feature, FINEST)
    named_with = {SPECIFICITY.get(c.feature, FINEST) for c in candidates
                  if c.place != candidate.place and _same_phrase(doc, candidate, c)}
    features += [name for name, kept in (("finer_in_phrase", any(mine > other for other in named_with)),
                                         ("coarser_in_phrase", any(mine < other for other in named_with))) if kept]
    if _reference_point(doc, sentence, candidate.start):
        features.append("reference_point")
    if candidate.acting:
        features.append("acting")
    if doc[candidate.start].ent_type_ == "ORGANIZATION":
        # A capital taken for its government ("Tbilisi said"), a place opening an organisation's name,
        # or a place the actor linker took for one ("patrolled downtown Tbilisi"): the preposition tells.
        features += ["organization", f"organization_prep_{introducer}"]
    following = candidate.end if candidate.end < sentence.end else None
    if following is not None and lowered[following] in ("'s", "’s"):
        features.append("possessor")  # "Iraq's western Anbar province": the place is the one it owns
    elif following is not None and words.is_alpha[following] and words.is_lower[following] and \
            lowered[following] not in PREPOSITION_GROUPS and lowered[following] not in CLAUSE_WORDS:
        features.append("modifier")  # "the Kurdish city of", "a Jewish settlement"
    own_gap = _gap(candidate, trigger)
    nearer = any(c.place != candidate.place and _gap(c, trigger) < own_gap for c in candidates)
    features.append("not_nearest" if nearer else "nearest")
    if any(c.start == candidate.end + 1 and texts[candidate.end] == "," for c in candidates) or any(
            c.end == candidate.start - 1 and texts[c.end] == "," for c in candidates):
        features.append("in_series")  # "Lashkar Gah, Helmand": one of a chain of places
    return features


def none_features(doc: Doc, sentence: Span, trigger: tuple[int, int], candidates: list[Candidate]) -> list[str]:
    """The features of choosing no place the sentence names."""
    introduced = [c for c in candidates if _introducer(doc, sentence, c.start) in ("in", "at", "near", "across")]
    places = len({c.place for c in candidates})
    verb = _stem(doc_words(doc).lower[trigger[0]])
    return [NONE, f"{NONE}_{'some' if introduced else 'no'}_locative", f"{NONE}_{min(places, 3)}_places",
            f"{NONE}_verb_{verb}", f"{NONE}_verb_{verb}_{'some' if introduced else 'no'}_locative"]


def _stem(word: str) -> str:
    """A verb's forms as one: "killed", "killing", "kills", "kill" -> "kill"; "patrolled" -> "patrol";
    "captures", "capture" -> "captur". Crude, but the same for every form a verb's priors are learned from."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    return word.rstrip("e")


def _reference_point(doc: Doc, sentence: Span, start: int) -> bool:
    """Whether the place is named to tell where something else is: "just south of Baghdad", "some
    50 km from Kirkuk", "10 miles (15 kilometers) from the city of San Cristobal"."""
    lowered = doc_words(doc).lower
    i = start - 1
    while i >= sentence.start and lowered[i] in ("the", "city", "town", "village", "of") and not (
            lowered[i] == "of" and i - 1 >= sentence.start and lowered[i - 1] in COMPASS_POINTS):
        i -= 1
    if i - 1 < sentence.start or lowered[i] not in ("of", "from"):
        return False
    if lowered[i] == "of" and lowered[i - 1] in COMPASS_POINTS:
        return True
    return any(w in DISTANCE_UNITS for w in lowered[max(sentence.start, i - 8):i])


def _same_phrase(doc: Doc, a: Candidate, b: Candidate) -> bool:
    """Whether two place mentions name one location together: "the West Bank town of Jenin", "Yala's
    Yaha district", "Mariupol in eastern Ukraine", "Lashkar Gah, Helmand"; not two places listed
    ("Basra and Zubair") or linked by another role ("from Ain Issa to Raqqa")."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = doc[first.end:second.start]
    return len(between) <= PHRASE_GAP and sum(t.text == "," for t in between) <= 1 and all(
        t.lower_ in PLACE_NOUNS or t.lower_ in ("'s", "’s", "in", ",") or
        (t.is_alpha and t.is_lower and t.lower_ not in PREPOSITION_GROUPS and t.lower_ not in CLAUSE_WORDS)
        for t in between)


def _gap(candidate: Candidate, trigger: tuple[int, int]) -> int:
    """Tokens between the trigger and the candidate."""
    return candidate.start - trigger[1] if candidate.start >= trigger[1] else trigger[0] - candidate.end


class LocationModel:
    """Scores candidate places (and none) with learned weights per feature."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score(self, features: list[str]) -> float:
        return sum(self.weights.get(f, 0.0) for f in features)

    def choose(self, doc: Doc, sentence: Span, trigger: tuple[int, int],
               candidates: list[Candidate]) -> Candidate | None:
        """The candidate where the event happened, or None when none of them is."""
        best, best_score = None, self.score(none_features(doc, sentence, trigger, candidates))
        for candidate in candidates:
            score = self.score(candidate_features(doc, sentence, trigger, candidate, candidates))
            if score > best_score:
                best, best_score = candidate, score
        return best


@cache
def load_location_model() -> LocationModel:
    text = resources.files("sitrep.data").joinpath("models", "event_location.json").read_text(encoding="utf-8")
    return LocationModel(json.loads(text)["weights"])
