"""What readers see a plotted column called: one answer for every surface.

A series' name is the editor's override on the spec (`Series.name`), else the
title the dataset gives the column (`Dataset.column_notes`), else the column's
own name. The legend, tooltips and axis titles (charts/config.py), the data
table's headers, the automatic description (charts/describe.py), the chart CSV,
the API's chart endpoint and the share image all ask `shown_name`, so a title
set on the dataset reaches them all at once.

The dataset's titles and units travel with the plotted table
(`charts.plotted.Plotted.titles` and `.units`), read once where the table is.
"""

from collections.abc import Mapping

from charts.spec import ChartSpec


def column_titles(dataset, names: list[str]) -> dict[str, str]:
    """The dataset's titles for these columns, where it gives one."""
    notes = getattr(dataset, "column_notes", None) or {}
    titles = {}
    for name in names:
        note = notes.get(name)
        title = note.get("title", "") if isinstance(note, dict) else ""
        if isinstance(title, str) and title.strip():
            titles[name] = title.strip()
    return titles


def column_units(dataset, version, names: list[str]) -> dict[str, str]:
    """The units the dataset gives these columns (typed by an editor, or read from the file)."""
    if dataset is None or version is None:
        return {}
    described = {c["name"]: c["unit"] for c in dataset.describe_columns(version.columns)}
    return {name: str(described[name]) for name in names if described.get(name)}


def shown_name(spec: ChartSpec, column: str, titles: Mapping[str, str]) -> str:
    """What readers see `column` called: the series' override, the dataset's title, or itself."""
    override = next((s.name for s in spec.series if s.column == column and s.name), "")
    return override or titles.get(column) or column


def series_names(spec: ChartSpec, table) -> list[str]:
    """Each series' shown name, in the spec's order."""
    return [shown_name(spec, s.column, table.titles) for s in spec.series]


def shown_header(spec: ChartSpec, table) -> list[str]:
    """The plotted table's column headings for readers: shown names, with any unit.

    For the data table under the chart and the header of the chart's CSV.
    """
    headings = []
    for column in table.header:
        name = shown_name(spec, column, table.titles)
        unit = table.units.get(column, "")
        headings.append(f"{name} ({unit})" if unit else name)
    return headings
