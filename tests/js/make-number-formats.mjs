/*
 * Writes tests/fixtures/number_formats.json: what the reader's chart writes for
 * each (value, style, unit, locale), on a value-axis tick and in a tooltip, as
 * static/js/charts/format.js writes it with this Node's Intl (full ICU, as
 * Chromium's). Run it when the formatter or the locales change, read the diff,
 * and commit the table: node --test (tests/js/), pytest (the share image's
 * formatter) and the browser test (Chromium) all check against it.
 *
 *     node tests/js/make-number-formats.mjs
 */
import { writeFileSync } from "node:fs";
import { numberFormat } from "../../static/js/charts/format.js";
import { FIXTURE, LOCALES, STYLES } from "./number-formats.mjs";

const VALUES = [
  0, -0.001, 0.004, 0.5, 2.25, -7.125, 12.5, 999, 999.96, 1500, -46000, 100000, 123456.789,
  999999, -1000, -1000000, 2000000, -30840000, 6000000000, 1.5e12,
];
// Style, unit (and scale) triples: every style, currencies with and without decimals,
// word units, and a table in thousands (scale 1000: -1000 is minus a million).
const KINDS = [
  [STYLES.plain, ""],
  [STYLES.grouped, "papers"],
  [STYLES.compact, ""],
  [STYLES.compact, "GPU-hours"],
  [STYLES.percent, ""],
  [STYLES.currency, "USD"],
  [STYLES.currency, "EUR"],
  [STYLES.currency, "JPY"],
  [STYLES.currency, "dollars"], // not a currency code: a word unit, grouped numbers
  [STYLES.compact, "jobs", 1000],
  [STYLES.grouped, "jobs", 1000],
];

const rows = [];
for (const locale of LOCALES) {
  for (const [style, unit, scale] of KINDS) {
    const numbers = numberFormat({ style, unit, locale, scale });
    for (const value of VALUES) {
      const kind = scale ? { value, style, unit, scale, locale } : { value, style, unit, locale };
      rows.push({ ...kind, tick: numbers.tick(value), tooltip: numbers.value(value) });
    }
  }
}
const header = {
  about: "What the reader's chart writes (static/js/charts/format.js, Intl). Made by tests/js/make-number-formats.mjs.",
  icu: process.versions.icu,
  cldr: process.versions.cldr,
};
writeFileSync(FIXTURE, JSON.stringify({ ...header, rows }, null, 1) + "\n");
console.log(`${rows.length} rows written to ${FIXTURE.pathname}`);
