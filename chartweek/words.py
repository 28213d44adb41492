"""The one list of words read as true or false, and each context's named extension.

Every place that reads a yes/no from text starts from `TRUE` and `FALSE`
(true/false, yes/no). A context that legitimately accepts more says so here, by
name, so the differences are visible side by side rather than hidden in three
modules:

- `SETTINGS` (environment variables, `chartweek.env.envbool`): also 1/0 and
  on/off, the shell's habits; an empty value is false.
- `CELLS` (a dataset's cells, `datasets.values.parse_boolean`): also y/n, as
  spreadsheets write them. Never 1/0: a column of 0s and 1s is numbers.
- `FILTERS` (API query parameters, `api.comparisons.read_boolean`): also 1/0, as
  query strings write them.

Words are compared after `strip()` and `lower()`.
"""

from dataclasses import dataclass

TRUE: frozenset[str] = frozenset({"true", "yes"})
FALSE: frozenset[str] = frozenset({"false", "no"})


@dataclass(frozen=True)
class BooleanWords:
    """The words one context reads as true and as false (the shared ones plus its own)."""

    true: frozenset[str]
    false: frozenset[str]

    def read(self, text: str) -> bool | None:
        """True or False for a word of this context, None for any other text."""
        word = text.strip().lower()
        if word in self.true:
            return True
        if word in self.false:
            return False
        return None


def _extend(*, true: set[str], false: set[str]) -> BooleanWords:
    return BooleanWords(true=TRUE | true, false=FALSE | false)


SETTINGS = _extend(true={"1", "on"}, false={"0", "off", ""})
CELLS = _extend(true={"y"}, false={"n"})
FILTERS = _extend(true={"1"}, false={"0"})
