import assert from "node:assert/strict";
import { test } from "node:test";
import { dateFormat, numberFormat, toDate } from "../../static/js/charts/format.js";
import { LOCALES, STYLES, fixture, olderIntl } from "./number-formats.mjs";

const table = fixture();
const rows = table.rows;
const skip = olderIntl(table);

test("the shared table covers every number style and every locale", () => {
  assert.deepEqual(new Set(rows.map((row) => row.style)), new Set(Object.values(STYLES)));
  assert.deepEqual(new Set(rows.map((row) => row.locale)), new Set(LOCALES));
  const values = rows.map((row) => row.value);
  assert.ok(values.some((v) => v < 0) && values.includes(0) && values.some((v) => v % 1 !== 0));
  assert.ok(values.some((v) => v >= 1e12));
});

test("ticks and tooltips write every number as the shared table has it", { skip }, () => {
  const wrong = [];
  for (const row of rows) {
    const numbers = numberFormat(row);
    const got = { tick: numbers.tick(row.value), tooltip: numbers.value(row.value) };
    for (const kind of ["tick", "tooltip"]) {
      if (got[kind] !== row[kind]) wrong.push(`${JSON.stringify(row)}: ${kind} ${got[kind]}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("the table pins what the issue was about: the reader's chart in British English", () => {
  const find = (style, unit, value) =>
    rows.find((r) => r.locale === "en-GB" && r.style === style && r.unit === unit && r.value === value);
  assert.equal(find("currency", "USD", 6000000000).tick, "US$6bn");
  assert.equal(find("compact", "", -46000).tick, "\u221246k");
  assert.equal(find("percent", "", 12.5).tooltip, "12.5%");
  assert.equal(find("grouped", "papers", 1500).tooltip, "1,500 papers");
});

test("a missing value is a dash, with no unit after it", () => {
  const numbers = numberFormat({ style: "grouped", unit: "papers", locale: "en-GB" });
  for (const missing of [null, undefined, NaN]) {
    assert.equal(numbers.tick(missing), "–");
    assert.equal(numbers.value(missing), "–");
  }
});

test("negative numbers take the minus sign, never a hyphen, on ticks, tooltips and plain numbers", () => {
  for (const locale of LOCALES) {
    const numbers = numberFormat({ style: "compact", unit: "GPU-hours", locale });
    for (const text of [numbers.tick(-46000), numbers.value(-46000), numbers.plain.format(-500)]) {
      assert.ok(text.includes("\u2212"), `${locale}: ${text}`);
      assert.ok(!text.replace("GPU-hours", "").includes("-"), `${locale}: ${text}`);
    }
  }
});

test("a table in thousands (scale 1000) is written in millions, never as thousands", () => {
  const plain = numberFormat({ style: "compact", unit: "jobs", locale: "en-GB" });
  const thousands = numberFormat({ style: "compact", unit: "jobs", locale: "en-GB", scale: 1000 });
  assert.equal(plain.tick(-1000), "\u22121k"); // what the issue saw, meaning minus a million
  assert.equal(thousands.tick(-1000), "\u22121m");
  assert.equal(thousands.value(5696), "5.7m jobs");
});

test("plain numbers (years along a line) have no separators in any locale", () => {
  for (const locale of LOCALES) {
    assert.equal(numberFormat({ style: "grouped", unit: "", locale }).plain.format(2024), "2024");
  }
});

test("a date string is the reader's local midnight, not UTC's", () => {
  const date = toDate("2021-03-01");
  assert.deepEqual([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours()], [2021, 2, 1, 0]);
  assert.ok(isNaN(toDate("not a date")));
  assert.equal(toDate(86400000).getTime(), 86400000);
});

test("dates are written as coarsely as the values allow", () => {
  assert.equal(dateFormat("en-GB", ["2020-01-01", "2021-01-01"])("2021-01-01"), "2021");
  assert.equal(dateFormat("en-GB", ["2020-01-01", "2020-02-01"])("2020-02-01"), "Feb 2020");
  assert.equal(dateFormat("en-GB", ["2020-01-01", "2020-01-15"])("2020-01-15"), "15 Jan 2020");
  assert.equal(dateFormat("de-DE", ["2020-01-01", "2020-01-15"])("2020-01-15"), "15. Jan. 2020");
  assert.equal(dateFormat("en-GB", ["2020-01-01"])("soon"), "soon");
});
