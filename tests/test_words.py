"""The document's words as lists (``sitrep.words``) read as spaCy's tokens do."""

from __future__ import annotations

import spacy

from sitrep.words import doc_words

TEXT = "Col. Ana Ruiz said  42 U.S.-backed fighters (the \"Tigers\") left Mosul's old town;\nnone stayed."


def test_each_list_holds_what_the_tokens_say() -> None:
    doc = spacy.blank("en").make_doc(TEXT)
    words = doc_words(doc)
    assert len(words) == len(doc)
    for token in doc:
        i = token.i
        assert (words.text[i], words.lower[i], words.idx[i], words.whitespace[i]) == (
            token.text, token.lower_, token.idx, bool(token.whitespace_))
        assert (words.is_alpha[i], words.is_lower[i], words.is_punct[i], words.is_space[i], words.is_stop[i],
                words.is_title[i], words.like_num[i]) == (token.is_alpha, token.is_lower, token.is_punct,
                                                          token.is_space, token.is_stop, token.is_title, token.like_num)


def test_a_stretch_of_words_reads_as_its_span() -> None:
    doc = spacy.blank("en").make_doc(TEXT)
    words = doc_words(doc)
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert words.span_text(start, end) == doc[start:end].text


def test_the_words_are_read_once_per_document() -> None:
    nlp = spacy.blank("en")
    doc = nlp.make_doc(TEXT)
    assert doc_words(doc) is doc_words(doc)
    assert doc_words(nlp.make_doc("")).text == []


def test_the_document_text_and_where_words_end() -> None:
    doc = spacy.blank("en").make_doc(TEXT)
    words = doc_words(doc)
    assert words.doc_text == doc.text == TEXT
    assert [words.end_char(i) for i in range(len(doc))] == [t.idx + len(t) for t in doc]
