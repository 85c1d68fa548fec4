"""Derive the common English words that a capital letter alone does not make a name.

    pip install wordfreq==3.1.1
    python tools/derive_common_words.py > src/sitrep/data/entities/common_words.txt

wordfreq (code Apache-2.0, word lists CC BY-SA 4.0) estimates how often each word is written in
English across web, news, subtitles, books and social media. The words written at least once in
~30,000 words (Zipf frequency >= 4.5) are so common that, at the start of a sentence or in text
written in capitals, their capital says nothing: "Okay", "Rest", "Hit" and "Come" are towns in
the gazetteer but seldom meant. Only plain ASCII words are kept, one per line, sorted.
"""

from __future__ import annotations

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 4.5


def main() -> None:
    words = sorted({word for word in top_n_list("en", 20_000)
                    if word.isascii() and word.isalpha() and zipf_frequency(word, "en") >= MIN_ZIPF})
    print("\n".join(words))


if __name__ == "__main__":
    main()
