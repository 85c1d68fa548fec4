"""Modality and attribution from cue words around an event's trigger.

Precedence when several cues apply: negated > hypothetical > planned > predicted > reported > asserted.
A cue counts only inside a window around the trigger, so "X was shelled; officials said they will
investigate" stays asserted for the shelling.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from sitrep.report import Attribution, Event

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
    doc = sentence.doc
    lo = max(sentence.start, trigger_start - WINDOW_BEFORE)
    hi = min(sentence.end, trigger_end + WINDOW_AFTER)
    before = [t.lower_ for t in doc[lo:trigger_start]]
    after = [t.lower_ for t in doc[trigger_end:hi]]
    near = before + after
    if any(w in NEGATION for w in before[-4:]) or any(w in ("denied", "denies", "deny") for w in near):
        return "negated", attribution
    if any(w in HYPOTHETICAL for w in before) or "in case of" in " ".join(before):
        return "hypothetical", attribution
    if any(w in PLANNED for w in near):
        return "planned", attribution
    if any(w in PREDICTED for w in near) or "going to" in " ".join(near):
        return "predicted", attribution
    if attribution is not None or any(t.lower_ in HEDGES for t in sentence):
        return "reported", attribution
    return "asserted", None


def attribution_of(sentence: Span) -> Attribution | None:
    """The source a sentence attributes its content to: "according to X", "X said/report(s)", "said X"."""
    tokens = list(sentence)
    words = [t.lower_ for t in tokens]
    for i, word in enumerate(words):
        if word == "according" and i + 1 < len(words) and words[i + 1] == "to":
            span = _phrase_after(tokens, i + 2)
            if span:
                return span
        if word in SAY_VERBS and word != "according":
            if word in PARTICIPLE_ADJECTIVES and i > 0 and (words[i - 1] in ADJECTIVE_CONTEXT
                                                            or words[i - 1].endswith("ing")):
                continue
            span = _phrase_before(tokens, i)
            if span is None and i > 0 and words[i - 1] in ",\"”'":
                span = _phrase_after(tokens, i + 1)  # '…," said the ministry'
            if span:
                return span
    return None


_STOP_BEFORE = frozenset({",", ";", ":", "\"", "“", "”", "(", ")", "that", "which", "who", "and", "but", "as", ".",
                          "while", "when", "after", "before", "because", "since", "although", "though", "if",
                          "whereas", "where"})
_SOURCE_WORDS = frozenset({"sources", "source", "officials", "official", "spokesman", "spokeswoman", "spokesperson",
                           "ministry", "police", "army", "military", "witnesses", "residents", "observatory",
                           "agency", "media", "activists", "statement", "government", "office", "group"})


def _phrase_before(tokens: list, verb: int) -> Attribution | None:
    if verb >= 3 and tokens[verb - 1].text == ")" and tokens[verb - 3].text == "(":
        verb -= 3  # "the World Food Program (WFP) said": the name before its acronym
    start = verb
    while start > 0 and verb - start < 8 and (tokens[start - 1].lower_ not in _STOP_BEFORE
                                             or (tokens[start - 1].lower_ == "and" and start - 1 > 0
                                                 and tokens[start - 2].lower_ not in _STOP_BEFORE)):
        start -= 1
    phrase = tokens[start:verb]
    if not phrase or not any(t.text[:1].isupper() or t.lower_ in _SOURCE_WORDS for t in phrase):
        return None
    if all(t.is_stop for t in phrase):
        return None
    return _attribution(phrase)


def _phrase_after(tokens: list, start: int) -> Attribution | None:
    end = start
    while end < len(tokens) and end - start < 8 and tokens[end].text not in {",", ".", ";", ":", "\"", "”", ")"}:
        if end > start and tokens[end].lower_ in ARTICLES and tokens[end - 1].lower_ not in LINKING_WORDS:
            break  # "according to reports the UK is pushing": an article after a noun opens the clause
        end += 1
    phrase = tokens[start:end]
    return _attribution(phrase) if phrase else None


def _attribution(phrase: list) -> Attribution:
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    text = phrase[0].doc[phrase[0].i:phrase[-1].i + 1].text
    return Attribution(text=text, start=start, end=end)


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
    for sentence in doc.sents:
        text = sentence.text  # once: spaCy joins it from the tokens at every access
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
    lead = [t for t in sentence if t.idx < attribution.start and not t.is_punct
            and t.lower_ not in ("according", "to")]
    return len(lead) <= 1
