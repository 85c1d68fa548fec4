"""Modality and attribution from cue words around an event's trigger.

Precedence when several cues apply: negated > hypothetical > planned > predicted > reported > asserted.
A cue counts only inside a window around the trigger, so "X was shelled; officials said they will
investigate" stays asserted for the shelling.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from sitrep.report import Attribution, Event
from sitrep.words import Words, doc_words

NEGATION = frozenset({"not", "no", "never", "n't", "without", "neither", "nor", "denied", "deny", "denies",
                      "denying", "refuted", "dismissed"})
HYPOTHETICAL = frozenset({"if", "unless", "could", "might", "may", "should", "whether", "possibility",
                          "possible", "potential", "would"})
PLANNED = frozenset({"plan", "plans", "planned", "planning", "intend", "intends", "intended", "preparing",
                     "prepares", "aims", "aim", "vowed", "vows", "threatened", "threatens", "plotting", "plotted"})
PREDICTED = frozenset({"will", "'ll", "shall", "expected", "likely", "forecast", "predicted", "upcoming",
                       "imminent", "soon", "gonna"})
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "apparently", "unconfirmed", "claimed", "claims"})
SAY_VERBS = frozenset({"said", "says", "say", "reported", "report", "reports", "claimed", "claim", "claims",
                       "told", "announced", "stated", "confirmed", "added", "alleged", "according", "reiterated",
                       "stressed", "argued"})
# Say verbs that are also adjectives ("alleged war crimes", "the reported attack"): no claim after
# an article, a preposition or an -ing verb.
PARTICIPLE_ADJECTIVES = frozenset({"alleged", "reported", "claimed"})
ADJECTIVE_CONTEXT = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "of", "into",
                               "for", "over", "about", "on", "against", "with", "in", "by", "to", "and", "or"})
WINDOW_BEFORE, WINDOW_AFTER = 6, 10


def modality_of(sentence: Span, trigger_start: int, trigger_end: int,
                attribution: Attribution | None) -> tuple[str, Attribution | None]:
    """Modality of the event whose trigger is tokens [trigger_start, trigger_end) of the doc, in a
    sentence attributed to ``attribution`` (``attribution_of``)."""
    lowered = doc_words(sentence.doc).lower
    lo = max(sentence.start, trigger_start - WINDOW_BEFORE)
    hi = min(sentence.end, trigger_end + WINDOW_AFTER)
    before = lowered[lo:trigger_start]
    after = lowered[trigger_end:hi]
    near = before + after
    if any(w in NEGATION for w in before[-4:]) or any(w in ("denied", "denies", "deny") for w in near):
        return "negated", attribution
    if any(w in HYPOTHETICAL for w in before) or "in case of" in " ".join(before):
        return "hypothetical", attribution
    if any(w in PLANNED for w in near):
        return "planned", attribution
    if any(w in PREDICTED for w in near) or "going to" in " ".join(near):
        return "predicted", attribution
    if attribution is not None or any(w in HEDGES for w in lowered[sentence.start:sentence.end]):
        return "reported", attribution
    return "asserted", None


def attribution_of(sentence: Span) -> Attribution | None:
    """The source a sentence attributes its content to: "according to X", "X said/report(s)", "said X"."""
    words = doc_words(sentence.doc)
    first, last = sentence.start, sentence.end
    lowered = words.lower
    for i in range(first, last):
        word = lowered[i]
        if word == "according" and i + 1 < last and lowered[i + 1] == "to":
            span = _phrase_after(words, i + 2, last)
            if span:
                return span
        if word in SAY_VERBS and word != "according":
            if word in PARTICIPLE_ADJECTIVES and i > first and (lowered[i - 1] in ADJECTIVE_CONTEXT
                                                                or lowered[i - 1].endswith("ing")):
                continue
            span = _phrase_before(words, first, i)
            if span is None and i > first and lowered[i - 1] in ",\"”'":
                span = _phrase_after(words, i + 1, last)  # '…," said the ministry'
            if span:
                return span
    return None


_STOP_BEFORE = frozenset({",", ";", ":", "\"", "“", "”", "(", ")", "that", "which", "who", "and", "but", "as", ".",
                          "while", "when", "after", "before", "because", "since", "although", "though", "if",
                          "whereas", "where"})
_SOURCE_WORDS = frozenset({"sources", "source", "officials", "official", "spokesman", "spokeswoman", "spokesperson",
                           "ministry", "police", "army", "military", "witnesses", "residents", "observatory",
                           "agency", "media", "activists", "statement", "government", "office", "group"})


def _phrase_before(words: Words, first: int, verb: int) -> Attribution | None:
    """The source named before the say verb at word ``verb`` of a sentence that starts at word ``first``."""
    texts, lowered = words.text, words.lower
    if verb - first >= 3 and texts[verb - 1] == ")" and texts[verb - 3] == "(":
        verb -= 3  # "the World Food Program (WFP) said": the name before its acronym
    start = verb
    while start > first and verb - start < 8 and (lowered[start - 1] not in _STOP_BEFORE
                                                 or (lowered[start - 1] == "and" and start - 1 > first
                                                     and lowered[start - 2] not in _STOP_BEFORE)):
        start -= 1
    phrase = range(start, verb)
    if not phrase or not any(texts[i][:1].isupper() or lowered[i] in _SOURCE_WORDS for i in phrase):
        return None
    if all(words.is_stop[i] for i in phrase):
        return None
    return _attribution(words, start, verb)


def _phrase_after(words: Words, start: int, last: int) -> Attribution | None:
    """The source named from word ``start`` on, in a sentence that ends before word ``last``."""
    texts, lowered = words.text, words.lower
    end = start
    while end < last and end - start < 8 and texts[end] not in {",", ".", ";", ":", "\"", "”", ")"}:
        if end > start and lowered[end] in ARTICLES and lowered[end - 1] not in LINKING_WORDS:
            break  # "according to reports the UK is pushing": an article after a noun opens the clause
        end += 1
    return _attribution(words, start, end) if end > start else None


def _attribution(words: Words, start: int, end: int) -> Attribution:
    """The words [start, end) as the source of a claim."""
    return Attribution(text=words.span_text(start, end), start=words.idx[start], end=words.end_char(end - 1))


ARTICLES = frozenset({"the", "a", "an"})
# Words an article may follow inside a source's phrase ("officials in the ministry", "a spokesman for the UN").
LINKING_WORDS = frozenset({"of", "in", "for", "at", "from", "with", "on", "to", "by", "and", "or", "near"})


CARRY_SENTENCES = 3  # how far a source-first reporting frame reaches at most


def carry_attribution(doc: Doc, events: list[Event]) -> list[Event]:
    """Attribution carried over from a sentence that opens with its source ("DEBKA Weekly's sources
    report, …", "According to the UN, …") to the sentences that go on with the same account: the
    next sentence and the rest of its paragraph, up to CARRY_SENTENCES, until a sentence names a
    source of its own. Their asserted events become reported, attributed to that source."""
    carried: dict[int, Attribution] = {}  # sentence start char -> the source it goes on from
    source, left, carrying, new_paragraph = None, 0, False, False
    words = doc_words(doc)
    for sentence in doc.sents:
        text = words.span_text(sentence.start, sentence.end)
        if not text.strip():  # the line-aware splitter keeps line breaks as sentences
            new_paragraph = True
            continue
        own = attribution_of(sentence) if _may_attribute(text) else None
        if own is not None:
            opens = _opens_with_source(sentence, own)
            source, left = (own, CARRY_SENTENCES) if opens else (None, 0)
        elif source is not None and left > 0 and not (carrying and new_paragraph):
            carried[sentence.start_char] = source
            left -= 1
        else:
            source = None
        carrying, new_paragraph = own is None and source is not None, False
    if not carried:
        return events
    out = []
    for event in events:
        attribution = carried.get(event.sentence.start)
        if attribution is not None and event.attribution is None:
            modality = "reported" if event.modality == "asserted" else event.modality
            event = replace(event, modality=modality, attribution=attribution)
        out.append(event)
    return out


def _may_attribute(text: str) -> bool:
    """A cheap test on the text before reading a sentence's tokens for a source."""
    lowered = text.lower()
    return any(word in lowered for word in SAY_VERBS)


def _opens_with_source(sentence: Span, attribution: Attribution) -> bool:
    """Whether the source comes first ("Nonetheless, X sources report, …"), framing what follows."""
    words = doc_words(sentence.doc)
    lead = [i for i in range(sentence.start, sentence.end) if words.idx[i] < attribution.start
            and not words.is_punct[i] and words.lower[i] not in ("according", "to")]
    return len(lead) <= 1
