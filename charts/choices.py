"""The chart's choices: its types and their families, number formats, locales, sort orders.

Plain enums with no model behind them, so that the spec (charts/spec.py) and the
pure functions built on it need no database.
"""

from django.db import models


class ChartType(models.TextChoices):
    BAR = "bar", "Bars (vertical)"
    HORIZONTAL_BAR = "horizontal_bar", "Bars (horizontal)"
    GROUPED_BAR = "grouped_bar", "Grouped bars (columns side by side)"
    STACKED_BAR = "stacked_bar", "Stacked bars (columns on top of each other)"
    LINE = "line", "Line"
    AREA = "area", "Area (several columns are stacked)"
    SCATTER = "scatter", "Scatter (points against a numeric or date column)"
    PIE = "pie", "Pie"
    DOUGHNUT = "doughnut", "Doughnut"
    BAR_LINE = "bar_line", "Bars and lines"
    # Maps and tables (issue 16): drawn from their own spec parts, ChartSpec.map and .table.
    MAP = "map", "Map (choropleth or symbols)"
    TABLE = "table", "Table (sortable, with bar or heat cells)"
    # Dot, range and arrow plots (issue 16): one type, its style in ChartSpec.dots.
    DOT = "dot", "Dot, range or arrow plot (values per label, and their gap)"


# Families of chart types, for the checks and the config builder.
ROUND_TYPES = frozenset({ChartType.PIE, ChartType.DOUGHNUT})
BAR_TYPES = frozenset(
    {
        ChartType.BAR,
        ChartType.HORIZONTAL_BAR,
        ChartType.GROUPED_BAR,
        ChartType.STACKED_BAR,
        ChartType.BAR_LINE,
    }
)
# Types whose categories have no order of their own, so they may be sorted by value.
SORTABLE_TYPES = BAR_TYPES - {ChartType.BAR_LINE} | ROUND_TYPES | {ChartType.DOT}
MULTI_SERIES_TYPES = frozenset(
    {ChartType.GROUPED_BAR, ChartType.STACKED_BAR, ChartType.BAR_LINE, ChartType.DOT}
)
STACKED_TYPES = frozenset({ChartType.STACKED_BAR, ChartType.AREA})
LINE_TYPES = frozenset({ChartType.LINE, ChartType.AREA})
# Maps and tables: no axes, series or Chart.js config of the usual kind.
MAP_TABLE_TYPES = frozenset({ChartType.MAP, ChartType.TABLE})
HIGHLIGHT_TYPES = frozenset({ChartType.BAR, ChartType.HORIZONTAL_BAR}) | ROUND_TYPES


class NumberFormat(models.TextChoices):
    PLAIN = "plain", "Plain (46000)"
    GROUPED = "grouped", "Thousands separated (46,000)"
    COMPACT = "compact", "Compact (46K)"
    PERCENT = "percent", "Percent (values are 0–100)"
    CURRENCY = "currency", "Currency (unit is its code, e.g. USD)"


class NumberLocale(models.TextChoices):
    """How numbers are written: separators, currency symbols, compact words."""

    EN_GB = "en-GB", "English, UK (46,000.5; £46k)"
    EN_US = "en-US", "English, US (46,000.5; $46K)"
    DE_DE = "de-DE", "German (46.000,5; 46.000 €)"
    FR_FR = "fr-FR", "French (46 000,5; 46 k €)"
    ES_ES = "es-ES", "Spanish (46.000,5; 46 mil €)"
    IT_IT = "it-IT", "Italian (46.000,5)"
    NL_NL = "nl-NL", "Dutch (46.000,5)"
    PT_BR = "pt-BR", "Portuguese, Brazil (46.000,5)"
    ZH_CN = "zh-CN", "Chinese (4.6万)"
    JA_JP = "ja-JP", "Japanese (4.6万)"
    HI_IN = "hi-IN", "Hindi, India (46,000.5; 1,00,000)"


class SortOrder(models.TextChoices):
    DATA = "data", "As in the data"
    DESCENDING = "value_desc", "Largest first"
    ASCENDING = "value_asc", "Smallest first"
    LABEL = "label", "By label (A to Z, or oldest first)"
