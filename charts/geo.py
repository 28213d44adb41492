"""Joining a column of region keys to a map's shapes: where maps fail in practice.

A map's rows name their regions in whatever the source used: ISO 3166 codes
(alpha-2 "CI", alpha-3 "CIV", numeric "384", or 384 with its zeros lost in a
spreadsheet), US FIPS codes ("06", county "06037" or 6037), postal codes ("CA")
or names, spelled as the source spells them ("Côte d'Ivoire", "Ivory Coast",
"Korea, Rep."). `join_regions` matches each row to one shape of a boundary set
and says what it could not: the rows that matched nothing (each with the
likely match, for the editor to confirm), the rows that named a shape another
row had already taken, and the shapes left without data.

Codes and names come from pycountry (ISO 3166) and `us` (states), names also
from the boundary files themselves; the few spellings neither knows (the World
Bank's "Korea, Rep.", everyday "Ivory Coast") are listed in VARIANTS. Pure: the
shapes are passed in; `boundary_shapes` reads them from the boundary files.
"""

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import pycountry
import us


class Boundary(StrEnum):
    WORLD = "world"
    US_STATES = "us-states"
    US_COUNTIES = "us-counties"


# Each boundary set's file (a static path: see charts/assets.py) and its TopoJSON object.
BOUNDARY_FILES = {
    Boundary.WORLD: ("vendor/world-atlas/countries-110m.json", "countries"),
    Boundary.US_STATES: ("vendor/us-atlas/states-10m.json", "states"),
    Boundary.US_COUNTIES: ("vendor/us-atlas/counties-10m.json", "counties"),
}
MAX_ROWS = 20_000  # a map of more regions than any boundary set has is a wrong column
MAX_KEY_LENGTH = 100  # longer keys are no region's name
# difflib is slow: suggestions for the first misses only, and for keys a name's length.
MAX_SUGGESTIONS = 25
MAX_SUGGESTED_LENGTH = 60
SUGGESTION_CUTOFF = 0.7

# Spellings in common use that pycountry does not list, to ISO alpha-3 (or, for the
# places with no ISO code that the world file draws, the shape's own name).
VARIANTS = {
    "USA": "USA",
    "US": "USA",
    "U.S.": "USA",
    "U.S.A.": "USA",
    "America": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "Ivory Coast": "CIV",
    "Czech Republic": "CZE",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "Korea, Rep.": "KOR",
    "Republic of Korea": "KOR",
    "Korea": "KOR",
    "Korea, Dem. People's Rep.": "PRK",
    "Korea, DPR": "PRK",
    "Russia": "RUS",
    "Vietnam": "VNM",
    "Iran, Islamic Rep.": "IRN",
    "Egypt, Arab Rep.": "EGY",
    "Congo, Dem. Rep.": "COD",
    "DR Congo": "COD",
    "DRC": "COD",
    "Democratic Republic of Congo": "COD",
    "Congo, Rep.": "COG",
    "Congo-Brazzaville": "COG",
    "Congo-Kinshasa": "COD",
    "Gambia, The": "GMB",
    "Bahamas, The": "BHS",
    "Yemen, Rep.": "YEM",
    "Venezuela, RB": "VEN",
    "Lao PDR": "LAO",
    "Kyrgyz Republic": "KGZ",
    "Slovak Republic": "SVK",
    "Micronesia, Fed. Sts.": "FSM",
    "Micronesia": "FSM",
    "Hong Kong SAR, China": "HKG",
    "Macao SAR, China": "MAC",
    "Macau": "MAC",
    "Macedonia": "MKD",
    "Macedonia, FYR": "MKD",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Brunei": "BRN",
    "Palestine": "PSE",
    "West Bank and Gaza": "PSE",
    "St. Lucia": "LCA",
    "St. Kitts and Nevis": "KNA",
    "St. Vincent and the Grenadines": "VCT",
    "Holland": "NLD",
    "Vatican": "VAT",
    "Vatican City": "VAT",
    "Syria": "SYR",
    "Moldova": "MDA",
    "Tanzania": "TZA",
    "Bolivia": "BOL",
    "Laos": "LAO",
    "Taiwan": "TWN",
    "Eswatini": "SWZ",
    "Kosovo": "Kosovo",
    "XK": "Kosovo",
    "XKX": "Kosovo",
    "Northern Cyprus": "N. Cyprus",
    "Somaliland": "Somaliland",
}
# Other names of states and territories than `us` gives, to their FIPS code.
STATE_VARIANTS = {
    "D.C.": "11",
    "Washington, D.C.": "11",
    "Washington DC": "11",
    "Rhode Island and Providence Plantations": "44",
    "Virgin Islands": "78",
    "U.S. Virgin Islands": "78",
    "USVI": "78",
}
# Words a county's name may carry that the boundary file leaves off.
COUNTY_WORDS = re.compile(
    r"\s+(county|parish|city and borough|borough|census area|municipality|municipio|city"
    r"|district|island)$"
)
COMBINING = re.compile("[\u0300-\u036f]")  # accents, once NFKD has split them off
DIGITS = re.compile(r"\d+(\.0*)?")  # 6037, or 6037.0 from a spreadsheet


