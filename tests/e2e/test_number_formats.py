"""Chromium writes every number in the shared table as the table has it.

tests/fixtures/number_formats.json is made with Node's Intl; readers have
Chromium's. The same formatter module, as readers' pages load it, is run over
the whole table in the browser.
"""

import json
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "number_formats.json"

CHECK = """
async ([module, rows]) => {
  const { numberFormat } = await import(module);
  const wrong = [];
  for (const row of rows) {
    const numbers = numberFormat(row);
    const got = { tick: numbers.tick(row.value), tooltip: numbers.value(row.value) };
    for (const kind of ["tick", "tooltip"]) {
      if (got[kind] !== row[kind]) wrong.push([row, kind, got[kind]]);
    }
  }
  return { checked: rows.length, wrong };
}
"""


def test_chromium_writes_every_number_in_the_shared_table_as_node_does(page, live_server):
    rows = json.loads(FIXTURE.read_text())["rows"]
    page.goto(live_server.url + reverse("articles:home"))
    result = page.evaluate(CHECK, ["/static/js/charts/format.js", rows])
    assert result == {"checked": len(rows), "wrong": []}
    assert page.problems == []
