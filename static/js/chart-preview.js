/*
 * The admin's live preview: as an editor changes the chart form, post it
 * (unsaved) to the preview view, swap in the figure it renders and draw it
 * with static/js/charts/ (window.chartweek), exactly as readers get it. The form's own CSRF
 * token goes with it. The last chart that could be drawn stays up while the
 * form has errors, which are listed instead; until the chart can be drawn, it
 * says what to choose next. Switches draw the preview at a phone's width or a
 * desktop page's, light or dark; colour pickers write the colours field's hex.
 */
(function () {
  "use strict";

  const WAIT = 400; // ms of quiet before redrawing
  const panel = document.querySelector("[data-preview-url]");
  const form = panel && panel.closest("form");
  if (!panel || !form) return;
  const body = panel.querySelector("[data-preview-body]");
  const status = panel.querySelector("[data-preview-status]");
  const typeField = form.querySelector("[name=chart_type]");
  let timer = null;
  let pending = null;
  let sequence = 0;

  function say(text, problems) {
    status.textContent = text;
    if (problems && problems.length) {
      const list = document.createElement("ul");
      problems.forEach(function (problem) {
        const item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      status.appendChild(list);
    }
    status.classList.toggle("chartweek-preview-status--problem", Boolean(problems));
  }

  // Charts are destroyed before their canvas goes: none is left drawing unseen.
  function clear() {
    body.querySelectorAll("canvas").forEach(function (canvas) {
      const chart = window.Chart && window.Chart.getChart(canvas);
      if (chart) chart.destroy();
    });
  }

  function refresh() {
    if (pending) pending.abort();
    pending = new AbortController();
    const mine = ++sequence;
    panel.setAttribute("aria-busy", "true");
    fetch(panel.getAttribute("data-preview-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (mine !== sequence) return null;
        offerLabels(result.labels);
        if (result.next) {
          say("");
          const hint = document.createElement("p");
          hint.className = "chartweek-missing";
          hint.setAttribute("data-preview-next", "");
          hint.textContent = result.next;
          clear();
          body.replaceChildren(hint);
          return null;
        }
        if (result.errors) {
          say("The preview shows the last chart that could be drawn. To update it:", result.errors);
          return null;
        }
        clear();
        body.innerHTML = result.html;
        return window.chartweek.drawAll(body).then(function () {
          if (mine !== sequence) return;
          panel.setAttribute("data-preview-drawn", String(mine));
          say("Preview updated.");
          showPickers();
        });
      })
      .catch(function (error) {
        if (error.name !== "AbortError") say("The preview could not be updated: " + error.message);
      })
      .finally(function () {
        if (mine === sequence) panel.removeAttribute("aria-busy");
      });
  }

  function schedule(event) {
    if (event && event.target && panel.contains(event.target)) return; // the preview's own controls
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, WAIT);
  }

  // Fields that only some chart types use are shown for those types only.
  const ONLY_FOR = { x_column: ["scatter"] };
  const HIGHLIGHTS = ["bar", "horizontal_bar", "pie", "doughnut"]; // charts.choices.HIGHLIGHT_TYPES
  function showFieldsForType() {
    Object.keys(ONLY_FOR).forEach(function (name) {
      const row = form.querySelector(".form-row.field-" + name) ||
        form.querySelector(".field-" + name);
      if (row) row.hidden = ONLY_FOR[name].indexOf(typeField.value) === -1;
    });
    // Highlights: bars and round charts only, unless one is ticked (its error then shows).
    const highlight = form.querySelector(".field-highlight");
    if (highlight) {
      highlight.hidden = HIGHLIGHTS.indexOf(typeField.value) === -1 &&
        !highlight.querySelector("input:checked");
    }
    // Bars or line, beside each value column: bars-and-lines charts only.
    form.querySelectorAll("[data-series-kind]").forEach(function (choice) {
      choice.hidden = typeField.value !== "bar_line";
    });
  }

  // The highlight's choices follow the label column (and the steps): the preview lists them.
  function offerLabels(labels) {
    const box = document.getElementById("id_highlight");
    if (!box || !Array.isArray(labels)) return;
    const boxes = Array.from(box.querySelectorAll("input[type=checkbox]"));
    const have = boxes.map(function (i) { return i.value; });
    const ticked = boxes.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    const known = new Set(labels.map(function (l) { return l.toLowerCase(); }));
    const shown = labels.concat(ticked.filter(function (t) { return !known.has(t.toLowerCase()); }));
    if (have.join("\n") === shown.join("\n")) return;
    const wanted = new Set(ticked.map(function (t) { return t.toLowerCase(); }));
    box.replaceChildren();
    shown.forEach(function (label, i) {
      const row = document.createElement("div");
      const words = document.createElement("label");
      const check = document.createElement("input");
      check.type = "checkbox";
      check.name = "highlight";
      check.value = label;
      check.id = "id_highlight_" + i;
      check.checked = wanted.has(label.toLowerCase());
      words.htmlFor = check.id;
      words.append(check, " " + label);
      row.appendChild(words);
      box.appendChild(row);
    });
  }

  // Phone or desktop width, light or dark: the same figure, drawn again.
  const frame = panel.querySelector("[data-preview-frame]");
  panel.querySelectorAll("[data-preview-switch]").forEach(function (input) {
    input.addEventListener("change", function () {
      frame.setAttribute("data-" + input.getAttribute("data-preview-switch"), input.value);
      frame.removeAttribute("data-drawn");
      window.chartweek.drawAll(body).then(function () {
        frame.setAttribute("data-drawn", frame.dataset.width + " " + frame.dataset.theme);
      });
    });
  });

  // One colour picker per series; the colours field keeps the hex codes the spec stores.
  const colours = form.querySelector("[name=colours]");
  const pickers = document.createElement("div");
  pickers.className = "chartweek-colour-pickers";
  if (colours) colours.insertAdjacentElement("afterend", pickers);
  const HEX = /^#[0-9a-f]{6}$/i;

  function shownColours() {
    // What the preview draws: the typed colours, else the chart's own palette.
    const typed = colours.value.split(/[\s,;]+/).filter(Boolean);
    const canvas = body.querySelector("canvas");
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    const drawn = chart ? chart.data.datasets.map(function (d) {
      const c = Array.isArray(d.backgroundColor) ? d.backgroundColor[0] : d.backgroundColor;
      return typeof d.borderColor === "string" && HEX.test(d.borderColor) ? d.borderColor : c;
    }) : [];
    const count = Math.max(typed.length, drawn.length,
      form.querySelectorAll("[name=value_columns]:checked").length);
    const shown = [];
    for (let i = 0; i < count; i++) {
      shown.push(HEX.test(typed[i] || "") ? typed[i] : HEX.test(drawn[i] || "") ? drawn[i] : "#000000");
    }
    return shown;
  }

  function showPickers() {
    if (!colours) return;
    const names = chartSeriesNames();
    pickers.replaceChildren();
    shownColours().forEach(function (colour, index) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "color";
      input.value = colour.toLowerCase();
      input.setAttribute("data-series", String(index));
      input.addEventListener("input", function () {
        const all = Array.from(pickers.querySelectorAll("input")).map(function (p) {
          return p.value.toUpperCase();
        });
        colours.value = all.join(", ");
        schedule();
      });
      label.append(input, " " + (names[index] || "Series " + (index + 1)));
      pickers.appendChild(label);
    });
  }

  function chartSeriesNames() {
    const canvas = body.querySelector("canvas");
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    return chart ? chart.data.datasets.map(function (d) { return d.label; }) : [];
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // The dataset's autocomplete (select2) announces changes through jQuery only.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change", "select", function (event) { schedule(event); });
  }
  if (typeField) {
    typeField.addEventListener("change", showFieldsForType);
    showFieldsForType();
  }
  // The chart drawn with the page: pickers for its colours.
  let tries = 0;
  window.setTimeout(function wait() {
    const drawn = body.querySelector(".chart__canvas--drawn") || !body.querySelector("canvas");
    if (drawn || ++tries > 100) showPickers();
    else window.setTimeout(wait, 100);
  }, 0);
})();
