"""Values, line names and notes written on the share image's chart (charts/share_marks.py)."""

from pathlib import Path

import pytest

from articles.share import DPI, HEIGHT, WIDTH, render_share_image
from charts.choices import ChartType
from charts.share import draw_chart
from charts.share_marks import _apart
from charts.spec_forms import FacetSpec
from tests.factories import (
    drawn,
    make_article,
    make_chart,
    make_chart_of_type,
    make_dataset,
    make_stocks_multiples,
)

pytestmark = pytest.mark.django_db

NOTES = [
    {"kind": "text", "at": "2023-03-01", "text": "Launch of the new product line"},
    {"kind": "text", "at": "2023-06-01", "until": "2023-09-01", "text": "Strike"},
]

LEHMAN = {"kind": "text", "at": "2008-09-01", "text": "Lehman Brothers fails"}


def texts(axes):
    return [text.get_text() for text in axes.texts]


def test_bar_values_are_written_at_the_bars_ends_in_the_charts_format():
    chart = make_chart_of_type(ChartType.HORIZONTAL_BAR, value_labels=True, locale="de-DE")
    written = texts(drawn(chart))
    assert written[:3] == ["2.065", "3.594", "1.688"]  # as the tooltip writes them, in de-DE
    assert texts(drawn(make_chart_of_type(ChartType.HORIZONTAL_BAR))) == []
    # Crowded bars go without.
    content = b"n,v\n" + b"".join(b"%d,%d\n" % (n, n * 10) for n in range(20))
    chart = make_chart(dataset=make_dataset(content=content), value_labels=True)
    assert texts(drawn(chart)) == []


def test_names_at_the_lines_ends_replace_the_legend_in_the_series_colours():
    axes = drawn(make_chart_of_type(ChartType.LINE, direct_labels=True))
    assert axes.get_legend() is None
    assert texts(axes) == ["north", "south"]
    lines = [line.get_color() for line in axes.get_lines()]
    assert [text.get_color() for text in axes.texts] == lines
    assert drawn(make_chart_of_type(ChartType.LINE)).get_legend() is not None


def test_names_at_the_lines_ends_are_nudged_apart():
    content = b"year,a,b,c\n2021,1,2,3\n2022,10,10.1,10.2\n"
    chart = make_chart(
        dataset=make_dataset(content=content),
        chart_type=ChartType.LINE,
        value_columns=["a", "b", "c"],
        direct_labels=True,
    )
    axes = drawn(chart)
    renderer = axes.figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in axes.texts]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for n, a in enumerate(boxes) for b in boxes[n + 1 :])


def test_apart_keeps_the_order_and_the_gap():
    assert _apart([0, 1, 100], 10) == pytest.approx([-4.5, 5.5, 100])
    assert _apart([50, 0], 10) == [50, 0]


def test_text_notes_point_at_their_value_or_shade_their_period():
    axes = drawn(make_chart_of_type(ChartType.LINE, annotations=NOTES))
    notes = {text.get_text().replace("\n", " "): text for text in axes.texts}
    launch = notes["Launch of the new product line"]
    assert "\n" in launch.get_text()  # wrapped
    assert launch.arrow_patch is not None
    assert launch.xy == (2, 120)  # the first series' value in March 2023
    assert notes["Strike"].arrow_patch is None
    shaded = [p for p in axes.patches if p.get_x() == pytest.approx(4.5)]
    assert shaded
    assert shaded[0].get_width() == pytest.approx(4)


