"""Derive the English given names that make a lone capitalised word a person's name.

    pip install faker==40.63.0
    python tools/derive_given_names.py > src/sitrep/data/entities/given_names.txt

Faker (MIT) ships the given names of its English-speaking locales (the United States' from
census name frequencies, and Britain's, Ireland's and New Zealand's). A lone "Vince", "Anita" or
"Linda" that no preposition makes a place is a person's name far more often than the small town
the gazetteer also knows by it. Only plain ASCII names are kept, one per line, sorted.
"""

from __future__ import annotations

import importlib

LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ")
ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def main() -> None:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ATTRIBUTES:
            names |= {name for name in getattr(provider, attribute, ()) if name.isascii() and name.isalpha()}
    print("\n".join(sorted(names)))


if __name__ == "__main__":
    main()
