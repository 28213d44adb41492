"""Data transforms: the steps that turn a dataset's table into the table a chart plots.

A chart keeps its steps as a list of `Transform` (pydantic models, one per
operation, told apart by their `op`, in transform_steps.py), so they are
validated when written and travel as JSON in the chart's spec and its API.
`apply(table, transforms)` runs them in order on the server, a pure function over
a (header, rows, types) table; `describe(transforms)` says what they do in plain
words, for the builder and the chart's notes. What each step does to values is in
transform_ops.py. The steps are importable from here too.

Limits keep every step bounded on a 1,000,000-row table: at most MAX_TRANSFORMS
steps; a pivot makes at most MAX_SERIES series, a transpose at most MAX_COLUMNS
columns, a melt at most MAX_CELLS values. A step that cannot run raises
TransformError saying which step and why.
"""

from charts.transform_steps import (
    MAX_TRANSFORMS,
    TRANSFORM_TYPES,
    Change,
    Filter,
    Group,
    Index,
    Melt,
    Pivot,
    Rescale,
    RunningTotal,
    Share,
    Sort,
    Top,
    Transform,
    Transforms,
    Transpose,
)
from charts.transform_values import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_SERIES,
    StepError,
    Table,
)

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_SERIES",
    "MAX_TRANSFORMS",
    "TRANSFORM_TYPES",
    "Change",
    "Filter",
    "Group",
    "Index",
    "Melt",
    "Pivot",
    "Rescale",
    "RunningTotal",
    "Share",
    "Sort",
    "Table",
    "Top",
    "Transform",
    "TransformError",
    "Transforms",
    "Transpose",
    "apply",
    "describe",
    "unit_after",
]


class TransformError(ValueError):
    """A step that cannot run on this table: `step` (from 1) and a message for the editor."""

    def __init__(self, message: str, *, step: int):
        super().__init__(message)
        self.step = step


def apply(table: Table, transforms: list[Transform]) -> Table:
    """The table after each step in turn; TransformError names the step that cannot run."""
    if len(transforms) > MAX_TRANSFORMS:
        raise TransformError(
            f"A chart has at most {MAX_TRANSFORMS} steps; this one has {len(transforms)}.",
            step=MAX_TRANSFORMS + 1,
        )
    table = Table(list(table.header), table.rows, list(table.types))
    for number, step in enumerate(transforms, 1):
        try:
            table = step.run(table)
        except StepError as exc:
            raise TransformError(
                f"Step {number} ({step.describe()}) cannot run: {exc}.", step=number
            ) from None
    return table


def describe(transforms: list[Transform]) -> list[str]:
    """What the steps do, one plain sentence each ("Counted rows by neighbourhood")."""
    return [step.describe() for step in transforms]


def unit_after(transforms: list[Transform], unit: str) -> str:
    """The unit the chart's numbers are in after the steps: the last rescale's, if any."""
    for step in reversed(transforms):
        if isinstance(step, Rescale) and step.unit:
            return step.unit
    return unit
