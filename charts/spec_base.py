"""What every part of the chart spec (charts/spec.py) is built from: bounded texts and
numbers, and the base model that refuses unknown keys."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

MAX_COLUMN_NAME = 200
_NO_NUL = r"^[^\x00]*$"  # PostgreSQL's jsonb cannot hold NUL; nor should a title


def _text(max_length: int, *, min_length: int = 0) -> StringConstraints:
    """Bounds for a text, written `Annotated[str, _text(...)]`: the type checker reads that."""
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=_NO_NUL)


ColumnName = Annotated[str, _text(MAX_COLUMN_NAME, min_length=1)]
FiniteNumber = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-1e300, le=1e300)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)
