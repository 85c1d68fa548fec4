"""A document's words as plain Python lists, read from spaCy once and shared by the stages.

``doc[i]`` makes a new ``Token`` object at every access, and the rules ask about the same words
again and again (their text, lower case, offsets, lexical flags): read from these lists, a question
costs a list index. They hold only what tokenisation fixes, never what a stage annotates (entities,
sentences), so the one copy made for a document (``doc_words``) stays right through the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, LIKE_NUM, LOWER, ORTH, SPACY
from spacy.tokens import Doc

# Where a document keeps its ``Words`` in ``doc.user_data``, spaCy's storage for user data: read there
# directly, not through a ``doc._`` extension, whose every access builds a new accessor object (several
# microseconds, and the rules ask for the words at every turn).
_KEY = ("sitrep", "words")
_FLAGS = [IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, LIKE_NUM, SPACY]


@dataclass(frozen=True)
class Words:
    """Token i's attributes at index i of each list, as spaCy's ``Token`` gives them."""

    text: list[str]
    lower: list[str]  # ``lower_``
    idx: list[int]  # where the word starts in the document's text
    is_alpha: list[bool]
    is_lower: list[bool]
    is_punct: list[bool]
    is_space: list[bool]
    is_stop: list[bool]
    is_title: list[bool]
    like_num: list[bool]
    whitespace: list[bool]  # whether a space follows the word
    doc_text: str  # ``doc.text``, which spaCy joins anew from the tokens at every access

    def __len__(self) -> int:
        return len(self.text)

    def end_char(self, i: int) -> int:
        """Where word ``i`` ends in the document's text."""
        return self.idx[i] + len(self.text[i])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``: the words [start, end) with the spaces between them."""
        return self.doc_text[self.idx[start]:self.end_char(end - 1)] if end > start else ""


def doc_words(doc: Doc) -> Words:
    """The words of ``doc``, read once and kept with it (in ``doc.user_data``)."""
    words = doc.user_data.get(_KEY)
    if words is None:
        words = doc.user_data[_KEY] = _read(doc)
    return words


def _read(doc: Doc) -> Words:
    strings = doc.vocab.strings
    orth, lower, idx = doc.to_array([ORTH, LOWER, IDX]).T.tolist() if len(doc) else ([], [], [])
    flags = doc.to_array(_FLAGS).astype(bool).T.tolist() if len(doc) else [[] for _ in _FLAGS]
    text = [strings[h] for h in orth]
    whitespace = flags[-1]
    return Words(text, [strings[h] for h in lower], idx, *flags,
                 "".join(word + " " if space else word for word, space in zip(text, whitespace, strict=True)))