@dataclass(frozen=True)
class Shape:
    id: str
    name: str


@dataclass(frozen=True)
class Miss:
    """A row left off the map: `reason` is "unknown", "duplicate", "ambiguous" or "blank"."""

    row: int
    key: str
    reason: str
    suggestion: Shape | None = None


@dataclass(frozen=True)
class Join:
    matched: dict[int, str]  # row index → shape id
    misses: tuple[Miss, ...]
    without_data: tuple[Shape, ...]  # shapes no row matched, by name

    def report(self) -> dict:
        """What the builder lists, as JSON: rows 1-based as an editor counts them."""

        def shape(s):
            return {"id": s.id, "name": s.name} if s else None

        return {
            "matched": len(self.matched),
            "misses": [
                {
                    "row": m.row + 1,
                    "key": m.key,
                    "reason": m.reason,
                    "suggestion": shape(m.suggestion),
                }
                for m in self.misses
            ],
            "without_data": [shape(s) for s in self.without_data],
        }


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, no "the": "Côte d'Ivoire", "cote d ivoire"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = COMBINING.sub("", text)
    text = text.casefold().replace("&", " and ")
    return " ".join(word for word in re.split(r"[\W_]+", text) if word and word != "the")


def join_regions(keys: list, *, boundary: Boundary, shapes: tuple[Shape, ...]) -> Join:
    """Match each key (a cell of the region column) to one of `shapes` of `boundary`."""
    if len(keys) > MAX_ROWS:
        raise ValueError(f"A map takes at most {MAX_ROWS:,} rows; this column has {len(keys):,}.")
    index = _index(boundary, shapes)
    by_id = {shape.id: shape for shape in shapes}
    matched: dict[int, str] = {}
    taken: dict[str, int] = {}
    misses = []
    for row, value in enumerate(keys):
        key = "" if value is None else str(value).strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            misses.append(Miss(row, key[:MAX_KEY_LENGTH], "blank" if not key else "unknown"))
            continue
        found = index.find(key)
        if isinstance(found, str) and found in taken:
            misses.append(Miss(row, key, "duplicate", by_id[found]))
        elif isinstance(found, str):
            matched[row] = found
            taken[found] = row
        else:
            reason = "ambiguous" if found else "unknown"
            misses.append(Miss(row, key, reason))
    misses = _suggest(misses, index, by_id)
    without = sorted((s for s in shapes if s.id not in taken), key=lambda s: normalise(s.name))
    return Join(matched, tuple(misses), tuple(without))


def _suggest(misses, index, by_id):
    """The likely shape for each unknown or ambiguous key, while there are few enough."""
    suggested = []
    for n, miss in enumerate(misses):
        if miss.reason in ("unknown", "ambiguous") and n < MAX_SUGGESTIONS:
            text = index.suggestable(miss.key)[:MAX_SUGGESTED_LENGTH]
            # A county is looked for in its own state, when the key names one.
            state, bar, _ = text.partition("|")
            names = [n for n in index.names if n.startswith(state + bar)] if bar else index.names
            close = difflib.get_close_matches(text, names, n=1, cutoff=SUGGESTION_CUTOFF)
            if close:
                miss = Miss(miss.row, miss.key, miss.reason, by_id[min(index.names[close[0]])])
        suggested.append(miss)
    return suggested


