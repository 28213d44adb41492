/*
 * How numbers and dates are written on a chart, in the chart's locale, with the
 * browser's Intl. One place: ticks, tooltips and the keyboard read-out use it.
 * tests/fixtures/number_formats.json pins what it writes; the share image's
 * Python formatter (charts/numbers.py) is held to the same table.
 */

// Intl writes a hyphen-minus; a chart prints the minus sign (U+2212), as wide as
// a plus and level with the figures. The share image (charts/numbers.py) does too.
const MINUS = "\u2212";

function written(numbers, value) {
  return numbers
    .formatToParts(value)
    .map(function (part) { return part.type === "minusSign" ? MINUS : part.value; })
    .join("");
}

// Tick labels on a value axis, tooltip values, bar values and plain numbers (years along a line).
// `format.scale` is what one unit of the data is worth: 1000 for a table in
// thousands, so that "compact" writes 5,696 (thousand) as 5.7m, never 5.7k.
export function numberFormat(format) {
  const locale = format.locale || undefined;
  const unit = format.unit || "";
  const worth = format.scale || 1;
  const currency = format.style === "currency" && /^[A-Z]{3}$/.test(unit) ? unit : null;
  const base = {};
  if (format.style === "plain") base.useGrouping = false;
  if (currency) {
    Object.assign(base, { style: "currency", currency: currency, minimumFractionDigits: 0 });
  }
  if (format.style === "percent") base.style = "percent";
  const full = new Intl.NumberFormat(locale, Object.assign({ maximumFractionDigits: 2 }, base));
  const compact = new Intl.NumberFormat(
    locale, Object.assign({ notation: "compact", maximumFractionDigits: 1 }, base)
  );
  const onTicks = format.style === "compact" || currency ? compact : full;
  const inTooltips = format.style === "compact" ? compact : full;
  // Percent values are 0–100; Intl's percent style expects fractions.
  const scale = format.style === "percent" ? 0.01 : 1;
  // A word unit ("papers") titles the value axis and follows numbers in tooltips.
  const word = !currency && format.style !== "percent" ? unit : "";
  function render(numbers, value, withWord) {
    if (value === null || value === undefined || !isFinite(value * worth)) return "–";
    return written(numbers, value * worth * scale) + (withWord && word ? " " + word : "");
  }
  const plain = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
  return {
    tick: function (value) { return render(onTicks, value, false); },
    value: function (value) { return render(inTooltips, value, true); },
    // On a bar (static/js/charts/labels.js): the tooltip's number, without the word.
    bare: function (value) { return render(inTooltips, value, false); },
    plain: { format: function (value) { return written(plain, value); } },
  };
}

// "2021-03-01" (or a timestamp) as a local date: a UTC midnight would show
// the day before to every reader west of Greenwich.
export function toDate(value) {
  if (typeof value === "number") return new Date(value);
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  return parts ? new Date(+parts[1], parts[2] - 1, +parts[3]) : new Date(NaN);
}

// Dates written as coarsely as the values allow: years, months or days.
export function dateFormat(locale, values) {
  const dates = values.map(toDate).filter(function (d) { return !isNaN(d); });
  const monthly = dates.every(function (d) { return d.getDate() === 1; });
  const yearly = monthly && dates.every(function (d) { return d.getMonth() === 0; });
  const options = yearly
    ? { year: "numeric" }
    : monthly
      ? { year: "numeric", month: "short" }
      : { year: "numeric", month: "short", day: "numeric" };
  const formatter = new Intl.DateTimeFormat(locale, options);
  return function (value) {
    const date = toDate(value);
    return isNaN(date) ? String(value) : formatter.format(date);
  };
}
