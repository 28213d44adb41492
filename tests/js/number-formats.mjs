// The shared table of number formats and the choices it covers (datasets/models.py).
import { readFileSync } from "node:fs";

export const FIXTURE = new URL("../fixtures/number_formats.json", import.meta.url);

// NumberFormat and NumberLocale in datasets/models.py.
export const STYLES = {
  plain: "plain", grouped: "grouped", compact: "compact", percent: "percent", currency: "currency",
};
export const LOCALES = [
  "en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "zh-CN", "ja-JP", "hi-IN",
];

export function fixture() {
  return JSON.parse(readFileSync(FIXTURE, "utf8"));
}

// Node's Intl writes the table's text only with ICU data as new as the table's
// (Chromium's). An older Node (Debian's own nodejs 18 uses the system's ICU)
// skips the comparison, saying so; tests/e2e/test_number_formats.py still
// checks the table in Chromium, which is what readers have.
export function olderIntl(table) {
  const ours = Number.parseFloat(process.versions.cldr || "0");
  return ours < Number.parseFloat(table.cldr)
    ? `this Node's ICU has CLDR ${process.versions.cldr}; the table was made with CLDR ${table.cldr}`
    : false;
}
