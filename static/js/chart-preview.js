/*
 * The admin's live preview: as an editor changes the chart form, post it
 * (unsaved) to the preview view, swap in the figure it renders and draw it
 * with static/js/charts/ (window.chartweek), exactly as readers get it. The form's own CSRF
 * token goes with it. The last chart that could be drawn stays up while the
 * form has errors, which are listed instead.
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
        if (result.errors) {
          say("The preview shows the last chart that could be drawn. To update it:", result.errors);
          return null;
        }
        // Charts are destroyed before their canvas goes: none is left drawing unseen.
        body.querySelectorAll("canvas").forEach(function (canvas) {
          const chart = window.Chart && window.Chart.getChart(canvas);
          if (chart) chart.destroy();
        });
        body.innerHTML = result.html;
        return window.chartweek.drawAll(body).then(function () {
          if (mine !== sequence) return;
          panel.setAttribute("data-preview-drawn", String(mine));
          say("Preview updated.");
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
  const ONLY_FOR = { x_column: ["scatter"], line_columns: ["bar_line"] };
  function showFieldsForType() {
    Object.keys(ONLY_FOR).forEach(function (name) {
      const row = form.querySelector(".form-row.field-" + name) ||
        form.querySelector(".field-" + name);
      if (row) row.hidden = ONLY_FOR[name].indexOf(typeField.value) === -1;
    });
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
})();
