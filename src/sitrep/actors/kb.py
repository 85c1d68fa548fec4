"""The actor knowledge base: data files in ``sitrep/data/actors/`` (format in data/README.md).

States are not listed by hand: every country in ``data/gazetteer/countries.jsonl`` yields three
actors, the state itself (``iraq``), its forces (``iraq-forces``) and its government
(``iraq-government``), with names made from the country's names, demonyms and metonyms
("Iraqi forces", "the Iraqi army", "Baghdad", "the Kremlin").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sitrep.names import is_acronym, name_key

# Nouns that make "<demonym> <noun>" a state's armed forces or its government.
FORCE_NOUNS = ("forces", "army", "troops", "military", "soldiers", "security forces", "armed forces",
               "special forces", "special operations forces", "air force", "navy", "marines", "police",
               "warplanes", "jets", "fighter jets", "aircraft", "drones", "artillery", "tanks",
               "border guards", "national guard", "gendarmerie", "paratroopers", "commandos", "generals",
               "intelligence", "coast guard")
GOVERNMENT_NOUNS = ("government", "authorities", "officials", "regime", "president", "prime minister",
                    "foreign ministry", "defence ministry", "defense ministry", "ministry of defence",
                    "ministry of defense", "interior ministry", "cabinet", "administration", "leadership",
                    "diplomats", "envoy", "ambassador", "embassy", "parliament")
STATE_NOUNS = ("sponsors", "backers", "allies", "proxies", "state")
# The head nouns after a demonym or a country's name (one word) that make it its forces, its
# government or the state itself ("Iraqi troops", "Syrian officials", "Iranian backers").
FORCE_HEADS = frozenset({"force", "forces", "troops", "army", "soldiers", "military", "generals", "jets", "warplanes",
                         "aircraft", "drones", "navy", "police", "militia", "militias", "commandos", "artillery",
                         "fighters", "units", "marines", "airstrikes", "strikes"})
GOVERNMENT_HEADS = frozenset({"government", "authorities", "officials", "regime", "president", "ministry",
                              "minister", "administration", "leadership", "diplomats", "envoy", "cabinet",
                              "leader", "leaders", "parliament"})
STATE_HEADS = frozenset({"sponsors", "sponsor", "backers", "backer", "allies", "ally", "proxies", "war", "partners",
                         "partner",
                         "-backed", "backed", "supported", "led", "trained", "funded", "sponsored", "allied"})
# Nouns that make a demonym or country name before them a group: "Syrian partners", "Iraqi forces".
GROUP_HEADS = FORCE_HEADS | GOVERNMENT_HEADS | (STATE_HEADS - {"war", "-backed", "backed", "supported", "led",
                                                                "trained", "funded", "sponsored", "allied"})
# The actor types that fight: a document naming one reports conflict; only their acronyms are local
# ("PDF" is Myanmar's People's Defence Force only where Myanmar is in the text).
ARMED_GROUP_TYPES = frozenset({"rebel_group", "political_militia", "identity_militia", "state_forces"})

_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # persons' names are compared by slug with every person named before
def slug(text: str) -> str:
    return _SLUG.sub("-", name_key(text)).strip("-")


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str
    type: str
    country_code: str | None
    affiliation: str | None
    aliases: tuple[str, ...] = ()
    sector: str | None = None  # a firm's line of business; None for every actor that is no firm
    # A firm's names that are also ordinary words ("Shell") or names of persons or places ("Dell",
    # "Emirates"): the recogniser takes them for the firm only with evidence of their own.
    word_aliases: tuple[str, ...] = ()
    name_aliases: tuple[str, ...] = ()


class ActorKB:
    """Actors by id and by name. ``lookup`` takes a surface form and returns the actors it names."""

    def __init__(self, entries: list[ActorEntry], demonyms: dict[str, str], countries: dict[str, str]) -> None:
        self.entries = {e.id: e for e in entries}
        self.demonyms = demonyms  # name_key(demonym) -> country code
        self.state_by_country = {cc: slug(name) for cc, name in countries.items()}
        self._by_key: dict[str, list[str]] = {}
        self._acronyms: dict[str, list[str]] = {}
        self.words_after: dict[str, int] = {}  # first word of a name key -> most words such a name has
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                if is_acronym(name):
                    bucket = self._acronyms.setdefault(name.replace(".", ""), [])
                else:
                    key = name_key(name)
                    if not key:
                        continue
                    bucket = self._by_key.setdefault(key, [])
                    first = key.split(" ", 1)[0]
                    self.words_after[first] = max(self.words_after.get(first, 0), key.count(" ") + 1)
                if entry.id not in bucket:
                    bucket.append(entry.id)

    def lookup(self, surface: str) -> list[ActorEntry]:
        """Actors named exactly by ``surface``: acronyms case-sensitively, other names case-folded."""
        ids = self._acronyms.get(surface.replace(".", "")) if is_acronym(surface) else None
        if not ids:
            ids = self._by_key.get(name_key(surface), [])
        return [self.entries[i] for i in ids]

    def has_key(self, key: str) -> bool:
        return key in self._by_key

    def has_acronym(self, surface: str) -> bool:
        """Whether ``surface`` is an acronym some actor is known by ("BP"), not a name in capitals ("SHELL")."""
        return surface.replace(".", "") in self._acronyms

    def state(self, country_code: str, kind: str = "state") -> ActorEntry | None:
        """The state actor of a country, or its ``forces`` / ``government``."""
        base = self.state_by_country.get(country_code)
        if base is None:
            return None
        return self.entries.get(base if kind == "state" else f"{base}-{kind}")


def _read_jsonl(*parts: str) -> list[dict]:
    text = resources.files("sitrep.data").joinpath(*parts).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _state_entries(row: dict) -> list[ActorEntry]:
    cc, name = row["cc"], row["name"]
    base = slug(name)
    adjectives = [d for d in row.get("demonyms", []) if not d.endswith("s") or d.endswith("ss")]
    names = [name, *row.get("aliases", [])]
    forces = [f"{a} {noun}" for a in adjectives for noun in FORCE_NOUNS]
    forces += [f"{n} {noun}" for n in names for noun in ("forces", "army", "armed forces", "military")]
    government = [f"{a} {noun}" for a in adjectives for noun in GOVERNMENT_NOUNS]
    government += [f"{n} government" for n in names] + list(row.get("state_names", []))
    return [
        ActorEntry(base, name, "state", cc, None, tuple(row.get("aliases", []))),
        ActorEntry(f"{base}-forces", f"{name} (state forces)", "state_forces", cc, name, tuple(forces)),
        ActorEntry(f"{base}-government", f"{name} (government)", "government", cc, name, tuple(government)),
    ]


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """States (from the country table) and every ``data/actors/*.jsonl`` file."""
    countries = _read_jsonl("gazetteer", "countries.jsonl")
    entries: list[ActorEntry] = []
    demonyms: dict[str, str] = {}
    for row in countries:
        entries.extend(_state_entries(row))
        for demonym in row.get("demonyms", []):
            demonyms.setdefault(name_key(demonym), row["cc"])
    folder = resources.files("sitrep.data").joinpath("actors")
    for file in sorted(folder.iterdir(), key=lambda p: p.name):
        if not file.name.endswith(".jsonl"):
            continue
        for row in _read_jsonl("actors", file.name):
            entries.append(ActorEntry(row["id"], row["name"], row["type"], row.get("country_code"),
                                      row.get("affiliation"), tuple(row.get("aliases", [])), row.get("sector"),
                                      tuple(row.get("word_aliases", [])), tuple(row.get("name_aliases", []))))
    return ActorKB(entries, demonyms, {row["cc"]: row["name"] for row in countries})
