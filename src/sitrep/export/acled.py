"""Rows in ACLED's CSV layout: ACLED's column names and order, filled as far as our fields go.

Columns we have no data for (associated actors, ISO number, region, admin2/3, source scale,
timestamp) are kept, empty, so that tools written for ACLED exports read ours unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import pycountry

from sitrep.export.common import Lookup, incident_members
from sitrep.store import Store
from sitrep.streaming import batched

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]

DISORDER_TYPE = {
    "battles": "Political violence", "explosions_remote_violence": "Political violence",
    "violence_against_civilians": "Political violence", "protests": "Demonstrations", "riots": "Demonstrations",
    "strategic_developments": "Strategic developments", "non_acled": "",
}

EVENT_TYPE = {
    "battles": "Battles", "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians", "protests": "Protests", "riots": "Riots",
    "strategic_developments": "Strategic developments",
}

SUB_EVENT_TYPE = {
    "armed_clash": "Armed clash", "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "chemical_weapon": "Chemical weapon", "air_drone_strike": "Air/drone strike", "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED", "grenade": "Grenade",
    "sexual_violence": "Sexual violence", "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "peaceful_protest": "Peaceful protest", "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration", "mob_violence": "Mob violence",
    "agreement": "Agreement", "arrests": "Arrests", "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory", "other": "Other",
    # Our five types outside ACLED's typology, in plain words.
    "natural_disaster": "Natural disaster", "man_made_disaster": "Man-made disaster",
    "diplomatic_event": "Diplomatic event", "claim_of_responsibility": "Claim of responsibility",
    "organized_crime": "Organized crime",
}

# ACLED's inter codes by our actor types; every type not listed is "other" (8).
INTER = {
    "state": 1, "state_forces": 1, "government": 1, "rebel_group": 2, "political_militia": 3,
    "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7,
}
OTHER_INTER = 8

# ACLED's time_precision: 1 the day is known, 2 the week (or a few days), 3 the month or coarser.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3, "decade": 3}
# ACLED's geo_precision: 1 the named place itself, 3 only a wider area (the sentence's country, the document's focus).
GEO_PRECISION = {"mentioned": 1, "sentence_country": 3, "document_focus": 3}

CIVILIAN_TARGETING_TYPES = {"attack", "sexual_violence", "abduction_forced_disappearance"}

# ACLED's spelling where pycountry has only an inverted official name ("Congo, The Democratic Republic of the").
_COUNTRY_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "RU": "Russia", "PS": "Palestine",
    "VN": "Vietnam", "LA": "Laos", "KP": "North Korea", "KR": "South Korea", "SY": "Syria", "IR": "Iran",
    "MD": "Moldova", "TZ": "Tanzania", "VE": "Venezuela", "BO": "Bolivia", "FM": "Micronesia",
}


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """A country's everyday name from its ISO alpha-2 code ("" when unknown)."""
    if not code:
        return ""
    if code.upper() in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code.upper()]
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return ""
    return getattr(country, "common_name", None) or country.name


def inter_code(actor: dict[str, Any]) -> int | None:
    """ACLED's inter code for an actor row (None when there is no actor)."""
    if not actor:
        return None
    return INTER.get(actor.get("type") or "", OTHER_INTER)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: both inter codes as one number, lower first (12, not 21); one alone is x0."""
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _common(row: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """The columns events and incidents fill the same way."""
    category, kind = row.get("category") or "", row.get("type") or ""
    actor1, actor2 = lookup.actor(row.get("actor1")), lookup.actor(row.get("actor2"))
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    place = lookup.place(row.get("place_id"))
    targets_civilians = actor2.get("type") == "civilians" or kind in CIVILIAN_TARGETING_TYPES
    date = row.get("time_start") or ""
    return {
        "event_id_cnty": row["id"], "event_date": date, "year": date[:4],
        "disorder_type": DISORDER_TYPE.get(category, ""),
        "event_type": EVENT_TYPE.get(category, category),
        "sub_event_type": SUB_EVENT_TYPE.get(kind, kind.replace("_", " ").capitalize()),
        "actor1": lookup.actor_name(row.get("actor1")), "assoc_actor_1": "", "inter1": _blank(inter1),
        "actor2": lookup.actor_name(row.get("actor2")), "assoc_actor_2": "", "inter2": _blank(inter2),
        "interaction": _blank(interaction(inter1, inter2)),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": "", "region": "", "country": country_name(row.get("country_code")),
        "admin1": place.get("admin1") or "", "admin2": "", "admin3": "",
        "location": lookup.place_name(row.get("place_id")),
        "latitude": _blank(row.get("lat")), "longitude": _blank(row.get("lon")),
        "source_scale": "", "timestamp": "",
    }


def event_row(row: dict[str, Any], evidence: list[dict[str, Any]], lookup: Lookup) -> dict[str, Any]:
    """One event row (with its evidence from ``Store.event_sources``) in ACLED's columns."""
    out = _common(row, lookup)
    out.update({
        "time_precision": _blank(TIME_PRECISION.get(row.get("time_precision") or "")),
        "geo_precision": _blank(GEO_PRECISION.get(row.get("location_precision") or "")),
        "source": row.get("source") or "",
        "notes": " ".join(e["sentence"] for e in evidence if e.get("sentence")),
        "fatalities": _blank(row.get("fatalities")),  # unknown stays empty, never a made-up 0
        "tags": f"modality={row['modality']}" if row.get("modality") else "",
    })
    return {column: out[column] for column in COLUMNS}


def incident_row(row: dict[str, Any], members: list[dict[str, Any]], lookup: Lookup) -> dict[str, Any]:
    """One incident row (lists already decoded) in ACLED's columns; conflicting details go to notes."""
    out = _common(row, lookup)
    # An incident is as precise as its most precise report.
    time_codes = [TIME_PRECISION[m["time_precision"]] for m in members if m.get("time_precision") in TIME_PRECISION]
    geo_codes = [GEO_PRECISION[m["location_precision"]] for m in members
                 if m.get("location_precision") in GEO_PRECISION]
    fatalities = row.get("fatalities_reported") or []
    sources = sorted({m["source"] for m in members if m.get("source")})
    modalities = sorted({m["modality"] for m in members if m.get("modality")})
    out.update({
        "time_precision": _blank(min(time_codes, default=None)),
        "geo_precision": _blank(min(geo_codes, default=None)),
        "source": "; ".join(sources),
        "notes": f"fatalities reported: {json.dumps(fatalities)}; "
                 f"dates reported: {json.dumps(row.get('dates_reported') or [])}",
        # ACLED's convention: the most conservative of conflicting counts.
        "fatalities": _blank(min(fatalities, default=None)),
        "tags": "; ".join(f"modality={m}" for m in modalities),
    })
    return {column: out[column] for column in COLUMNS}


def acled_rows(store: Store, rows: Iterable[dict[str, Any]], incidents: bool = False,
               batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """ACLED-layout rows for streamed event or incident rows, with lookups batched per ``batch_size``."""
    lookup = Lookup(store)
    for batch in batched(rows, batch_size):
        lookup.prefetch(batch)
        ids = [r["id"] for r in batch]
        if incidents:
            members = incident_members(store, ids)
            for row in batch:
                yield incident_row(row, members.get(row["id"], []), lookup)
        else:
            sources = store.event_sources(ids)
            for row in batch:
                yield event_row(row, sources.get(row["id"], []), lookup)
