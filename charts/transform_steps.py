"""The steps of a chart's transforms, as pydantic models: one per operation, told apart
by their `op`, validated when written and carried as JSON in the chart's spec and its
API. Each says what it does (`describe`) and runs itself (`run`, through
transform_ops.py); charts/transforms.py runs a list of them in order.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from charts import transform_ops as ops
from charts.transform_values import Table

MAX_TRANSFORMS = 20

# Text an editor types: bounded, and no control characters (PostgreSQL's jsonb refuses NUL).
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=_PRINTABLE)]
Text = Annotated[str, Field(max_length=500, pattern=_PRINTABLE)]
# A value an editor compares cells with: text, a number or true/false.
Scalar = StrictBool | StrictInt | Annotated[float, Field(allow_inf_nan=False)] | Text
Columns = Annotated[list[Name], Field(min_length=1, max_length=200)] | None
Function = Literal["count", "sum", "mean", "median", "min", "max"]
_FUNCTION_WORDS = {
    "count": "count",
    "sum": "total",
    "mean": "mean",
    "median": "median",
    "min": "lowest",
    "max": "highest",
}


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def run(self, table: Table) -> Table:  # pragma: no cover - every step overrides it
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover
        raise NotImplementedError


def _columns_text(columns: list[str] | None, default: str = "every number column") -> str:
    return ", ".join(columns) if columns else default


class Filter(Step):
    """Keep the rows where `column` compares with `value` (a list for "in")."""

    op: Literal["filter"] = "filter"
    column: Name
    operator: Literal["=", "!=", "<", "<=", ">", ">=", "in", "contains"] = "="
    value: Scalar | Annotated[list[Scalar], Field(min_length=1, max_length=1000)]

    @model_validator(mode="after")
    def _one_value_unless_in(self):
        if isinstance(self.value, list) and self.operator != "in":
            raise ValueError(f"“{self.operator}” compares with one value, not a list")
        return self

    @property
    def values(self) -> list:
        return self.value if isinstance(self.value, list) else [self.value]

    def run(self, table):
        return ops.filter_rows(
            table, column=self.column, operator=self.operator, values=self.values
        )

    def describe(self):
        words = {"=": "is", "!=": "is not", "in": "is one of", "contains": "contains"}
        shown = ", ".join(_shown(v) for v in self.values[:10])
        more = f" and {len(self.values) - 10} more" if len(self.values) > 10 else ""
        word = words.get(self.operator, self.operator)
        return f"Kept the rows where {self.column} {word} {shown}{more}"


def _shown(value) -> str:
    if not isinstance(value, str):
        return str(value)
    return f"“{value}”" if len(value) <= 40 else f"“{value[:30]}…” ({len(value)} characters)"


class Aggregate(BaseModel):
    """One column of a group's row: a function of a column (count needs none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    function: Function = "count"
    column: Name | None = None
    name: Name | None = None

    @model_validator(mode="after")
    def _column_unless_count(self):
        if self.column is None and self.function != "count":
            raise ValueError(f"choose the column to take the {self.function} of")
        return self

    @property
    def output_name(self) -> str:
        if self.name:
            return self.name
        if self.column is None:
            return "count"
        return self.column if self.function != "count" else f"{self.column} (count)"

    def words(self) -> str:
        if self.column is None:
            return "count of rows"
        return f"{_FUNCTION_WORDS[self.function]} of {self.column}"


class Group(Step):
    """One row per value of `by`, with counts or other aggregates of the rows in it."""

    op: Literal["group"] = "group"
    by: Name
    aggregates: Annotated[list[Aggregate], Field(min_length=1, max_length=20)] = [Aggregate()]

    def run(self, table):
        specs: list[tuple[str, str | None, str]] = [
            (a.function, a.column, a.output_name) for a in self.aggregates
        ]
        return ops.group(table, by=self.by, aggregates=specs)

    def describe(self):
        if self.aggregates == [Aggregate()]:
            return f"Counted rows by {self.by}"
        return f"Grouped the rows by {self.by}: " + ", ".join(a.words() for a in self.aggregates)


class Pivot(Step):
    """Long to wide: one series per value of `category`, one row per `label`."""

    op: Literal["pivot"] = "pivot"
    category: Name
    value: Name | None = None
    label: Name | None = None  # default: the first column that is neither of the above
    aggregate: Function = "sum"  # for labels that repeat within a series

    def run(self, table):
        return ops.pivot(
            table,
            label=self.label,
            category=self.category,
            value=self.value,
            function=self.aggregate,
        )

    def describe(self):
        what = f"from {self.value}" if self.value else "counting rows"
        repeats = f" ({_FUNCTION_WORDS[self.aggregate]} where a label repeats)"
        return f"Made one series per {self.category}, {what}" + (repeats if self.value else "")


