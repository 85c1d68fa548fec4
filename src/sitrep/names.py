"""Name keys shared by the gazetteer and the actor knowledge base.

Two keys per name:
- ``name_key``: case- and accent-folded, punctuation and Arabic article particles removed, so
  "Deir ez-Zor", "Deir al-Zor" and "DEIR EZ ZOR" meet;
- ``skeleton_key``: a transliteration skeleton (consonants, one vowel class, common Arabic/Cyrillic
  romanisation pairs merged), so "Dayr az Zawr", "Deir a-Zor", "Ayn Isa"/"Ain Issa", "Kiev"/"Kyiv"
  meet. It collides more, so it is only ever a ranked fallback.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic definite-article particles as romanised in news copy ("al-", "el-", "ad-", "az-", "ash-", "a-").
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "az", "ez", "as", "es", "ash", "esh", "at", "et", "ar", "er",
                       "an", "en", "adh", "ath", "a", "l"})
_APOSTROPHES = "'’‘`´ʼʻʿʾ"
_WORD = re.compile(r"[a-z0-9]+")

# Romanisation pairs that alternate freely in news spellings; applied in order.
_SKELETON_RULES = [
    (re.compile(r"(iyah|iyeh|iya|iyya|iyyah|ieh|ia)\b"), "ia"),
    (re.compile(r"\b(dayr|dair|deyr|der)\b"), "deir"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"sh|sch|ch"), "s"),
    (re.compile(r"ou|oo|w"), "u"),
    (re.compile(r"[qgc]"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dh|th"), "d"),
    (re.compile(r"z"), "s"),
    (re.compile(r"y"), "i"),
    (re.compile(r"h\b"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]
_VOWELS = re.compile(r"(?<=[a-z])[aeiou]+")
_INITIAL_VOWEL = re.compile(r"\b[aeiou]+")


# Letters Unicode does not decompose into a base letter and an accent ("Østfold", "Łódź", "Ðakovo").
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                               "ı": "i", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "þ": "th", "Þ": "Th"})


_ASCII_APOSTROPHES = tuple(c for c in _APOSTROPHES if c.isascii())


def fold(text: str) -> str:
    """Lower-case ASCII form: accents stripped, apostrophes and ʿayn dropped."""
    if text.isascii():  # most text: nothing to decompose, a character loop is the cost otherwise
        for apostrophe in _ASCII_APOSTROPHES:
            text = text.replace(apostrophe, "")  # str.replace: several times faster than str.translate
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in _APOSTROPHES)
    return text.lower()


@lru_cache(maxsize=1 << 18)  # the same n-grams recur across documents; keys are pure functions of names
def name_key(name: str) -> str:
    """Exact-match key: folded, punctuation to spaces, article particles between words dropped."""
    return words_key(_WORD.findall(fold(name)))  # punctuation and spaces separate words


def words_key(words: list[str]) -> str:
    """The ``name_key`` of a name whose folded words are ``words`` (lower-case ASCII letters and digits)."""
    if len(words) < 2:
        return words[0] if words else ""
    # Particles only go between words: a bare "As" or "El" stays a name of its own, and a name of
    # particles alone keeps them all ("El Al" is not "El").
    rest = [w for w in words[1:] if w not in _ARTICLES]
    if words[0] not in _ARTICLES:
        return " ".join([words[0], *rest])
    return " ".join(rest) if rest else " ".join(words)


def opens_with_article(word: str) -> bool:
    """Whether a word is, or opens with, an Arabic article particle: "al-Mu'adham", "ash-Sham", "el"."""
    folded = fold(word)
    return folded.split("-", 1)[0] in _ARTICLES and ("-" in folded or folded in _ARTICLES)


def skeleton_key(name: str) -> str:
    """Transliteration skeleton of ``name_key``: see the module docstring."""
    key = name_key(name)
    for pattern, repl in _SKELETON_RULES:
        key = pattern.sub(repl, key)
    key = _INITIAL_VOWEL.sub("a", key)
    return _VOWELS.sub("", key)


def is_acronym(name: str) -> bool:
    """All-capital short forms ("IS", "SDF", "U.S.") must match case-sensitively."""
    if not name.isupper():
        return False  # the common case, answered without a list of letters: a lower-case letter or none cased
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and all(c.isupper() for c in letters)
