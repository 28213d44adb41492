"""Each context's true/false words, pinned: what settings, cells and API filters accept."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from api.comparisons import RowQueryError, read_boolean
from chartweek import words
from chartweek.env import envbool
from datasets.values import parse_boolean

SHARED = {"true": True, "yes": True, "false": False, "no": False}
# Each context's words beyond the shared ones, and words it must refuse.
SETTINGS_ONLY = {"1": True, "on": True, "0": False, "off": False, "": False}
CELLS_ONLY = {"y": True, "n": False}
FILTERS_ONLY = {"1": True, "0": False}


def test_the_shared_words_are_true_false_and_yes_no():
    assert set(words.TRUE) == {"true", "yes"}
    assert set(words.FALSE) == {"false", "no"}


@pytest.mark.parametrize(
    ("context", "extra"),
    [(words.SETTINGS, SETTINGS_ONLY), (words.CELLS, CELLS_ONLY), (words.FILTERS, FILTERS_ONLY)],
)
def test_each_context_accepts_exactly_the_shared_words_and_its_own(context, extra):
    accepted = {**SHARED, **extra}
    assert context.true == {word for word, value in accepted.items() if value}
    assert context.false == {word for word, value in accepted.items() if not value}


@pytest.mark.parametrize("text", ["TRUE", " Yes ", "\tfalse\n", "No"])
def test_case_and_surrounding_space_do_not_matter(text):
    assert words.CELLS.read(text) is not None


@pytest.mark.parametrize("text", ["1", "0", "on", "off", "", "maybe", "t", "true\x00"])
def test_cells_refuse_settings_words_because_0_and_1_are_numbers(text):
    assert parse_boolean(text) is None


@pytest.mark.parametrize(("text", "value"), [*SHARED.items(), *CELLS_ONLY.items()])
def test_cells_read_their_words(text, value):
    assert parse_boolean(text) is value


@pytest.mark.parametrize(("text", "value"), [*SHARED.items(), *SETTINGS_ONLY.items()])
def test_settings_read_their_words(monkeypatch, text, value):
    monkeypatch.setenv("FLAG", text)
    assert envbool("FLAG", default=not value) is value


@pytest.mark.parametrize("text", ["y", "n", "maybe", "2"])
def test_settings_refuse_other_words(monkeypatch, text):
    monkeypatch.setenv("FLAG", text)
    with pytest.raises(ImproperlyConfigured):
        envbool("FLAG")


@pytest.mark.parametrize(("text", "value"), [*SHARED.items(), *FILTERS_ONLY.items()])
def test_filters_read_their_words(text, value):
    assert read_boolean("flag", text) is value


@pytest.mark.parametrize("text", ["y", "n", "on", "off", ""])
def test_filters_refuse_other_words(text):
    with pytest.raises(RowQueryError):
        read_boolean("flag", text)
