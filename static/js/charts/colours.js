/*
 * The theme's colours (light or dark, from the page's CSS custom properties)
 * and how annotations are painted with them.
 */

// The colours and font a chart is drawn in, read from its container's styles.
export function theme(styles) {
  function read(name, fallback) { return styles.getPropertyValue(name).trim() || fallback; }
  return {
    text: read("--chart-text", "#333"),
    grid: read("--chart-grid", "#ddd"),
    background: read("--bg", "#fff"),
    font: styles.fontFamily,
  };
}

// Lines dashed in the text colour, bands in the grid colour, labels on the background.
export function paintAnnotations(options, colours) {
  const notes = (options.plugins.annotation || {}).annotations || {};
  Object.keys(notes).forEach(function (key) {
    const note = notes[key];
    const label = note.label;
    if (note.type === "line") {
      Object.assign(note, { borderColor: colours.text, borderWidth: 1.5, borderDash: [6, 4] });
    } else {
      Object.assign(note, {
        backgroundColor: colours.grid, borderWidth: 0, drawTime: "beforeDatasetsDraw",
      });
    }
    if (label) {
      Object.assign(label, {
        color: colours.text,
        backgroundColor: colours.background,
        font: { family: colours.font, size: 12 },
        padding: 4,
        position: note.type === "line" ? "end" : { x: "start", y: "start" },
      });
    }
  });
}
