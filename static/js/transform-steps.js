/*
 * The chart form's steps (issue 15): editors add, reorder and remove data
 * transforms with plain fields, one row per step (an operation and its few
 * fields); this script keeps the hidden "transforms" input as the steps' JSON,
 * which the server checks (charts/transforms_form.py). After each change it
 * asks the admin's steps view for each step's result (a few rows and the
 * counts, shown under the preview) and for suggested steps, one click each.
 * Changing the hidden input bubbles a "change", so the live preview redraws.
 */
(function () {
  "use strict";

  const root = document.querySelector("[data-steps]");
  const form = root && root.closest("form");
  if (!root || !form) return;
  const input = root.querySelector("[data-steps-value]");
  const list = root.querySelector("[data-steps-list]");
  const adder = root.querySelector("[data-steps-new]");
  const results = root.querySelector("[data-steps-results]");
  const suggested = root.querySelector("[data-steps-suggestions]");
  const columnsData = document.getElementById("chartweek-steps-columns");
  const preview = document.querySelector("[data-preview-url]");
  const stepsUrl = preview && preview.getAttribute("data-preview-url").replace(/preview\/$/, "steps/");
  const WAIT = 400;
  let columns = columnsData ? JSON.parse(columnsData.textContent) : [];
  let steps = [];
  let timer = null;
  let pending = null;

  const FUNCTIONS = [["count", "count rows"], ["sum", "total"], ["mean", "mean"],
    ["median", "median"], ["min", "lowest"], ["max", "highest"]];
  // Each operation's fields: [key, label, kind, choices]. Kinds: column, text, number,
  // columns (comma-separated; blank = every number column), check, select.
  const FIELDS = {
    filter: [["column", "Column", "column"],
      ["operator", "is", "select", [["=", "="], ["!=", "≠"], ["<", "<"], ["<=", "≤"], [">", ">"],
        [">=", "≥"], ["in", "one of (comma-separated)"], ["contains", "contains"]]],
      ["value", "Value", "value"]],
    group: [["by", "Group by", "column"], ["function", "and", "select", FUNCTIONS],
      ["column", "of column (not for count)", "column"]],
    pivot: [["category", "Series from", "column"], ["value", "Values from (blank: count rows)", "column"],
      ["label", "One row per (blank: the first other column)", "column"]],
    melt: [["columns", "Columns to stack (blank: all after the first)", "columns"],
      ["name", "Name column", "text"], ["value", "Value column", "text"]],
    transpose: [["name", "First column's title", "text"]],
    sort: [["column", "By", "column"],
      ["direction", "Order", "select", [["descending", "largest first"], ["ascending", "smallest first"]]]],
    top: [["n", "Keep the top", "number"], ["by", "by (blank: the first number column)", "column"],
      ["other", "Add the rest as one row", "check"], ["other_label", "named", "text"]],
    share: [["columns", "Columns (blank: every number column)", "columns"]],
    change: [["base", "From", "select", [["first", "the first row"], ["previous", "the previous row"], ["row", "a row"]]],
      ["row", "row label (for “a row”)", "text"], ["percent", "In per cent", "check"],
      ["columns", "Columns (blank: every number column)", "columns"]],
    index: [["row", "Base row label (blank: the first)", "text"],
      ["columns", "Columns (blank: every number column)", "columns"]],
    running_total: [["columns", "Columns (blank: every number column)", "columns"]],
    rescale: [["divide_by", "Divide by", "select", [["1000", "1,000 (thousands)"],
      ["1000000", "1,000,000 (millions)"], ["1000000000", "1,000,000,000 (billions)"]]],
      ["unit", "Unit after (e.g. million jobs)", "text"],
      ["columns", "Columns (blank: every number column)", "columns"]],
  };
  const DEFAULTS = {
    filter: { operator: "=" }, sort: { direction: "descending" }, top: { n: 10, other: true },
    rescale: { divide_by: 1000000 }, change: { base: "first" }, group: { function: "count" },
  };

  function read() {
    try {
      const value = JSON.parse(input.value || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  // A group step keeps one aggregate in these fields; the spec holds a list.
  function flat(step) {
    if (step.op !== "group") return Object.assign({}, step);
    const first = (step.aggregates && step.aggregates[0]) || {};
    return { op: "group", by: step.by, function: first.function || "count", column: first.column || "" };
  }

  function typed(op, key, raw) {
    const kind = (FIELDS[op].find(function (f) { return f[0] === key; }) || [])[2];
    if (kind === "check") return Boolean(raw);
    if (typeof raw === "string") raw = raw.trim();
    if (raw === "" || raw === undefined || raw === null) return undefined;
    if (kind === "number" || key === "divide_by") return Number(raw);
    if (kind === "columns") return String(raw).split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    if (kind === "value") return scalar(raw);
    return raw;
  }

  function scalar(text) {
    const number = Number(String(text).replace(/,/g, ""));
    return /^-?[0-9.,]+$/.test(String(text)) && Number.isFinite(number) ? number : String(text);
  }

  function stored(step) {
    const out = { op: step.op };
    FIELDS[step.op].forEach(function (field) {
      const value = typed(step.op, field[0], step[field[0]]);
      if (value !== undefined) out[field[0]] = value;
    });
    if (step.op === "filter" && out.operator === "in" && out.value !== undefined) {
      out.value = String(step.value).split(",").map(function (s) { return scalar(s.trim()); });
    }
    if (step.op === "group") {
      const aggregate = { function: out.function || "count" };
      if (aggregate.function !== "count" && out.column) aggregate.column = out.column;
      return { op: "group", by: out.by, aggregates: [aggregate] };
    }
    if (step.op === "change" && out.base !== "row") delete out.row;
    if (step.op === "top" && !out.other) delete out.other_label;
    return out;
  }

  function write() {
    input.value = JSON.stringify(steps.map(stored));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    schedule();
  }

  function control(step, field) {
    const [key, label, kind, choices] = field;
    const wrap = document.createElement("label");
    wrap.className = "chartweek-step__field";
    const words = document.createElement("span");
    words.textContent = label + " ";
    wrap.appendChild(words);
    let element;
    if (kind === "select") {
      element = document.createElement("select");
      choices.forEach(function (choice) {
        const option = document.createElement("option");
        option.value = choice[0];
        option.textContent = choice[1];
        element.appendChild(option);
      });
      element.value = step[key] === undefined ? choices[0][0] : String(step[key]);
    } else if (kind === "check") {
      element = document.createElement("input");
      element.type = "checkbox";
      element.checked = Boolean(step[key]);
    } else {
      element = document.createElement("input");
      element.type = kind === "number" ? "number" : "text";
      if (kind === "number") { element.min = "1"; element.max = "1000"; }
      if (kind === "column") element.setAttribute("list", "chartweek-step-columns");
      const value = step[key];
      element.value = value === undefined || value === null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
      element.maxLength = 500;
    }
    element.setAttribute("data-step-field", key);
    element.addEventListener(kind === "select" || kind === "check" ? "change" : "input", function (event) {
      event.stopPropagation(); // the hidden input's change redraws the preview
      step[key] = kind === "check" ? element.checked : element.value;
      window.clearTimeout(step.typing);
      step.typing = window.setTimeout(write, kind === "select" || kind === "check" ? 0 : WAIT);
    });
    element.addEventListener("change", function (event) { event.stopPropagation(); });
    wrap.appendChild(element);
    return wrap;
  }

  function button(text, label, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button chartweek-step__button";
    element.textContent = text;
    element.setAttribute("aria-label", label);
    element.addEventListener("click", action);
    return element;
  }

  function move(index, by) {
    const to = index + by;
    if (to < 0 || to >= steps.length) return;
    const [step] = steps.splice(index, 1);
    steps.splice(to, 0, step);
    render();
    write();
  }

  function render() {
    list.replaceChildren();
    steps.forEach(function (step, index) {
      const item = document.createElement("li");
      item.className = "chartweek-step";
      item.setAttribute("data-step", String(index + 1));
      const title = document.createElement("strong");
      title.textContent = adder.querySelector("option[value='" + step.op + "']").textContent;
      item.appendChild(title);
      const fields = document.createElement("div");
      fields.className = "chartweek-step__fields";
      FIELDS[step.op].forEach(function (field) { fields.appendChild(control(step, field)); });
      item.appendChild(fields);
      const n = index + 1;
      item.appendChild(button("↑", "Move step " + n + " up", function () { move(index, -1); }));
      item.appendChild(button("↓", "Move step " + n + " down", function () { move(index, 1); }));
      item.appendChild(button("Remove", "Remove step " + n, function () {
        steps.splice(index, 1);
        render();
        write();
      }));
      list.appendChild(item);
    });
    let datalist = document.getElementById("chartweek-step-columns");
    if (!datalist) {
      datalist = document.createElement("datalist");
      datalist.id = "chartweek-step-columns";
      root.appendChild(datalist);
    }
    datalist.replaceChildren();
    columns.forEach(function (name) {
      const option = document.createElement("option");
      option.value = name;
      datalist.appendChild(option);
    });
  }

  function add(step) {
    steps.push(flat(Object.assign({}, DEFAULTS[step.op] || {}, step)));
    render();
    write();
    const fields = list.lastElementChild && list.lastElementChild.querySelector("input, select");
    if (fields) fields.focus();
  }

  function showSuggestions(found) {
    suggested.replaceChildren();
    (found || []).forEach(function (suggestion) {
      suggested.appendChild(button(suggestion.text, suggestion.text, function () { add(suggestion.step); }));
    });
  }

  function refresh() {
    if (!stepsUrl) return;
    if (pending) pending.abort();
    pending = new AbortController();
    root.setAttribute("aria-busy", "true");
    fetch(stepsUrl, { method: "POST", body: new FormData(form), credentials: "same-origin", signal: pending.signal })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        results.innerHTML = answer.html || ""; // rendered by the server's template, escaped there
        if (answer.problems) {
          const note = document.createElement("p");
          note.className = "errornote";
          note.textContent = answer.problems.join(" ");
          results.prepend(note);
        }
        if (answer.columns && answer.columns.length) {
          columns = answer.columns;
          render();
        }
        showSuggestions(answer.suggestions);
        if (answer.choices) offer(answer.choices);
        root.setAttribute("data-steps-shown", String(Date.now()));
      })
      .catch(function (error) {
        if (error.name !== "AbortError") results.textContent = "The steps' results could not be shown: " + error.message;
      })
      .finally(function () { root.removeAttribute("aria-busy"); });
  }

  // The form's column fields offer the columns the steps make, keeping what is chosen.
  function offer(choices) {
    const label = form.querySelector("select[name=label_column]");
    if (label) {
      const chosen = label.value;
      label.replaceChildren(new Option("---------", ""));
      choices.label.forEach(function (c) { label.appendChild(new Option(c[1], c[0])); });
      label.value = choices.label.some(function (c) { return c[0] === chosen; }) ? chosen : "";
    }
    const box = document.getElementById("id_value_columns");
    if (!box) return;
    const checks = Array.from(box.querySelectorAll("input[type=checkbox]"));
    const chosen = new Set(checks.filter(function (i) { return i.checked; }).map(function (i) { return i.value; }));
    const have = checks.map(function (i) { return i.value; });
    if (have.join("\n") === choices.values.map(function (c) { return c[0]; }).join("\n")) return;
    // Each column's row keeps the name and the bars-or-line it was given (charts/forms_series.py).
    const given = {};
    box.querySelectorAll("[data-series-row]").forEach(function (row) {
      given[row.querySelector("[name=series_column]").value] = {
        name: row.querySelector("[name=series_name]").value,
        kind: row.querySelector("[name=series_kind]").value,
      };
    });
    const barLine = (form.querySelector("[name=chart_type]") || {}).value === "bar_line";
    box.replaceChildren();
    choices.values.forEach(function (c, i) {
      const row = document.createElement("div");
      row.className = "chartweek-series__row";
      row.setAttribute("data-series-row", "");
      const words = document.createElement("label");
      const check = document.createElement("input");
      check.type = "checkbox";
      check.name = "value_columns";
      check.value = c[0];
      check.id = "id_value_columns_" + i;
      check.checked = chosen.has(c[0]);
      words.htmlFor = check.id;
      words.append(check, " " + c[1]);
      row.append(words, seriesExtras(c[0], given[c[0]] || { name: "", kind: "bar" }, barLine));
      box.appendChild(row);
    });
  }

  function seriesExtras(column, given, barLine) {
    const extras = document.createElement("span");
    extras.className = "chartweek-series__extras";
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "series_column";
    hidden.value = column;
    const name = document.createElement("input");
    name.type = "text";
    name.name = "series_name";
    name.maxLength = 100;
    name.value = given.name;
    name.placeholder = column;
    name.setAttribute("aria-label", "Name readers see for " + column);
    const nameLabel = document.createElement("label");
    nameLabel.append("Name ", name);
    const kind = document.createElement("select");
    kind.name = "series_kind";
    kind.setAttribute("aria-label", "How " + column + " is drawn");
    [["bar", "Bars"], ["line", "Line"]].forEach(function (o) { kind.appendChild(new Option(o[1], o[0])); });
    kind.value = given.kind;
    const kindLabel = document.createElement("label");
    kindLabel.setAttribute("data-series-kind", "");
    kindLabel.hidden = !barLine;
    kindLabel.append("Drawn as ", kind);
    extras.append(hidden, nameLabel, kindLabel);
    return extras;
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, WAIT);
  }

  adder.addEventListener("change", function (event) {
    event.stopPropagation();
    if (adder.value) add({ op: adder.value });
    adder.value = "";
  });
  // Other fields (dataset, label column) change what the steps make and suggest.
  form.addEventListener("change", function (event) {
    if (!root.contains(event.target)) schedule();
  });
  steps = read().filter(function (s) { return s && FIELDS[s.op]; }).map(flat);
  render();
  schedule();
  // Ready for the editor (and for browser tests, which must not choose a step before).
  root.setAttribute("data-steps-ready", "");
})();
