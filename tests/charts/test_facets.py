"""Small multiples (charts/facets.py): the spec's facet, its checks, the panels' configs on a
shared or free scale, the words for screen readers, the data table, the share image and the
builder's fields, on vega-datasets' stocks.csv (one panel per company)."""

import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pydantic import ValidationError as SpecError

from articles.share import render_share_image
from charts.choices import ChartType
from charts.config import plotted_table
from charts.describe import describe
from charts.facets import facet_config, panels
from charts.models import Chart
from charts.spec import SPEC_SCHEMA_VERSION, read_spec, spec_json_schema
from charts.spec_fields import fields_from_spec, spec_from_fields
from charts.spec_forms import MAX_PANELS
from tests.factories import (
    build_chart,
    chart_form,
    make_article,
    make_dataset,
    make_editor,
    make_stocks_multiples,
)

pytestmark = pytest.mark.django_db

SYMBOLS = ["MSFT", "AMZN", "IBM", "GOOG", "AAPL"]
WIDE = b"year,north,south,east\n2021,10,-4,7\n2022,12,3,9\n2023,15,5,30\n"


def facet_document(**facet):
    return {"chart_type": "line", "columns": {"label": "d"}, "facet": facet}


def test_small_multiples_by_column_need_the_column():
    with pytest.raises(SpecError):
        read_spec(facet_document(by="column"))
    assert read_spec(facet_document(by="column", column="symbol")).facet.scale == "shared"


def test_a_facet_is_an_optional_part_of_the_current_spec_version():
    assert read_spec({"chart_type": "line", "columns": {"label": "d"}}).facet is None
    # Additive: a document of the version before it read as it is, with no facet.
    earlier = {"schema_version": SPEC_SCHEMA_VERSION - 1, "chart_type": "line"}
    assert read_spec({**earlier, "columns": {"label": "d"}}).facet is None
    facet = spec_json_schema()["$defs"]["FacetSpec"]["properties"]
    assert set(facet) == {"by", "column", "scale"}
    with pytest.raises(SpecError):
        read_spec(facet_document(by="series", scale="logarithmic"))


def test_the_fields_round_trip_the_facet():
    spec = spec_from_fields(
        chart_type=ChartType.BAR,
        label_column="year",
        value_columns=["north", "south"],
        facet_by="series",
        facet_scale="free",
        alt_text="Bars.",
    )
    assert spec.facet.model_dump() == {"by": "series", "column": None, "scale": "free"}
    fields = fields_from_spec(spec)
    assert (fields["facet_by"], fields["facet_column"], fields["facet_scale"]) == (
        "series",
        "",
        "free",
    )
    assert spec_from_fields(**{**fields, "facet_by": ""}).facet is None


def test_one_panel_per_company_on_a_shared_scale():
    chart = make_stocks_multiples()
    table = plotted_table(chart)
    facets = facet_config(chart.spec, table)["facets"]
    assert [p["title"] for p in facets["panels"]] == SYMBOLS
    assert facets["legend"] == [{"label": "price", "colour": "#0072B2"}]
    scales = [p["config"]["options"]["scales"] for p in facets["panels"]]
    # Every panel reaches GOOG's peak and starts where the first company does.
    assert {s["y"]["suggestedMax"] for s in scales} == {707}
    assert {s["x"]["min"] for s in scales} == {"2000-01-01"}
    goog = facets["panels"][3]["config"]["data"]["datasets"][0]["data"]
    assert goog[0]["x"] == "2004-08-01"  # its own rows only
    assert all(not p["config"]["options"]["plugins"]["legend"]["display"] for p in facets["panels"])


def test_a_note_points_at_each_panels_own_value():
    note = {"kind": "text", "at": "2008-09-01", "text": "Lehman Brothers fails"}
    chart = make_stocks_multiples(annotations=[note])
    table = plotted_table(chart)
    facets = facet_config(chart.spec, table)["facets"]
    pointed = [p["config"]["marks"]["notes"][0]["value"] for p in facets["panels"]]
    prices = {row[2]: row[1] for row in table.rows if row[0] == "2008-09-01"}
    assert pointed == [prices[symbol] for symbol in SYMBOLS]  # not the panel's name


def test_a_free_scale_leaves_each_panel_its_own_axes():
    chart = make_stocks_multiples(facet_scale="free")
    facets = facet_config(chart.spec, plotted_table(chart))["facets"]
    scales = [p["config"]["options"]["scales"] for p in facets["panels"]]
    assert all("suggestedMax" not in s["y"] and "min" not in s["x"] for s in scales)


