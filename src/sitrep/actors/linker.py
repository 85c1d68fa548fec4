"""Actor linking and in-document coreference over the recognised entities.

- Knowledge-base organisations keep their ``ref``.
- Acronyms the text defines ("Syrian Democratic Forces-SDF", "Desert Hawks (DH)") join the actor
  they follow, and their later uses become mentions of it.
- Unknown organisations become new actors typed by their head word ("… militia", "… Brigade").
- Persons become person actors; a later partial name ("al-Baghdadi") joins the full one.
- Countries and capitals act when they are not the object of a locative preposition ("trained by
  Russia", "Washington and Moscow", "US-supported"); demonyms act when followed by a force,
  government or sponsor noun ("the Russian sponsors", "US-Iranian-Iraqi siege force"), an official,
  materiel or an act of the state ("a Russian official", "Israeli helicopters", "an Indian
  proposal"); before an unnamed group or what a people owns they are its civilians, fighters or
  protesters ("Rwandan rebels", "Iraqi towns").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.actors.kb import (
    ARMED_GROUP_TYPES,
    FORCE_HEADS,
    GOVERNMENT_HEADS,
    GROUP_HEADS,
    STATE_HEADS,
    ActorEntry,
    ActorKB,
    slug,
)
from sitrep.gazetteer import PlaceRecord
from sitrep.names import is_acronym
from sitrep.words import Words, doc_words

LOCATIVE = frozenset({"in", "into", "inside", "within", "across", "throughout", "near", "around", "from", "to",
                      "towards", "toward", "at", "of", "outside", "through", "over", "on", "via", "between", "and"})
STRICT_LOCATIVE = frozenset({"in", "into", "inside", "within", "near", "from", "to", "towards", "toward", "at",
                             "outside", "through", "via", "around", "across", "throughout"})
# Words after a capital's name that show it is no subject ("Seoul to Manila", "Tehran and Kabul").
NOT_SUBJECT_FOLLOWERS = frozenset({"to", "and", "or", "city", "airport", "province", "area", "region", "street"})
SKIPPABLE = frozenset({"the", "northern", "southern", "eastern", "western", "central", "north", "south", "east",
                       "west", "northeastern", "northwestern", "southeastern", "southwestern", "rural", "greater"})
# Nouns after a demonym or a country's name that stand for its state without being group nouns of
# their own (so the entity stays a nationality or a place): people acting for its government ("a
# Russian official", "an Argentine judge"), its materiel ("Israeli helicopters"), and the acts it
# is the agent of ("an Indian proposal", "Israeli air raids", "US mediation").
OFFICIAL_HEADS = frozenset({"official", "judge", "judges", "court", "negotiator", "negotiators", "diplomat",
                            "mediator", "mediators", "delegation", "delegate", "delegates", "spokesman",
                            "spokeswoman", "representative", "representatives", "ambassador", "ministers"})
MATERIEL_HEADS = frozenset({"helicopters", "helicopter", "tanks", "gunboats", "gunboat", "warships", "warship",
                            "vessels", "planes", "gunships", "peacekeepers", "patrols", "patrol"})
STATE_ACT_HEADS = frozenset({"proposal", "proposals", "plan", "offer", "ultimatum", "mediation", "demand", "demands",
                             "policy", "policies", "rule", "occupation", "aggression", "raid", "raids", "attack",
                             "attacks", "invasion", "initiative", "sanctions", "blockade", "pressure", "threats",
                             "intervention", "offensive", "bombardment", "shelling", "airstrike", "incursion",
                             "incursions", "changes", "request", "warning"})
# Words between a demonym and its noun that leave the noun the head ("Liberian riot police").
# What a people owns ("Iraqi towns", "Palestinian lorries"): after a demonym, that country's civilians,
# as "homes" and "villagers" are.
PROPERTY_HEADS = frozenset({"towns", "villages", "lorries", "trucks", "vehicles", "ships", "boats", "goods",
                            "property", "properties", "businesses", "shops", "farms", "crops", "livestock",
                            "cattle", "fishermen", "websites", "sites"})
# A people's protests are done by its demonstrators ("Palestinian riots", "Iraqi protests"); not
# "strikes", which may be air strikes.
PROTEST_HEADS = {**dict.fromkeys(("protests", "protest", "demonstrations", "demonstration", "rallies", "rally"),
                                 "protesters"),
                 **dict.fromkeys(("riots", "riot", "rioting"), "rioters")}
HEAD_MODIFIERS = frozenset({"siege", "special", "security", "armed", "coalition", "ground", "allied", "backed", "air",
                            "naval", "peace", "peacekeeping", "riot", "suicide"})
HEAD_TYPES = [({"militia", "militias", "milita", "self-defence", "vigilantes", "defence"}, "political_militia"),
              ({"rebels", "rebel", "insurgents", "front", "brigade", "brigades", "battalion", "battalions", "legion",
                "movement", "liberation", "mujahideen", "jihadists"}, "rebel_group"),
              ({"police", "army", "forces", "guard", "guards", "corps", "gendarmerie", "military", "command",
                "division", "regiment"}, "state_forces"),
              ({"ministry", "government", "council", "authority", "administration", "office", "parliament"},
               "government"),
              ({"protesters", "demonstrators"}, "protesters"),
              ({"observatory", "agency", "news", "tv", "television", "radio", "times", "post"}, "media")]


GENERIC_KINDS = {
    "unidentified-armed-group": ("Unidentified armed group", "political_militia"),
    "protesters": ("Protesters", "protesters"),
    "rioters": ("Rioters", "rioters"),
    "civilians": ("Civilians", "civilians"),
}
GENERIC_ACTORS = {word: kind for kind, words in {
    "unidentified-armed-group": ("gunmen", "gunman", "militants", "militant", "assailants", "attackers", "insurgents",
                                 "jihadists", "extremists", "terrorists", "bandits", "kidnappers", "abductors",
                                 "rebels", "guerrillas", "guerrilla", "guerillas", "fighters", "raiders", "islamists",
                                 "separatists", "fundamentalists", "militiamen", "bombers"),
    "protesters": ("protesters", "protestors", "demonstrators", "marchers"),
    "rioters": ("rioters", "mob", "looters"),
    "civilians": ("civilians", "civilian", "villagers", "residents", "farmers", "worshippers", "pilgrims",
                  "passengers", "students", "refugees", "migrants", "shepherds", "herders", "homes", "houses",
                  "prisoner", "prisoners", "detainees", "journalists", "journalist", "children", "women",
                  "people", "family", "families", "traders", "workers", "teachers", "youths", "immigrants",
                  "inhabitants", "population", "settlers", "landowners", "nationals", "citizens", "doctors",
                  "nurses", "businessman", "businessmen", "tourists", "hostages", "missionary", "missionaries"),
    "state_forces": ("troops", "soldiers", "army", "police", "policemen", "gendarmes", "servicemen"),
}.items() for word in words}


# Words for unnamed actors that are also adjectives ("civilian personnel", "a militant group").
ADJECTIVE_ACTOR_WORDS = frozenset({"civilian", "militant", "guerrilla"})


# Words naming a person's role in an organisation or state ("the al-Qaida leader", "ISIS spokesman").
ROLE_WORDS = frozenset({"leader", "commander", "chief", "head", "spokesman", "spokeswoman", "spokesperson",
                        "founder", "president", "emir", "general", "minister", "envoy", "ambassador", "deputy",
                        "official", "ruler", "king", "premier", "chairman", "secretary-general", "mufti"})
LED_BY = {"led": "leader", "headed": "leader", "commanded": "commander", "founded": "founder"}


@dataclass
class LinkedActor:
    entry: ActorEntry
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token offsets


class ActorLinker:
    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self._new: dict[str, ActorEntry] = {}  # actors the current document introduces, by reference

    def __call__(self, doc: Doc, places: dict[tuple[int, int], PlaceRecord],
                 focus_country: str | None = None) -> dict[str, LinkedActor]:
        """Actors of ``doc`` by id. ``places`` maps entity token spans to their resolved place;
        ``focus_country`` is the country the document is about (for "the army", "police")."""
        self._new = {}
        words = doc_words(doc)
        ents = self._join_defined_acronyms(doc, doc.ents)  # read once: spaCy builds the spans anew at every access
        # The countries the text names apart from the acronyms themselves ("DPR" is also a place's alias);
        # not ``focus_country``, which is voted from these same places, the acronyms' readings included.
        acronyms = {(e.start, e.end) for e in ents
                    if e.label_ == "ORGANIZATION" and is_acronym(words.span_text(e.start, e.end))}
        countries = {r.country_code for span, r in places.items() if r.country_code and span not in acronyms}
        unsupported = self._unsupported_acronyms(ents, countries, words)
        if unsupported:
            doc.ents = [e for e in ents if (e.start, e.end) not in unsupported]
            ents = doc.ents
        actors: dict[str, LinkedActor] = {}
        persons: list[str] = []

        def add(entry: ActorEntry, start: int, end: int) -> None:
            linked = actors.setdefault(entry.id, LinkedActor(entry))
            if (start, end) not in linked.mentions:
                linked.mentions.append((start, end))

        for ent in ents:
            if ent.label_ == "ORGANIZATION":
                if not ent._.ref and not any(word[:1].isupper() for word in words.text[ent.start:ent.end]):
                    continue  # "the terrain", "its fighters": no named organisation to make an actor of
                entry = self._organisation(ent)
                ent._.ref = f"actor:{entry.id}"
                add(entry, ent.start, ent.end)
            elif ent.label_ == "PERSON":
                entry = self._person(ent, persons, actors)
                ent._.ref = f"actor:{entry.id}"
                add(entry, ent.start, ent.end)
            elif ent.label_ == "LOCATION":
                record = places.get((ent.start, ent.end))
                entry = self._acting_place(doc, ent, record)
                if entry is not None:
                    add(entry, ent.start, ent.end)
            elif ent.label_ == "NATIONALITY":
                entry = self._acting_nationality(doc, ent)
                if entry is not None:
                    ent._.ref = f"actor:{entry.id}"
                    add(entry, ent.start, ent.end)
        covered = {i for linked in actors.values() for start, end in linked.mentions for i in range(start, end)}
        for i in (i for i, word in enumerate(words.lower) if word in GENERIC_ACTORS):  # the words for unnamed actors
            head_of = i - 1
            while head_of > 0 and words.lower[head_of] in HEAD_MODIFIERS:
                head_of -= 1
            if i in covered or head_of in covered:
                continue  # "ISIS fighters", "Palestinian suicide bombers": the named actor already covers it
            if self._modifies_noun(doc, i):
                continue  # "civilian personnel", "the militant group Hamas": an adjective, no actor
            entry = self._generic(doc, i, focus_country)
            if entry is not None:
                add(entry, i, i + 1)
        self._add_person_roles(doc, ents, actors)
        return actors

    def _unsupported_acronyms(self, ents: tuple[Span, ...], countries: set[str], words: Words) -> set[tuple[int, int]]:
        """Acronym-only mentions of a knowledge-base armed group tied to a country the document never
        mentions ("PDF" in "Print Friendly, PDF & Email" is not Myanmar's People's Defence Force):
        without its full name or its country in the text, nothing supports the link. Media and
        international organisations ("BBC", "UNHCR") are known everywhere. ``ents``, ``words``: the document's."""
        organisations = [(e, is_acronym(words.span_text(e.start, e.end))) for e in ents if e.label_ == "ORGANIZATION"]
        spoken = {e._.ref for e, acronym in organisations if not acronym}
        dropped = set()
        for ent, acronym in organisations:
            if not acronym or not ent._.ref or ent._.ref in spoken:
                continue
            entry = self.kb.entries.get(ent._.ref.removeprefix("actor:"))
            if entry is not None and entry.type in ARMED_GROUP_TYPES and entry.country_code \
                    and entry.country_code not in countries:
                dropped.add((ent.start, ent.end))
        return dropped

    # -- persons' roles -------------------------------------------------------------------
    def _add_person_roles(self, doc: Doc, ents: tuple[Span, ...], actors: dict[str, LinkedActor]) -> None:
        """A person's role and organisation where the text gives them: "Desert Hawks forces, led by
        Mohammed Jaber", "Abu Musab al-Zarqawi, the al-Qaida leader", "ISIS leader al-Baghdadi",
        "Iraq's President Saddam Hussein", "X, commander of the Y". ``ents``: those of ``doc``."""
        names = {f"actor:{a.entry.id}": a.entry.name for a in actors.values()}
        groups = {i: e for e in ents if e.label_ in ("ORGANIZATION", "LOCATION", "NATIONALITY")
                  for i in range(e.start, e.end)}
        for ent in ents:
            if ent.label_ != "PERSON" or not ent._.ref:
                continue
            linked = actors.get(ent._.ref.removeprefix("actor:"))
            if linked is None or linked.entry.affiliation:
                continue
            role = self._role_of(doc, ent, names, groups)
            if role:
                linked.entry = replace(linked.entry, affiliation=role)

    def _role_of(self, doc: Doc, ent: Span, names: dict[str, str], groups: dict[int, Span]) -> str | None:
        def group(i: int) -> str | None:
            """The organisation or country whose entity covers token i."""
            e = groups.get(i)
            return (names.get(e._.ref or "") or self._country_name(e)) if e is not None else None

        # "… forces, led by Mohammed Jaber": the nearest group before "led by".
        texts, lowered = doc_words(doc).text, doc_words(doc).lower
        n = len(lowered)
        if ent.start >= 2 and lowered[ent.start - 1] == "by" and lowered[ent.start - 2] in LED_BY:
            for i in range(ent.start - 3, max(-1, ent.start - 10), -1):
                found = group(i)
                if found:
                    return f"{LED_BY[lowered[ent.start - 2]]} of {found}"
        # "ISIS leader Abu Bakr al-Baghdadi", "Iraq's President Saddam Hussein".
        if ent.start >= 2 and lowered[ent.start - 1] in ROLE_WORDS:
            i = ent.start - 2
            if texts[i] in ("'s", "’s", "'", "’") and i > 0:
                i -= 1
            found = group(i)
            if found:
                return f"{lowered[ent.start - 1]} of {found}"
        # "Abu Musab al-Zarqawi, the al-Qaida leader", "X, commander of the Y".
        i = ent.end
        while i < n and i < ent.end + 2 and lowered[i] in (",", "the", "a", "an"):
            i += 1
        if i < n and lowered[i] in ROLE_WORDS:
            j = i + 1
            while j < n and j < i + 3 and lowered[j] in ("of", "the"):
                j += 1
            found = group(j) if j < n and lowered[i + 1] == "of" else None
            return f"{lowered[i]} of {found}" if found else None
        for j in range(i, min(n, i + 5)):
            if lowered[j] in ROLE_WORDS:
                found = next((g for g in (group(k) for k in range(i, j)) if g), None)
                return f"{lowered[j]} of {found}" if found else None
            if texts[j] in (",", ".", ";") or doc[j].ent_type_ == "PERSON":
                break
        return None

    def _country_name(self, ent: Span) -> str | None:
        """The state a demonym or a country's name stands for ("Iraqi", "Iraq")."""
        country = self.kb.demonyms.get(ent.text.lower())
        if country is None and ent.label_ == "LOCATION":
            country = next((cc for cc, ident in self.kb.state_by_country.items() if ident == slug(ent.text)), None)
        state = self.kb.state(country) if country else None
        return state.name if state else None

    @staticmethod
    def _modifies_noun(doc: Doc, i: int) -> bool:
        """Whether a word for unnamed actors that is also an adjective modifies the noun after it
        ("civilian personnel", "the civilian government", "a militant group"); not before a verb or
        a function word ("a civilian was killed", "a militant opened fire")."""
        words = doc_words(doc)
        if words.lower[i] not in ADJECTIVE_ACTOR_WORDS or i + 1 >= len(words):
            return False
        following = i + 1
        return words.is_alpha[following] and words.is_lower[following] and not words.is_stop[following] and \
            not words.lower[following].endswith(("ed", "ing"))

    def _generic(self, doc: Doc, i: int, focus_country: str | None) -> ActorEntry | None:
        """Unnamed actors as ACLED codes them: "gunmen" (an unidentified armed group), "protesters",
        "villagers" (civilians), "troops" (the state forces of the country the document is about)."""
        kind = GENERIC_ACTORS.get(doc_words(doc).lower[i])
        if kind is None:
            return None
        if kind == "state_forces":
            return self.kb.state(focus_country, "forces") if focus_country else None
        if focus_country:
            return self._generic_of(kind, focus_country)  # ACLED's "Civilians (Mali)"
        name, actor_type = GENERIC_KINDS[kind]
        return ActorEntry(kind, name, actor_type, None, None)

    def _generic_of(self, kind: str, country: str) -> ActorEntry:
        name, actor_type = GENERIC_KINDS[kind]
        state = self.kb.state(country)
        label = state.name if state else country
        return ActorEntry(f"{kind}-{country.lower()}", f"{name} ({label})", actor_type, country, None)

    # -- organisations and persons --------------------------------------------------------
    def _organisation(self, ent: Span) -> ActorEntry:
        if ent._.ref:
            entry = self.kb.entries.get(ent._.ref.removeprefix("actor:")) or self._new.get(ent._.ref)
            if entry is not None:
                return entry
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        people = self.kb.demonyms.get(text.lower()) if text.endswith("s") else None
        if people and self.kb.state(people):
            return self.kb.state(people)  # "the Iraqis have cleared 20 percent of the city"
        words = [w.lower() for w in text.replace("-", " ").split()]
        actor_type = next((t for heads, t in HEAD_TYPES if words and words[-1] in heads), "other")
        country = self.kb.demonyms.get(words[0]) if words else None
        if country and len(words) == 2 and words[1] in GROUP_HEADS:
            # "American backers", "Iraqi generals": the state itself, its forces or its government.
            kind = "forces" if words[1] in FORCE_HEADS else "government" if words[1] in GOVERNMENT_HEADS else "state"
            state = self.kb.state(country, kind)
            if state is not None:
                return state
        if actor_type == "state_forces" and country is None:
            actor_type = "other"
        entry = ActorEntry(f"new-{slug(text)}", text, actor_type, country, None)
        self._new[f"actor:{entry.id}"] = entry
        return entry

    @staticmethod
    def _person(ent: Span, persons: list[str], actors: dict[str, LinkedActor]) -> ActorEntry:
        name = ent.text
        name_slug = slug(name)
        surname_key = slug(name.split()[-1]) if name.split() else name_slug
        for known in persons:
            entry = actors[known].entry
            known_slug = slug(entry.name)
            if known_slug.endswith(surname_key) or name_slug in known_slug:
                return entry
        entry = ActorEntry(f"person-{slug(name)}", name, "person", None, None)
        persons.append(entry.id)
        return entry

    def _join_defined_acronyms(self, doc: Doc, ents: tuple[Span, ...]) -> tuple[Span, ...]:
        """'Syrian Democratic Forces-SDF' / 'Desert Hawks (DH)': the acronym names the preceding actor.
        ``ents``: those of ``doc``; returned as they are after."""
        texts = doc_words(doc).text
        defined: dict[str, Span] = {}
        for ent in ents:
            if ent.label_ != "ORGANIZATION":
                continue
            if ent.end + 1 < len(texts) and texts[ent.end] in ("(", "-", "–") and is_acronym(texts[ent.end + 1]):
                defined[texts[ent.end + 1]] = ent
        if not defined:
            return ents
        for ent in defined.values():
            ent._.ref = f"actor:{self._organisation(ent).id}"
        extra = []
        for token in doc:
            ent = defined.get(token.text)
            if ent is not None:
                span = Span(doc, token.i, token.i + 1, label="ORGANIZATION")
                span._.ref = ent._.ref
                extra.append(span)
        taken = {(e.start, e.end) for e in doc.ents}
        extra = [s for s in extra if (s.start, s.end) not in taken]
        if extra:
            refs = {(s.start, s.end): s._.ref for s in list(doc.ents) + extra}
            doc.ents = filter_spans(list(doc.ents) + extra)
            for ent in doc.ents:
                ent._.ref = refs.get((ent.start, ent.end))
        for ent in doc.ents:
            # The acronym heading a group noun is the same actor: "Desert Hawks-DH forces", "SDF fighters".
            if ent.label_ == "ORGANIZATION" and len(ent) > 1 and ent[0].text in defined \
                    and all(t.lower_ in GROUP_HEADS for t in ent[1:]):
                ent._.ref = defined[ent[0].text]._.ref
        return doc.ents

    # -- states acting through places and demonyms ----------------------------------------
    def _acting_place(self, doc: Doc, ent: Span, record: PlaceRecord | None) -> ActorEntry | None:
        if record is None or record.country_code is None:
            return None
        if self._ends_an_address(doc, ent.start):
            return None  # "Houston, Texas USA", "Ohio 44122 USA", "in Invercargill New Zealand"
        if record.feature == "country":
            kind = "state"
        elif self._is_state_metonym(ent.text, record.country_code):
            kind = "government"
        else:
            return None
        head = self.head_after(doc, ent.end)
        if head in FORCE_HEADS or head in MATERIEL_HEADS:
            kind = "forces"
        elif head in STATE_ACT_HEADS:
            kind = "state"  # "agreed to US mediation": the state acts, wherever it is named
        elif head not in STATE_HEADS and head not in GOVERNMENT_HEADS and head not in OFFICIAL_HEADS:
            # A bare name acts unless it is where something is: "in Syria", "of eastern Syria";
            # a capital standing for its government only yields to strict locatives.
            strict = kind == "government"
            if self._after_locative(doc, ent.start, strict) or (strict and not self._verb_may_follow(doc, ent.end)):
                return None
        return self.kb.state(record.country_code, kind)

    def _acting_nationality(self, doc: Doc, ent: Span) -> ActorEntry | None:
        country = self.kb.demonyms.get(ent.text.lower())
        if country is None:
            return None
        head = self.head_after(doc, ent.end)
        if head in FORCE_HEADS or head in MATERIEL_HEADS:
            return self.kb.state(country, "forces")
        if head in GOVERNMENT_HEADS or head in OFFICIAL_HEADS:
            return self.kb.state(country, "government")
        if head in STATE_HEADS or head in STATE_ACT_HEADS:
            return self.kb.state(country)
        head = head or ""
        kind = "civilians" if head in PROPERTY_HEADS else PROTEST_HEADS.get(head) or GENERIC_ACTORS.get(head)
        if kind in ("civilians", "protesters", "rioters", "unidentified-armed-group"):
            # "Palestinian homes", "Iraqi protesters", "Rwandan rebels", "Palestinian riots": that
            # country's civilians, demonstrators or armed groups.
            return self._generic_of(kind, country)
        return None

    def _is_state_metonym(self, text: str, country_code: str) -> bool:
        government = self.kb.state(country_code, "government")
        lowered = text.lower()
        return government is not None and any(alias.lower() == lowered for alias in government.aliases)

    @staticmethod
    def _after_locative(doc: Doc, start: int, strict: bool = False) -> bool:
        words = doc_words(doc)
        i = start - 1
        while i >= 0 and (words.lower[i] in SKIPPABLE or words.text[i] in ("-", "–")):
            i -= 1
        if i < 0:
            return False
        word = words.lower[i]
        if word == "and" and i >= 1 and doc[i - 1].ent_type_ == "LOCATION":
            # "in Syria and Iraq": the second name shares the first one's preposition.
            first = i - 1
            while first > 0 and doc[first - 1].ent_type_ == "LOCATION" and doc[first].ent_iob_ != "B":
                first -= 1
            return ActorLinker._after_locative(doc, first, strict)
        return word in (STRICT_LOCATIVE if strict else LOCATIVE) and word != "and"

    @staticmethod
    def _ends_an_address(doc: Doc, start: int) -> bool:
        """Whether the name at ``start`` follows a place's name or a postcode straight after it, as the
        last part of an address (not a list: "Russia, Iran and Turkey agreed")."""
        i = start - 1
        return i >= 0 and (doc[i].ent_type_ == "LOCATION" or doc_words(doc).like_num[i] and len(doc[i]) >= 4)

    @staticmethod
    def _verb_may_follow(doc: Doc, end: int) -> bool:
        """Whether the word after a capital's name may be what it does ("Moscow denied", "Washington's
        decision"), not a name, a number or a function word ("Seoul to Manila", "London E17",
        "Santiago (")."""
        words = doc_words(doc)
        if end >= len(words):
            return False
        return words.lower[end] in ("'s", "’s") or (
            words.is_alpha[end] and words.is_lower[end] and words.lower[end] not in NOT_SUBJECT_FOLLOWERS)

    @staticmethod
    def head_after(doc: Doc, end: int) -> str | None:
        """The noun a country or demonym modifies, skipping a chain of other ones ("US-Iranian-Iraqi force")."""
        words = doc_words(doc)
        lowered, n = words.lower, len(words)
        i = end
        while i < n:
            if lowered[i] in ("'s", "’s"):
                i += 1  # "Israel's forces"
                continue
            if words.text[i] in ("-", "–"):
                if i + 1 < n and lowered[i + 1] in STATE_HEADS:
                    return lowered[i + 1]
                i += 1
                continue
            token = doc[i]
            if token.ent_type_ in ("NATIONALITY", "LOCATION") and token.ent_iob_ == "B":
                i += 1  # past the entity this word opens (not doc.ents, which spaCy builds anew at each access)
                while i < n and doc[i].ent_iob_ == "I":
                    i += 1
                continue
            if lowered[i] in HEAD_MODIFIERS:
                i += 1
                continue
            return lowered[i]
        return None
