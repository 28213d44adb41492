"""The join of a region column to a map's shapes (charts/geo.py): pure, no database."""

import csv
from pathlib import Path

import addfips
import pytest

from charts.geo import MAX_ROWS, Boundary, boundary_shapes, join_regions, normalise

WORLD = Boundary.WORLD
ADDFIPS = Path(addfips.__file__).parent / "data"


def join(keys, boundary=WORLD):
    return join_regions(keys, boundary=boundary, shapes=boundary_shapes(boundary))


def test_normalise_ignores_case_accents_punctuation_and_the():
    assert normalise("Côte d’Ivoire") == normalise("COTE D'IVOIRE") == "cote d ivoire"
    assert normalise("Gambia, The") == "gambia"
    assert normalise("Trinidad & Tobago") == "trinidad and tobago"


# Forty rows as a desk gets them: names from several sources, ISO codes of every
# kind (numeric ones with their zeros lost), lower case, and four that are wrong.
MIXED = {
    "United States of America": "840",
    "FRA": "250",
    "de": "276",
    "826": "826",
    "Côte d'Ivoire": "384",
    "Czech Republic": "203",
    "Türkiye": "792",
    "Korea, Rep.": "410",
    "Russian Federation": "643",
    "Viet Nam": "704",
    "4": "004",
    "8": "008",
    "Ivory coast": None,
    "Iran, Islamic Rep.": "364",
    "Egypt, Arab Rep.": "818",
    "Congo, Dem. Rep.": "180",
    "Congo, Rep.": "178",
    "Gambia, The": "270",
    "Venezuela, RB": "862",
    "Lao PDR": "418",
    "Kyrgyz Republic": "417",
    "Slovak Republic": "703",
    "Yemen, Rep.": "887",
    "BRA": "076",
    "in": "356",
    "Bosnia and Herzegovina": "070",
    "Eswatini": "748",
    "North Macedonia": "807",
    "Myanmar": "104",
    "Bolivia": "068",
    "Tanzania": "834",
    "Syrian Arab Republic": "760",
    "Kosovo": "Kosovo",
    "36": "036",
    "Dominican Republic": "214",
    "Germny": None,
    "Atlantis": None,
    "": None,
    "ZZ": None,
    "New Zealand": "554",
}


def test_forty_mixed_spellings_and_codes_match_all_but_the_wrong_rows():
    keys = list(MIXED)
    result = join(keys)
    assert {keys[row]: shape for row, shape in result.matched.items()} == {
        key: shape for key, shape in MIXED.items() if shape
    }
    misses = {
        miss.key: (miss.reason, miss.suggestion and miss.suggestion.id) for miss in result.misses
    }
    assert misses == {
        "Ivory coast": ("duplicate", "384"),  # Côte d'Ivoire came first
        "Germny": ("unknown", "276"),  # suggested: Germany
        "Atlantis": ("unknown", None),
        "": ("blank", None),
        "ZZ": ("unknown", None),
    }


def test_numeric_codes_match_with_or_without_their_leading_zeros():
    result = join(["004", 4, "4.0", 36.0])
    assert result.matched == {0: "004", 3: "036"}
    assert [miss.reason for miss in result.misses] == ["duplicate", "duplicate"]


@pytest.mark.parametrize(
    "variants",
    [
        ["United States of America", "USA", "US", "United States", "u.s.", "840"],
        ["Côte d'Ivoire", "Ivory Coast", "cote divoire", "CIV", "CI", "384"],
        ["Czechia", "Czech Republic", "CZE"],
        ["Türkiye", "Turkey", "Turkiye", "TR"],
        ["Korea, Rep.", "South Korea", "Republic of Korea", "Korea, Republic of"],
        ["Russian Federation", "Russia", "RUS"],
        ["Viet Nam", "Vietnam", "VN"],
    ],
)
def test_every_common_variant_names_the_same_country(variants):
    shapes = {join([variant]).matched.get(0) for variant in variants}
    assert len(shapes) == 1
    assert None not in shapes


def test_every_country_on_the_world_map_is_found_by_each_iso_code():
    import pycountry

    for shape in boundary_shapes(WORLD):
        country = pycountry.countries.get(numeric=shape.id)
        if country is None:  # Kosovo, N. Cyprus, Somaliland: no ISO code, found by name
            assert join([shape.name]).matched == {0: shape.id}
            continue
        keys = [country.alpha_2, country.alpha_3, str(int(country.numeric)), shape.name]
        for key in keys:
            assert join([key]).matched == {0: shape.id}, key


def test_shapes_without_data_are_listed_by_name():
    result = join(["France", "Germany"])
    names = [shape.name for shape in result.without_data]
    assert "France" not in names
    assert "Germany" not in names
    assert len(names) == len(boundary_shapes(WORLD)) - 2
    assert names[:2] == ["Afghanistan", "Albania"]