class Melt(Step):
    """Wide to long: the chosen columns become rows of (column name, value)."""

    op: Literal["melt"] = "melt"
    columns: Columns = None  # default: every column after the first
    name: Name = "series"
    value: Name = "value"

    def run(self, table):
        return ops.melt(table, columns=self.columns, name=self.name, value=self.value)

    def describe(self):
        which = _columns_text(self.columns, "the columns after the first")
        return f"Turned {which} into rows ({self.name}, {self.value})"


class Transpose(Step):
    """Rows become columns: the first column's values name them."""

    op: Literal["transpose"] = "transpose"
    name: Name = "name"  # the header of the new first column (the old column names)

    def run(self, table):
        return ops.transpose(table, name=self.name)

    def describe(self):
        return "Swapped rows and columns"


class Sort(Step):
    op: Literal["sort"] = "sort"
    column: Name
    direction: Literal["ascending", "descending"] = "descending"

    def run(self, table):
        return ops.sort(table, column=self.column, descending=self.direction == "descending")

    def describe(self):
        order = "largest first" if self.direction == "descending" else "smallest first"
        return f"Sorted by {self.column}, {order}"


class Top(Step):
    """The first `n` rows (sorted by `by`, largest first, if given); the rest as one row."""

    op: Literal["top"] = "top"
    n: Annotated[int, Field(ge=1, le=1000)]
    by: Name | None = None
    other: bool = True
    other_label: Annotated[str, Field(min_length=1, max_length=100, pattern=_PRINTABLE)] = "Other"

    def run(self, table):
        other = self.other_label if self.other else None
        if self.by is not None:
            return ops.top_by(table, n=self.n, by=self.by, other=other)
        return ops.top(table, n=self.n, other=other)

    def describe(self):
        by = f" by {self.by}" if self.by else ""
        rest = f", the rest added up as “{self.other_label}”" if self.other else ""
        return f"Kept the top {self.n}{by}{rest}"


class Share(Step):
    """Each value as a percentage of its column's total."""

    op: Literal["share"] = "share"
    columns: Columns = None

    def run(self, table):
        return ops.share(table, columns=self.columns)

    def describe(self):
        return f"Showed {_columns_text(self.columns)} as a share of its total (%)"


class Change(Step):
    """The change (or % change) from the first value, the previous row, or a chosen row."""

    op: Literal["change"] = "change"
    columns: Columns = None
    base: Literal["first", "previous", "row"] = "first"
    row: Name | None = None
    percent: bool = False

    @model_validator(mode="after")
    def _row_when_base_is_a_row(self):
        if (self.base == "row") != (self.row is not None):
            raise ValueError("name the row (its label) exactly when the base is a row")
        return self

    def run(self, table):
        return ops.change(
            table, columns=self.columns, base=self.base, at=self.row, percent=self.percent
        )

    def describe(self):
        kind = "% change" if self.percent else "change"
        base = {"first": "the first value", "previous": "the previous row"}.get(
            self.base, f"{self.row}"
        )
        return f"Showed {_columns_text(self.columns)} as the {kind} from {base}"


class Index(Step):
    """Each value as an index, 100 at the first value or at the row labelled `row`."""

    op: Literal["index"] = "index"
    columns: Columns = None
    row: Name | None = None

    def run(self, table):
        return ops.index_to_100(table, columns=self.columns, at=self.row)

    def describe(self):
        at = self.row or "the first value"
        return f"Indexed {_columns_text(self.columns)} to 100 at {at}"


class RunningTotal(Step):
    op: Literal["running_total"] = "running_total"
    columns: Columns = None

    def run(self, table):
        return ops.running_total(table, columns=self.columns)

    def describe(self):
        return f"Showed {_columns_text(self.columns)} as a running total"


_EXPONENTS = {1_000: 3, 1_000_000: 6, 1_000_000_000: 9}


class Rescale(Step):
    """Divide by a thousand, a million or a billion; `unit` is the unit text that follows."""

    op: Literal["rescale"] = "rescale"
    divide_by: Literal[1_000, 1_000_000, 1_000_000_000]
    unit: Annotated[str, Field(max_length=100, pattern=_PRINTABLE)] = ""
    columns: Columns = None

    def run(self, table):
        return ops.rescale(table, columns=self.columns, exponent=_EXPONENTS[self.divide_by])

    def describe(self):
        unit = f" (in {self.unit})" if self.unit else ""
        return f"Divided {_columns_text(self.columns)} by {self.divide_by:,}{unit}"


TRANSFORM_TYPES = (
    Filter,
    Group,
    Pivot,
    Melt,
    Transpose,
    Sort,
    Top,
    Share,
    Change,
    Index,
    RunningTotal,
    Rescale,
)
Transform = Annotated[
    Filter
    | Group
    | Pivot
    | Melt
    | Transpose
    | Sort
    | Top
    | Share
    | Change
    | Index
    | RunningTotal
    | Rescale,
    Field(discriminator="op"),
]
Transforms = Annotated[list[Transform], Field(max_length=MAX_TRANSFORMS)]
