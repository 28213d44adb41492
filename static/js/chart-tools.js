/*
 * Reader tools under each chart: download it as a PNG image, copy its embed
 * code. The buttons stay hidden until this script shows them; the CSV links
 * beside them work without it.
 */
(function () {
  "use strict";

  function say(figure, text) {
    const status = figure.querySelector("[data-chart-status]");
    if (status) status.textContent = text;
  }

  /* PNG: the chart with its title above and its credits below, on the page's background */

  function textLines(context, text, maxWidth) {
    const lines = [];
    let line = "";
    text.split(/\s+/).filter(Boolean).forEach(function (word) {
      const candidate = line ? line + " " + word : word;
      if (line && context.measureText(candidate).width > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  // Draw the chart at `ratio` device pixels per CSS pixel, hand its canvas to
  // `use`, then put it back as the screen wants it.
  function atPixelRatio(chart, ratio, use) {
    // A running animation would defer the resize to its next frame: finish it now.
    chart.stop();
    const before = chart.options.devicePixelRatio;
    chart.options.devicePixelRatio = ratio;
    chart.resize();
    chart.update("none");
    try {
      return use(chart.canvas);
    } finally {
      chart.options.devicePixelRatio = before;
      chart.resize();
      chart.update("none");
    }
  }

  // Small multiples: the legend, the panels' titles and their charts where the page shows them.
  function facetsImage(container, scale) {
    const box = container.getBoundingClientRect();
    const out = document.createElement("canvas");
    out.width = Math.ceil(box.width * scale);
    out.height = Math.ceil(box.height * scale);
    const context = out.getContext("2d");
    context.textBaseline = "top";
    function at(rect) {
      return { x: (rect.left - box.left) * scale, y: (rect.top - box.top) * scale };
    }
    container.querySelectorAll(".facets__legend-item, .facets__title").forEach(function (el) {
      const styles = getComputedStyle(el);
      const where = at(el.getBoundingClientRect());
      const swatch = el.querySelector("[data-colour]");
      if (swatch) {
        const rect = swatch.getBoundingClientRect();
        const corner = at(rect);
        context.fillStyle = swatch.getAttribute("data-colour");
        context.fillRect(corner.x, corner.y, rect.width * scale, rect.height * scale);
        where.x = corner.x + (rect.width + 6) * scale;
      }
      context.font = styles.fontWeight + " " + parseFloat(styles.fontSize) * scale + "px " +
        styles.fontFamily;
      context.fillStyle = styles.color;
      context.fillText(el.textContent.trim(), where.x, where.y);
    });
    container.querySelectorAll("canvas").forEach(function (canvas) {
      const chart = window.Chart.getChart(canvas);
      if (!chart) return;
      const rect = canvas.getBoundingClientRect();
      const corner = at(rect);
      atPixelRatio(chart, scale, function (drawn) {
        context.drawImage(drawn, corner.x, corner.y, rect.width * scale, rect.height * scale);
      });
    });
    return out;
  }

  function downloadPng(figure, button) {
    const scale = Number(button.getAttribute("data-png-scale")) || 2;
    const facets = figure.querySelector("[data-facets]");
    const canvas = figure.querySelector("[data-chart] canvas");
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    if (!chart) return;
    const out = facets
      ? composeImage(figure, facetsImage(facets, scale), scale)
      : atPixelRatio(chart, scale, function (drawn) { return composeImage(figure, drawn, scale); });
    out.toBlob(function (blob) {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = (button.getAttribute("data-chart-png") || "chart") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      say(figure, "Image downloaded (" + out.width + " × " + out.height + " pixels).");
    }, "image/png");
  }

  // The chart with its title above and its credits below, `scale` pixels per CSS pixel.
  function composeImage(figure, canvas, scale) {
    const styles = getComputedStyle(figure);
    const family = styles.fontFamily;
    const pad = 16 * scale;
    const width = canvas.width + 2 * pad;
    const blocks = [
      { el: figure.querySelector(".chart__title"), font: "bold " + 20 * scale + "px " + family },
      { el: figure.querySelector(".chart__subtitle"), font: 15 * scale + "px " + family },
      { chart: true },
    ];
    figure.querySelectorAll(".chart__credits p").forEach(function (p) {
      blocks.push({ el: p, font: 12 * scale + "px " + family });
    });
    const out = document.createElement("canvas");
    const context = out.getContext("2d");
    let height = pad;
    blocks.forEach(function (block) {
      if (block.chart) {
        block.top = height;
        height += canvas.height + pad / 2;
        return;
      }
      if (!block.el) return;
      context.font = block.font;
      block.lines = textLines(context, block.el.textContent.trim(), width - 2 * pad);
      block.lineHeight = parseFloat(block.font.replace(/^bold /, "")) * 1.35;
      block.top = height;
      height += block.lines.length * block.lineHeight + pad / 3;
    });
    out.width = width;
    out.height = height + pad / 2;
    context.fillStyle = styles.getPropertyValue("--bg").trim() || "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    context.textBaseline = "top";
    blocks.forEach(function (block) {
      if (block.chart) {
        context.drawImage(canvas, pad, block.top);
        return;
      }
      if (!block.lines) return;
      context.font = block.font;
      context.fillStyle = getComputedStyle(block.el).color;
      block.lines.forEach(function (line, n) {
        context.fillText(line, pad, block.top + n * block.lineHeight);
      });
    });
    return out;
  }

  /* Embed code: an iframe of the chart's embed page and the script that sizes it */

  function attribute(text) {
    return String(text)
      .replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function embedCode(button, theme) {
    const address = new URL(button.getAttribute("data-embed-url"), window.location.href);
    address.searchParams.set("theme", theme);
    const page = address.href;
    const script = new URL(button.getAttribute("data-embed-script"), window.location.href).href;
    return (
      '<iframe data-chartweek src="' + attribute(page) + '" title="' +
      attribute(button.getAttribute("data-embed-title")) +
      '" width="100%" height="480" frameborder="0" scrolling="no" loading="lazy"></iframe>\n' +
      '<script src="' + attribute(script) + '" async></script>'
    );
  }

  // The host page picks the embed's colours: light, dark, or the reader's setting.
  function copyEmbed(figure, button) {
    const options = figure.querySelector("[data-chart-embed-options]");
    const theme = figure.querySelector("[data-chart-embed-theme]");
    const code = embedCode(button, theme ? theme.value : "light");
    const area = figure.querySelector("[data-chart-embed-code]");
    area.value = code;
    area.hidden = false;
    if (options) options.hidden = false;
    function selectIt() {
      area.focus();
      area.select();
      say(figure, "Copy the selected code (Ctrl+C, or ⌘C on a Mac).");
    }
    if (!navigator.clipboard || !window.isSecureContext) {
      selectIt();
      return;
    }
    navigator.clipboard.writeText(code).then(function () {
      say(figure, "Embed code copied. Paste it into your page's HTML.");
    }, selectIt);
  }

  function start() {
    document.querySelectorAll("[data-chart-figure]").forEach(function (figure) {
      const embed = figure.querySelector("[data-chart-embed]");
      if (typeof HTMLCanvasElement.prototype.toBlob === "function") {
        figure.querySelectorAll("[data-chart-png]").forEach(function (png) {
          png.hidden = false;
          png.addEventListener("click", function () { downloadPng(figure, png); });
        });
      }
      if (embed) {
        embed.hidden = false;
        embed.addEventListener("click", function () { copyEmbed(figure, embed); });
        const theme = figure.querySelector("[data-chart-embed-theme]");
        if (theme) theme.addEventListener("change", function () { copyEmbed(figure, embed); });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