def test_every_state_matches_by_name_postal_code_and_fips_with_or_without_its_zero():
    with open(ADDFIPS / "states.csv", encoding="utf-8") as file:
        states = list(csv.DictReader(file))
    drawn = {shape.id for shape in boundary_shapes(Boundary.US_STATES)}
    for state in states:
        if state["fips"] not in drawn:
            continue
        keys = [
            state["name"],
            state["postal"],
            state["postal"].lower(),
            state["fips"],
            int(state["fips"]),
        ]
        for key in keys:
            assert join([key], Boundary.US_STATES).matched == {0: state["fips"]}, key


def test_real_county_names_with_their_states_match_the_census_fips():
    with open(ADDFIPS / "states.csv", encoding="utf-8") as file:
        postal = {row["fips"]: row["postal"] for row in csv.DictReader(file)}
    with open(ADDFIPS / "counties_2020.csv", encoding="utf-8") as file:
        counties = list(csv.DictReader(file))
    keys = [f"{row['name']}, {postal.get(row['statefp'], '')}" for row in counties]
    fips = [row["statefp"] + row["countyfp"] for row in counties]
    result = join(keys, Boundary.US_COUNTIES)
    assert all(fips[row] == shape for row, shape in result.matched.items())
    assert result.without_data == ()
    # What is left: counties renamed or merged since the map's boundaries, New York's
    # boroughs under their everyday names, the small islands the map leaves out.
    assert sorted(keys[miss.row] for miss in result.misses if miss.reason == "unknown") == [
        "Brooklyn Borough, NY",
        "Copper River Census Area, AK",
        "Manhattan Borough, NY",
        "Midway Islands District, ",
        "Rose Atoll District, AS",
        "Rose Island District, AS",
        "Shannon County, SD",
        "Staten Island Borough, NY",
        "Swains Island District, AS",
        "Wade Hampton Census Area, AK",
        "Washington, DC",
    ]


@pytest.mark.parametrize(
    ("key", "fips"),
    [
        ("06037", "06037"),
        (6037, "06037"),
        ("6037.0", "06037"),
        ("Los Angeles County, CA", "06037"),
        ("los angeles, California", "06037"),
        ("Baltimore city, MD", "24510"),
        ("Baltimore County, Maryland", "24005"),
        ("Orleans Parish, LA", "22071"),
        ("LaSalle Parish, Louisiana", "22059"),
    ],
)
def test_a_county_matches_by_fips_or_by_name_and_state(key, fips):
    assert join([key], Boundary.US_COUNTIES).matched == {0: fips}


def test_a_county_name_two_places_share_is_ambiguous_and_without_a_state_unknown():
    result = join(["Baltimore, MD", "Los Angeles"], Boundary.US_COUNTIES)
    assert result.matched == {}
    assert [(m.reason, m.suggestion.id) for m in result.misses] == [
        ("ambiguous", "24005"),
        ("unknown", "06037"),
    ]


def test_odd_input_is_a_miss_never_an_error():
    keys = ["\x00", "France\x00", "9" * 400, "x" * 10_000, "1e999", "-4", "  ", None, 1.5]
    result = join(keys)
    assert result.matched == {1: "250"}  # the NUL is punctuation to the names
    assert {m.row for m in result.misses} == set(range(len(keys))) - {1}


def test_a_column_longer_than_any_map_is_refused():
    with pytest.raises(ValueError, match="at most"):
        join(["France"] * (MAX_ROWS + 1))


def test_the_report_lists_misses_by_the_row_an_editor_counts_and_shapes_without_data():
    report = join(["France", "Frnace", "France"]).report()
    assert report["matched"] == 1
    assert report["misses"] == [
        {
            "row": 2,
            "key": "Frnace",
            "reason": "unknown",
            "suggestion": {"id": "250", "name": "France"},
        },
        {
            "row": 3,
            "key": "France",
            "reason": "duplicate",
            "suggestion": {"id": "250", "name": "France"},
        },
    ]
    assert {"id": "276", "name": "Germany"} in report["without_data"]


def test_real_county_codes_without_their_leading_zeros_match():
    # vega-datasets' unemployment.tsv (BLS, 2009) keys counties as integers: 1001 for 01001.
    from django.conf import settings

    path = Path(settings.BASE_DIR, "node_modules/vega-datasets/data/unemployment.tsv")
    ids = [int(line.split("\t")[0]) for line in path.read_text().splitlines()[1:]]
    result = join(ids, Boundary.US_COUNTIES)
    assert all(shape == f"{ids[row]:05d}" for row, shape in result.matched.items())
    assert len(result.matched) == len(ids) - len(result.misses)
    # Counties split, renamed or merged since 2009 (Alaska's boroughs, Shannon, Bedford city).
    assert sorted(f"{int(m.key):05d}" for m in result.misses) == [
        "02201",
        "02232",
        "02270",
        "02280",
        "46113",
        "51515",
    ]
