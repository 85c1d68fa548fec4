"""Checking the values of event filters (type, category, modality, country, bbox, dates).

The command line and the HTTP API accept exactly the same values because both use these; each
parser returns the normalised value or raises ``ValueError`` with a message meant for the user.
"""

from __future__ import annotations

import datetime
import math

from sitrep.events.typology import CATEGORY

MODALITIES = ("asserted", "reported", "predicted", "planned", "hypothetical", "negated")


def parse_event_type(value: str) -> str:
    if value not in CATEGORY:
        raise ValueError(f"unknown event type {value!r}; one of: {', '.join(sorted(CATEGORY))}")
    return value


def parse_category(value: str) -> str:
    categories = sorted(set(CATEGORY.values()))
    if value not in categories:
        raise ValueError(f"unknown category {value!r}; one of: {', '.join(categories)}")
    return value


def parse_modality(value: str) -> str:
    if value not in MODALITIES:
        raise ValueError(f"unknown modality {value!r}; one of: {', '.join(MODALITIES)}")
    return value


def parse_country(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code (like SY)")
    return value.upper()


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"{value!r}: want four numbers minlon,minlat,maxlon,maxlat, e.g. 35.5,32,42.5,37.5") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError(f"{value!r}: coordinates must be finite numbers")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValueError(f"{value!r}: longitudes must lie in [-180, 180]")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValueError(f"{value!r}: latitudes must lie in [-90, 90]")
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError(f"{value!r}: min must not exceed max (minlon,minlat,maxlon,maxlat)")
    return min_lon, min_lat, max_lon, max_lat


def parse_date(value: str) -> str:
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    try:
        if len(value) not in formats or not value[:4].isdigit():
            raise ValueError
        datetime.datetime.strptime(value, formats[len(value)])
    except ValueError:
        raise ValueError(f"{value!r}: want a date YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value