class _Index:
    """Codes and normalised names to shape ids; a name two shapes share finds both."""

    def __init__(self, boundary: Boundary):
        self.boundary = boundary
        self.codes: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.states: dict[str, str] = {}  # for counties: any way of naming a state → its FIPS

    def name(self, text: str, shape_id: str):
        self.names[self.comparable(text)].add(shape_id)

    def comparable(self, text: str) -> str:
        if self.boundary == Boundary.US_COUNTIES:
            state, _, county = text.rpartition("|")
            county = normalise(county)
            while COUNTY_WORDS.search(county):  # "Charles City County" is "Charles City"
                county = COUNTY_WORDS.sub("", county)
            return state + "|" + county.replace(" ", "")
        return normalise(text).replace(" ", "")  # "La Salle" is "LaSalle", "d'Ivoire" "divoire"

    def suggestable(self, key: str) -> str:
        """The key as the names are kept, for difflib (a county with no known state: its name)."""
        if self.boundary == Boundary.US_COUNTIES:
            return self.comparable(self._county_key(key) or key).lstrip("|")
        return self.comparable(key)

    def find(self, key: str) -> str | set[str]:
        """A shape id, or the set of ids a name is ambiguous between (empty: none)."""
        if DIGITS.fullmatch(key):
            width = {Boundary.WORLD: 3, Boundary.US_STATES: 2, Boundary.US_COUNTIES: 5}
            code = key.split(".")[0].zfill(width[self.boundary])
            return self.codes.get(code, set())
        if shape := self.codes.get(key.upper()):
            return shape
        if self.boundary == Boundary.US_COUNTIES:
            county = self._county_key(key)
            if county is None:
                return set()
            key = county
        ids = self.names.get(self.comparable(key), set())
        if len(ids) > 1 and self.boundary == Boundary.US_COUNTIES:
            ids = _city_or_county(key, ids)
        return next(iter(ids)) if len(ids) == 1 else ids

    def _county_key(self, key: str) -> str | None:
        """ "Los Angeles County, CA" → "06|Los Angeles County" (None without a known state)."""
        county, comma, state = key.rpartition(",")
        fips = self.states.get(normalise(state)) if comma else None
        return f"{fips}|{county}" if fips else None


def _city_or_county(key: str, ids: set[str]) -> set[str]:
    """Baltimore city (24510) or Baltimore County (24005): independent cities number 500 up."""
    words = normalise(key).split()
    if "city" in words:
        return {i for i in ids if int(i[2:]) >= 500}
    if "county" in words:
        return {i for i in ids if int(i[2:]) < 500}
    return ids


@cache
def _index(boundary: Boundary, shapes: tuple[Shape, ...]) -> _Index:
    index = _Index(boundary)
    if boundary == Boundary.WORLD:
        _index_countries(index, shapes)
    else:
        for fips, names in _state_names().items():
            for name in names:
                index.states[normalise(name)] = fips
    if boundary == Boundary.US_STATES:
        for shape in shapes:
            index.codes[shape.id] = shape.id
            for name in (shape.name, *_state_names().get(shape.id, ())):
                if len(name) == 2:  # the postal code
                    index.codes[name] = shape.id
                else:
                    index.name(name, shape.id)
    elif boundary == Boundary.US_COUNTIES:
        for shape in shapes:
            index.codes[shape.id] = shape.id
            index.name(f"{shape.id[:2]}|{shape.name}", shape.id)
    return index


def _index_countries(index: _Index, shapes: tuple[Shape, ...]):
    ids = {shape.id for shape in shapes}
    for country in pycountry.countries:
        if country.numeric not in ids:
            continue
        for code in (country.alpha_2, country.alpha_3, country.numeric):
            index.codes[code] = country.numeric
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                index.name(name, country.numeric)
                before, comma, after = name.partition(", ")
                if comma:  # "Korea, Republic of" is also "Republic of Korea"
                    index.name(f"{after} {before}", country.numeric)
    for shape in shapes:
        index.name(shape.name, shape.id)
    by_alpha3 = {c.alpha_3: c.numeric for c in pycountry.countries}
    for variant, target in VARIANTS.items():
        shape_id = by_alpha3.get(target) or next((s.id for s in shapes if s.name == target), None)
        if shape_id in ids:
            if variant.isupper() and "." not in variant and len(variant) <= 3:
                index.codes[variant] = shape_id
            index.name(variant, shape_id)


@cache
def _state_names() -> dict[str, tuple[str, ...]]:
    """Each state's (and territory's) FIPS code → its name and postal code."""
    states = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
    names: dict[str, tuple[str, ...]] = {
        state.fips: (state.name, state.abbr) for state in states if state.fips
    }
    for variant, fips in STATE_VARIANTS.items():
        names[fips] += (variant,)
    return names


def boundary_shapes(boundary: Boundary) -> tuple[Shape, ...]:
    """The shapes of a boundary set, read from its file (a static file from npm)."""
    return _read_shapes(boundary)


@cache
def _read_shapes(boundary: Boundary) -> tuple[Shape, ...]:
    from django.contrib.staticfiles import finders

    path, name = BOUNDARY_FILES[boundary]
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(f"{path}: run `make install` (npm ci) first")
    with open(found, encoding="utf-8") as file:
        topology = json.load(file)
    geometries = topology["objects"][name]["geometries"]
    # A few places in the world file have no ISO code: their name is their id.
    return tuple(
        Shape(g.get("id") or g["properties"]["name"], g["properties"]["name"]) for g in geometries
    )
