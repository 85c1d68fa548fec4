"""``sitrep gazetteer import``: extend the embedded gazetteer with official GeoNames dumps.

Files are recognised by name, as GeoNames publishes them (https://download.geonames.org/export/dump/):
- ``allCountries.txt`` or per-country ``XX.txt``: one place per line (19 tab-separated columns);
- ``alternateNamesV2.txt`` (or ``alternateNames.txt``): extra names by geonameid;
- ``admin1CodesASCII.txt`` / ``admin2Codes.txt``: names of first- and second-level units;
- ``countryInfo.txt``: read for completeness of the admin names (country rows already exist).
Every file is streamed line by line. Places already in the embedded gazetteer (same geonameid)
gain the dump's names; new ones are added with their feature class mapped onto sitrep's. The
result is written next to the embedded index and used from then on (``load_gazetteer``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sitrep.gazetteer.build import usable_alternate
from sitrep.gazetteer.index import ALTERNATE, PRIMARY, Gazetteer, PlaceRecord

_COUNTRY_FILE = re.compile(r"^(allCountries|[A-Z]{2})\.txt$")
# GeoNames feature class (and a few codes) -> sitrep's place feature.
_FEATURES = {"P": "city", "H": "water", "T": "terrain", "L": "region", "S": "infrastructure", "R": "infrastructure",
             "V": "terrain", "U": "water"}
_ADMIN_CODES = {"ADM1": "admin1", "ADM1H": "admin1", "ADM2": "admin2", "ADM2H": "admin2", "PCLI": "country",
                "PCLD": "country", "PCLF": "country", "PCLS": "country", "PCLIX": "country"}
_SKIP_LANGUAGES = {"link", "post", "iata", "icao", "faac", "fr_1793", "unlc", "wkdt"}


class ImportProblem(ValueError):
    """A dump file that cannot be read: names the file and line."""


def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            yield number, line.rstrip("\n").split("\t")


def import_geonames(paths: list[Path], gazetteer: Gazetteer) -> dict[str, int]:
    """Add the dumps' places and names to ``gazetteer`` (in place); returns counts."""
    by_name = {p.name: p for p in paths}
    unknown = [p.name for p in paths if not (_COUNTRY_FILE.match(p.name) or p.name in {
        "alternateNamesV2.txt", "alternateNames.txt", "admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt"})]
    if unknown:
        raise ImportProblem(f"not a GeoNames dump file name: {', '.join(unknown)}")
    admin1: dict[str, str] = {}
    if "admin1CodesASCII.txt" in by_name:
        for number, row in _lines(by_name["admin1CodesASCII.txt"]):
            if len(row) < 2:
                raise ImportProblem(f"admin1CodesASCII.txt:{number}: expected code<TAB>name")
            admin1[row[0]] = row[1]
    counts = {"places_added": 0, "places_named": 0, "names_added": 0}
    for path in paths:
        if not _COUNTRY_FILE.match(path.name):
            continue
        for number, row in _lines(path):
            if len(row) < 15:
                raise ImportProblem(f"{path.name}:{number}: expected 19 tab-separated columns, got {len(row)}")
            try:
                geonameid, lat, lon, population = int(row[0]), float(row[4]), float(row[5]), int(row[14] or 0)
            except ValueError as exc:
                raise ImportProblem(f"{path.name}:{number}: {exc}") from None
            feature = _ADMIN_CODES.get(row[7]) or _FEATURES.get(row[6])
            if feature is None:
                continue
            place_id = f"geonames:{geonameid}"
            names = [(row[1], PRIMARY), (row[2], ALTERNATE)]
            names += [(n, ALTERNATE) for n in row[3].split(",") if usable_alternate(n)]
            if gazetteer.get(place_id) is None:
                counts["places_added"] += 1
            else:
                counts["places_named"] += 1
            cc = row[8] or None
            gazetteer.add(PlaceRecord(place_id, row[1], lat, lon, cc, admin1.get(f"{cc}.{row[10]}"), feature,
                                      population, geonameid), [n for n in names if n[0]])
    for name in ("alternateNamesV2.txt", "alternateNames.txt"):
        if name not in by_name:
            continue
        for number, row in _lines(by_name[name]):
            if len(row) < 4:
                raise ImportProblem(f"{name}:{number}: expected at least 4 tab-separated columns")
            if row[2] in _SKIP_LANGUAGES or not usable_alternate(row[3]) or (len(row) > 7 and row[7] == "1"):
                continue  # links, codes, other scripts and historic names are not what news writes
            record = gazetteer.get(f"geonames:{row[1]}")
            if record is not None:
                gazetteer.add(record, [(row[3], ALTERNATE)])
                counts["names_added"] += 1
    return counts