def test_one_panel_per_series_keeps_each_series_colour():
    dataset = make_dataset(content=WIDE)
    chart = build_chart(
        dataset=dataset,
        version=dataset.current_version,
        chart_type=ChartType.STACKED_BAR,
        label_column="year",
        value_columns=["north", "south", "east"],
        facet_by="series",
        colours=["#D55E00"],
        alt_text="Bars.",
    )
    facets = facet_config(chart.spec, plotted_table(chart))["facets"]
    assert [p["title"] for p in facets["panels"]] == ["north", "south", "east"]
    firsts = [p["config"]["data"]["datasets"][0]["backgroundColor"] for p in facets["panels"]]
    assert firsts == [item["colour"] for item in facets["legend"]]
    assert firsts[0] == "#D55E00"
    shared = facets["panels"][0]["config"]["options"]["scales"]["y"]
    assert (shared["suggestedMin"], shared["suggestedMax"]) == (-4, 30)


def test_more_panels_than_allowed_are_refused_with_a_way_out():
    rows = "".join(f"C{n},2020,{n}\n" for n in range(MAX_PANELS + 1))
    dataset = make_dataset(content=f"country,year,value\n{rows}".encode())
    chart = build_chart(
        dataset=dataset,
        chart_type=ChartType.BAR,
        label_column="year",
        value_columns=["value"],
        facet_by="column",
        facet_column="country",
        alt_text="Bars.",
    )
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    message = " ".join(caught.value.message_dict["facet_column"])
    assert f"{MAX_PANELS + 1} panels" in message
    assert f"at most {MAX_PANELS}" in message
    assert "Filter or Top step" in message


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"chart_type": ChartType.PIE}, "facet_by", "bar, line and area"),
        ({"facet_column": "nowhere"}, "facet_column", "is not a column"),
        ({"facet_column": "date"}, "facet_column", "differ from the label"),
        ({"facet_by": "series", "facet_column": ""}, "facet_by", "two or more"),
    ],
)
def test_the_builder_says_what_small_multiples_need(fields, field, words):
    dataset = make_dataset(content=b"symbol,date,price\nA,2020-01-01,1\nB,2020-01-01,2\n")
    base = {
        "chart_type": ChartType.LINE,
        "label_column": "date",
        "value_columns": ["price"],
        "facet_by": "column",
        "facet_column": "symbol",
        "alt_text": "Lines.",
    }
    chart = build_chart(dataset=dataset, **{**base, **fields})
    with pytest.raises(ValidationError) as caught:
        chart.full_clean()
    assert words in " ".join(caught.value.message_dict[field])


def test_the_description_reads_every_panel():
    chart = make_stocks_multiples()
    text = describe(chart.spec, plotted_table(chart))
    assert text.startswith(
        "Small multiples: 5 line charts of price by date, one per symbol, on a shared scale."
    )
    assert "GOOG: price goes from USD 102.37 (1 August 2004)" in text
    assert "Line chart of" not in text  # each panel's own first sentence is left out


def test_the_article_lists_the_data_panel_by_panel(client):
    chart = make_stocks_multiples()
    article = make_article(charts=[chart])
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="facets__panel"') == 5
    assert "chart--facets" in page
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    # The table lists MSFT's months, then AMZN's…, not the months interleaved.
    assert body.index("AMZN") > body.rindex("MSFT")


def test_the_share_image_draws_a_panel_per_company():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from charts.share import draw_chart

    chart = make_stocks_multiples()
    figure = Figure()
    FigureCanvasAgg(figure)
    draw_chart(figure, chart, top=0.7)
    assert [axes.get_title(loc="left") for axes in figure.axes] == SYMBOLS
    assert len({axes.get_ylim() for axes in figure.axes}) == 1  # the shared scale
    article = make_article(charts=[chart], title="Five share prices")
    png = render_share_image(article=article)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    artifacts = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "small-multiples-share.png").write_bytes(png)  # to look at


def test_the_builder_saves_and_previews_small_multiples(client):
    editor = make_editor()
    client.force_login(editor)
    dataset = make_stocks_multiples().dataset
    form = chart_form(
        dataset,
        title="Share prices",
        chart_type="line",
        label_column="date",
        value_columns=["price"],
        facet_by="column",
        facet_column="symbol",
        facet_scale="free",
        alt_text="Five companies' prices.",
    )
    preview = client.post(reverse("admin:charts_chart_preview"), form)
    assert preview.json()["html"].count('class="facets__panel"') == 5
    response = client.post(reverse("admin:charts_chart_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    chart = Chart.objects.get(title="Share prices")
    assert chart.spec.facet.model_dump() == {"by": "column", "column": "symbol", "scale": "free"}
    assert [p.title for p in panels(chart.spec, plotted_table(chart))] == SYMBOLS
