"""How an event trigger reads in its sentence: a verb or a noun ("killed", "the shelling"), the
predicate it stands in with its light verb ("clashes broke out", "launched airstrikes"), active or
passive ("were killed")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sitrep.words import doc_words

IRREGULAR_VERBS = frozenset({"shot", "struck", "fought", "took", "hit", "blew", "overran", "fled", "stole", "beat",
                             "threw", "set", "burnt", "slew", "stormed", "overrun", "taken", "held", "fell", "waylaid"})
VERB_MARKERS = frozenset({"to", "will", "would", "could", "can", "may", "might", "should", "must", "did", "not",
                          "n't", "they", "we"})
# Verbs whose subject or object names the event ("the attack occurred", "began the assault", "a blast
# ripped through the market"), with the particle some need ("took place", "broke out").
LIGHT_VERBS = {"occurred": None, "occurs": None, "occur": None, "happened": None, "erupted": None, "began": None,
               "begun": None, "begin": None, "continued": None, "continue": None, "continues": None,
               "resumed": None, "started": None, "escalated": None, "took": "place", "take": "place",
               "taken": "place", "broke": "out", "break": "out", "went": "off", "go": "off", "goes": "off",
               "ripped": "through", "tore": "through", "slammed": "into", "rocked": None}
# Light verbs whose object names the event ("launched airstrikes", "came under fire"): the event noun
# follows them, or comes first in the passive ("air raids were conducted").
OBJECT_LIGHT_VERBS = {"came": "under", "come": "under", "launched": None, "launch": None, "launches": None,
                      "launching": None, "conducted": None, "conducting": None, "carried": "out", "carry": "out",
                      "carrying": "out", "staged": None, "mounted": None, "waged": None, "initiated": None,
                      "unleashed": None, "stepped": "up", "stepping": "up", "intensified": None,
                      "intensifying": None}
ASPECT_VERBS = frozenset({"began", "begun", "begin", "begins", "started", "starts", "continued", "continues",
                          "resumed", "resume", "kept"})
# Words that open the object of a verb: "bomb a wharf", "attack them".
OBJECT_OPENERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "them", "him", "it", "us",
                            "himself", "themselves", "several", "dozens", "hundreds", "scores"})
# Words ending like a plural subject or an adverb that precede nouns ("its attack", "a weekly patrol").
NOT_SUBJECTS = frozenset({"its", "his", "this", "has", "was", "is", "as", "less", "unless", "across", "plus", "thus",
                          "whereas", "weekly", "daily", "nightly", "early", "deadly", "friendly", "likely", "only"})
CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                            "february", "march", "april", "may", "june", "july", "august", "september", "october",
                            "november", "december"})
HYPHENS = ("-", "–")
LIGHT_VERB_GAP = 6  # tokens allowed between the event noun and its light verb ("continued their heavy assault")
# Phrases that act as a sentence's verb ("another force is on the march").
VERBAL_PHRASES = frozenset({"on the march"})
NOUN_MARKERS = frozenset({"the", "a", "an", "this", "its", "their", "his", "her", "of", "heavy", "fierce",
                          "deadly", "renewed", "sporadic", "recent", "latest"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get"})
# Participles that say what someone is doing, not what was done to them ("were engaged in fighting").
STATIVE_PARTICIPLES = frozenset({"engaged", "involved"})


def is_verb(doc: Doc, start: int, end: int) -> bool:
    """Whether a trigger reads as a verb ("killed", "were shelling", "to capture", "militants detonate
    bombs", "jets patrol the coast") rather than a noun ("the shelling", "the attacks")."""
    words = doc_words(doc)
    lowered, n = words.lower, len(words)
    word = lowered[start]
    if words.span_text(start, end).lower() in VERBAL_PHRASES:
        return True
    following = end if end < n else None
    if start > 0 and lowered[start - 1] == "of" and word.endswith("ing") and following is not None and (
            lowered[following] in OBJECT_OPENERS or words.like_num[following]):
        return True  # a gerund with its object: "accused them of murdering his daughter", "of killing 12"
    if start > 0 and lowered[start - 1] in NOUN_MARKERS or words.is_title[start] and not doc[start].is_sent_start:
        return False  # "the attack"; a name or a month: "on 12 March 2024"
    if start > 0 and lowered[start - 1] in VERB_MARKERS and not word.endswith("s"):
        return True
    if word in IRREGULAR_VERBS or (len(word) > 3 and word.endswith("ed")) or (len(word) > 4 and word.endswith("ing")):
        return True
    # A present tense follows its plural subject or an adverb ("soldiers patrol", "fatally shoots") or
    # takes its object right after it ("patrols the coastline", "kills 12"); a noun does neither.
    previous = start - 1 if start > 0 else None
    if previous is not None and words.is_lower[previous] and words.is_alpha[previous] and \
            lowered[previous] not in NOT_SUBJECTS and (
            lowered[previous].endswith("ly") or (lowered[previous].endswith("s") and not word.endswith("s"))):
        return True
    return following is not None and (lowered[following] in OBJECT_OPENERS or words.like_num[following] or (
        words.is_title[following] and not doc[following].is_sent_start and lowered[following] not in CALENDAR_WORDS))


def predicate(doc: Doc, sentence: Span, start: int, end: int) -> tuple[int, int]:
    """The predicate a trigger stands in: a verb itself; a noun together with the light verb it is
    the subject or object of ("the explosion occurred", "clashes broke out", "continued their
    offensive"). A gerund with a light verb after it is such a noun ("the fiercest fighting took place")."""
    words = doc_words(doc)
    lowered = words.lower

    def light_verb(i: int, noun_first: bool) -> int:
        """Tokens the light verb at ``i`` spans (0 where there is none)."""
        word = lowered[i]
        if word in LIGHT_VERBS:
            particle = LIGHT_VERBS[word]
        elif word in OBJECT_LIGHT_VERBS and (not noun_first or lowered[i - 1] in PASSIVE_AUXILIARIES or (
                i == end and word.endswith("ed"))):  # or right after the noun: "attacks launched by"
            particle = OBJECT_LIGHT_VERBS[word]
        else:
            return 0
        if particle is None:
            return 1
        return 2 if i + 1 < sentence.end and lowered[i + 1] == particle else 0

    after = None
    for i in range(end, min(end + LIGHT_VERB_GAP + 1, sentence.end)):
        if light_verb(i, noun_first=True):
            after = start, i + light_verb(i, noun_first=True)
            break
        if words.is_punct[i] and words.text[i] not in HYPHENS:
            break
    if is_verb(doc, start, end) and not (after and lowered[start].endswith("ing") and not (
            start > sentence.start and lowered[start - 1] in PASSIVE_AUXILIARIES)):
        # "began attacking", "continued to shell": the aspect verb heads the predicate.
        aspect = start - 1 - (start - 1 > sentence.start and lowered[start - 1] == "to")
        if aspect >= sentence.start and lowered[aspect] in ASPECT_VERBS:
            return aspect, end
        return start, end
    if after:
        return after
    for i in range(start - 1, max(start - LIGHT_VERB_GAP - 2, sentence.start - 1), -1):
        if light_verb(i, noun_first=False):
            return i, end
        if words.is_punct[i] and words.text[i] not in HYPHENS:
            break
    return start, end


def is_passive(doc: Doc, sentence: Span, start: int) -> bool:
    """Whether the trigger is a participle after a form of "be": "were killed", "was reportedly shelled"."""
    lowered = doc_words(doc).lower
    word = lowered[start]
    if not (word.endswith(("ed", "en")) or word in IRREGULAR_VERBS):
        return False
    if start + 1 < sentence.end and lowered[start + 1] == "to" or word in STATIVE_PARTICIPLES:
        return False  # a state: "is opposed to", "are committed to", "were engaged in"
    i = start - 1
    if i > sentence.start and (lowered[i].endswith("ly") or lowered[i] in ("also", "not", "later")):
        i -= 1  # "were reportedly killed"
    return i >= sentence.start and lowered[i] in PASSIVE_AUXILIARIES