def panels_drawn(chart):
    """Every panel of a small-multiples chart drawn on a share card's figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    draw_chart(figure, chart, top=0.7)
    return figure.axes


def test_small_multiples_write_each_panels_bar_values_as_the_page_does():
    chart = make_chart_of_type(ChartType.BAR, value_columns=["exports", "imports"], highlight=[])
    chart.spec = chart.spec.model_copy(update={"facet": FacetSpec(by="series")})
    chart.spec.labels.values = True
    exports, imports = panels_drawn(chart)
    assert texts(exports)[:3] == ["2,065", "3,594", "1,688"]
    assert texts(imports)[:3] == ["3,376", "2,716", "1,571"]
    chart.spec.labels.values = False
    assert [texts(axes) for axes in panels_drawn(chart)] == [[], []]


def test_small_multiples_name_each_panels_lines_at_their_ends_in_their_colours():
    chart = make_chart_of_type(ChartType.LINE, direct_labels=True, annotations=[])
    chart.spec = chart.spec.model_copy(update={"facet": FacetSpec(by="series")})
    north, south = panels_drawn(chart)
    assert (texts(north), texts(south)) == (["north"], ["south"])
    for axes in (north, south):
        (line,) = axes.get_lines()
        (name,) = axes.texts
        assert name.get_color() == line.get_color()
        assert name.xy == (23, line.get_ydata()[-1])  # at the last month's point


def test_small_multiples_write_the_notes_in_every_panel():
    chart = make_chart_of_type(ChartType.LINE, annotations=NOTES)
    chart.spec = chart.spec.model_copy(update={"facet": FacetSpec(by="series")})
    for axes in panels_drawn(chart):
        notes = {text.get_text().replace("\n", " "): text for text in axes.texts}
        assert set(notes) == {"Launch of the new product line", "Strike"}
        assert notes["Launch of the new product line"].arrow_patch is not None
        assert [p for p in axes.patches if p.get_x() == pytest.approx(4.5)]  # the shaded period


def test_the_cards_look(settings):
    # Written for a person to look at: test-artifacts/share-*.png.
    folder = Path(settings.BASE_DIR, "test-artifacts")
    folder.mkdir(exist_ok=True)
    charts = {
        "values": make_chart_of_type(ChartType.BAR, value_labels=True),
        "values-sideways": make_chart_of_type(ChartType.HORIZONTAL_BAR, value_labels=True),
        "line-ends": make_chart_of_type(ChartType.LINE, direct_labels=True, annotations=[]),
        "note": make_chart_of_type(ChartType.LINE, value_columns=["north"], annotations=NOTES),
        "multiples-line-ends": make_stocks_multiples(direct_labels=True, annotations=[LEHMAN]),
        "multiples-values": make_chart_of_type(
            ChartType.BAR, value_columns=["exports", "imports"], value_labels=True, highlight=[]
        ),
        "multiples-notes": make_chart_of_type(ChartType.LINE, annotations=NOTES),
    }
    for name in ("multiples-values", "multiples-notes"):
        chart = charts[name]
        chart.spec = chart.spec.model_copy(update={"facet": FacetSpec(by="series")})
        chart.save()
    for name, chart in charts.items():
        png = render_share_image(article=make_article(charts=[chart]))
        assert png.startswith(b"\x89PNG")
        (folder / f"share-{name}.png").write_bytes(png)


def test_labels_along_the_bottom_never_run_into_each_other():
    months = [f"{year}-{m:02d}-01" for year in (2023, 2024) for m in range(1, 13)]
    rows = "".join(f"{month},{n}\n" for n, month in enumerate(months))
    content = ("month,value\n" + rows).encode()
    chart = make_chart(
        dataset=make_dataset(content=content),
        chart_type=ChartType.LINE,
        label_column="month",
        value_columns=["value"],
    )
    axes = drawn(chart)
    renderer = axes.figure.canvas.get_renderer()
    shown = [label for label in axes.get_xticklabels() if label.get_text()]
    assert 2 <= len(shown) < 24  # the first, then every nth
    assert shown[0].get_text() == "2023-01-01"
    boxes = [label.get_window_extent(renderer) for label in shown]
    assert not any(a.overlaps(b) for n, a in enumerate(boxes) for b in boxes[n + 1 :])


def test_a_note_in_panels_by_column_points_at_each_panels_own_line():
    chart = make_stocks_multiples(annotations=[LEHMAN])
    for axes in panels_drawn(chart):
        (line,) = axes.get_lines()
        (text,) = axes.texts
        x, y = text.xy
        assert y == line.get_ydata()[list(line.get_xdata()).index(x)]


def test_small_multiples_leave_out_values_their_panels_are_too_narrow_for():
    rows = "".join(f"{g},{n},{1000 + n * 37}\n" for g in "ABCDEF" for n in range(1, 11))
    chart = make_chart(
        dataset=make_dataset(content=("group,n,v\n" + rows).encode()),
        label_column="n",
        value_columns=["v"],
        value_labels=True,
        facet_by="column",
        facet_column="group",
    )
    panels = panels_drawn(chart)
    assert len(panels) == 6
    assert all(texts(axes) == [] for axes in panels)  # ten 5-character numbers a small panel
