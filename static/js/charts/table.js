/*
 * Enhances a server-rendered table (templates/charts/includes/table.html):
 * sort by any column (a button in each header, aria-sort on the header), a
 * search box, pages for long tables, bar and heat-map cells for the numeric
 * columns whose header asks for them (data-style), read from each cell's
 * data-value. The table stays a table: rows are hidden or reordered, never
 * rebuilt, so what a screen reader met without script it meets with it.
 *
 * The helpers at the top are pure (tests/js/table.test.mjs); enhance() and
 * enhanceAll() touch the DOM when called.
 */

// Row indexes in order of one column: numbers by value, text as the locale sorts it;
// missing values last in either direction. Ties keep their order.
export function sortOrder(keys, numeric, direction, locale) {
  const collator = new Intl.Collator(locale || undefined, { numeric: true, sensitivity: "base" });
  const sign = direction === "descending" ? -1 : 1;
  const missing = function (key) { return numeric ? key === null || isNaN(key) : key === ""; };
  return keys.map(function (key, index) { return index; }).sort(function (a, b) {
    const ka = keys[a];
    const kb = keys[b];
    if (missing(ka) || missing(kb)) return missing(ka) - missing(kb) || a - b;
    const order = numeric ? ka - kb : collator.compare(ka, kb);
    return sign * order || a - b;
  });
}

// Folded for search: no case, no accents ("Côte" is found by "cote").
export function fold(text) {
  return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// Which rows (by their text) match the query: every word of it, anywhere in the row.
export function matching(texts, query) {
  const words = fold(query).slice(0, 200).split(/\s+/).filter(Boolean);
  return texts.map(function (text) {
    const folded = fold(text);
    return words.every(function (word) { return folded.indexOf(word) !== -1; });
  });
}

// The page to show: {first, last (exclusive), page, pages}, the page kept in range.
export function pageOf(count, page, size) {
  const pages = Math.max(1, Math.ceil(count / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { first: current * size, last: Math.min(count, (current + 1) * size), page: current, pages: pages };
}

// A bar's length and start as shares of the cell: from zero, so negatives run left.
export function barOf(value, low, high) {
  const from = Math.min(0, low);
  const to = Math.max(0, high);
  const span = to - from || 1;
  const zero = (0 - from) / span;
  const end = (value - from) / span;
  return { start: Math.min(zero, end), width: Math.abs(end - zero) };
}

// A heat-map cell's background: the site's blue at an opacity for the value's place.
export function heatOf(value, low, high) {
  const share = high === low ? 1 : (value - low) / (high - low);
  return "rgba(63, 127, 174, " + (0.08 + 0.6 * Math.min(1, Math.max(0, share))).toFixed(3) + ")";
}

/* The DOM */

function cellKey(cell, numeric) {
  if (!cell) return numeric ? null : "";
  if (numeric) return cell.hasAttribute("data-value") ? parseFloat(cell.getAttribute("data-value")) : null;
  return cell.textContent.trim();
}

function paint(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(table.tBodies[0].rows);
  headers.forEach(function (header, column) {
    const style = header.getAttribute("data-style");
    if (style !== "bar" && style !== "heat") return;
    const values = rows.map(function (row) { return cellKey(row.cells[column], true); })
      .filter(function (v) { return v !== null && isFinite(v); });
    const low = Math.min.apply(null, values);
    const high = Math.max.apply(null, values);
    rows.forEach(function (row) {
      const cell = row.cells[column];
      const value = cellKey(cell, true);
      if (value === null || !isFinite(value)) return;
      if (style === "heat") {
        cell.style.backgroundColor = heatOf(value, low, high);
        return;
      }
      const bar = barOf(value, low, high);
      cell.classList.add("data-table__bar");
      cell.style.setProperty("--bar-start", (bar.start * 100).toFixed(2) + "%");
      cell.style.setProperty("--bar-width", (bar.width * 100).toFixed(2) + "%");
    });
  });
}

function control(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  if (text) element.textContent = text;
  return element;
}

export function enhance(root) {
  if (root.dataset.enhanced) return;
  root.dataset.enhanced = "1";
  const table = root.querySelector("table");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const headers = Array.from(table.tHead.rows[0].cells);
  const size = parseInt(root.getAttribute("data-page-size"), 10) || 25;
  const locale = document.documentElement.lang;
  const texts = rows.map(function (row) { return row.textContent; });
  const state = { order: rows.map(function (_, n) { return n; }), shown: rows.map(function () { return true; }), page: 0 };
  paint(table);

  // Search
  const label = control("label", "data-table__search", "Search this table ");
  const search = control("input", "data-table__search-box");
  search.type = "search";
  search.maxLength = 200;
  label.append(search);
  const status = control("p", "data-table__status");
  status.setAttribute("role", "status");
  root.prepend(label);

  // Pages
  const pager = control("nav", "data-table__pager");
  pager.setAttribute("aria-label", "Table pages");
  const previous = control("button", "data-table__page", "Previous");
  const next = control("button", "data-table__page", "Next");
  previous.type = next.type = "button";
  pager.append(previous, next);
  root.append(status, pager);

  function show() {
    const visible = state.order.filter(function (n) { return state.shown[n]; });
    const page = pageOf(visible.length, state.page, size);
    state.page = page.page;
    const onPage = new Set(visible.slice(page.first, page.last));
    state.order.forEach(function (n) {
      body.append(rows[n]);
      rows[n].hidden = !onPage.has(n);
    });
    pager.hidden = page.pages < 2;
    previous.disabled = page.page === 0;
    next.disabled = page.page === page.pages - 1;
    const filtered = visible.length < rows.length;
    status.textContent = !visible.length
      ? "No rows match."
      : page.pages > 1 || filtered
        ? "Rows " + (page.first + 1) + "–" + page.last + " of " + visible.length + (filtered ? " matching" : "")
        : "";
  }

  search.addEventListener("input", function () {
    state.shown = matching(texts, search.value);
    state.page = 0;
    show();
  });
  previous.addEventListener("click", function () { state.page -= 1; show(); });
  next.addEventListener("click", function () { state.page += 1; show(); });

  // Sorting: a button in each header, its state on the header's aria-sort.
  headers.forEach(function (header, column) {
    const numeric = header.classList.contains("data-table__number");
    const button = control("button", "data-table__sort");
    button.type = "button";
    button.append.apply(button, Array.from(header.childNodes));
    header.append(button);
    button.addEventListener("click", function () {
      const direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", direction);
      const keys = rows.map(function (row) { return cellKey(row.cells[column], numeric); });
      state.order = sortOrder(keys, numeric, direction, locale);
      state.page = 0;
      show();
    });
  });
  show();
}

export function enhanceAll(root) {
  Array.from((root || document).querySelectorAll("[data-table]")).forEach(enhance);
}
