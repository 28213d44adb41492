/*
 * Maps: from boundaries and the values joined to them (charts/geo.py) to a
 * chartjs-chart-geo choropleth config and its legend. No DOM, no d3: the
 * caller passes the features (GeoJSON, from the boundary file's TopoJSON), the
 * values by shape id, the colour scale settings and the theme.
 *
 * Colour scales:
 * - palette "sequential" (light to dark) or "diverging" (two hues about a midpoint);
 * - bins "continuous", "quantiles" or "equal" (with a count), or "breaks" (the
 *   editor's own, sorted; a value on a break falls in the upper bin).
 * Missing data is drawn as "no data" (a hatch the caller makes, or grey), never
 * as zero, and said so in tooltips and the legend.
 */
import { numberFormat } from "./format.js";

export const PROJECTIONS = { world: "equalEarth", "us-states": "albersUsa", "us-counties": "albersUsa" };
// Width over height of each projection's drawing, so that a map fills its box.
export const ASPECT = { world: 2, "us-states": 1.6, "us-counties": 1.6 };
export const MAX_BINS = 9;
export const NO_DATA = "No data";

// Our ramps: a pale blue to a deep one; a warm brown through a neutral to the blue.
// On a dark page more is brighter: the ramps run the other way in lightness.
const RAMPS = {
  light: {
    sequential: ["#dbe7f0", "#9cc0d8", "#3f7fae", "#123f6b"],
    diverging: ["#8c3b12", "#d9895a", "#f3eee6", "#6fa3c7", "#123f6b"],
  },
  dark: {
    sequential: ["#1f3b52", "#2f6690", "#5d9ccc", "#c4e2f7"],
    diverging: ["#f0a070", "#a35a2c", "#3a3a40", "#3f7fae", "#a9d4f2"],
  },
};
export const MISSING = "#c8c8c8";

function hexToRgb(hex) {
  return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
}

function rgbToHex(rgb) {
  return "#" + rgb.map(function (c) { return Math.round(c).toString(16).padStart(2, "0"); }).join("");
}

// The colour at t (0–1) along a ramp of evenly spaced stops.
export function along(ramp, t) {
  const clamped = Math.min(1, Math.max(0, isFinite(t) ? t : 0));
  const position = clamped * (ramp.length - 1);
  const low = Math.min(Math.floor(position), ramp.length - 2);
  const share = position - low;
  const a = hexToRgb(ramp[low]);
  const b = hexToRgb(ramp[low + 1]);
  return rgbToHex(a.map(function (c, i) { return c + (b[i] - c) * share; }));
}

function finite(values) {
  return values.filter(function (v) { return typeof v === "number" && isFinite(v); });
}

// The upper edges' starts: n - 1 thresholds that cut sorted values into n bins.
export function thresholds(values, settings) {
  const numbers = finite(values).sort(function (a, b) { return a - b; });
  const count = Math.min(MAX_BINS, Math.max(2, Math.round(settings.count || 5)));
  if (settings.bins === "breaks") {
    return finite(settings.breaks || []).sort(function (a, b) { return a - b; }).slice(0, MAX_BINS - 1);
  }
  if (!numbers.length) return [];
  const low = numbers[0];
  const high = numbers[numbers.length - 1];
  const cuts = [];
  for (let i = 1; i < count; i += 1) {
    if (settings.bins === "quantiles") {
      const position = (numbers.length - 1) * (i / count);
      const below = Math.floor(position);
      const above = Math.min(below + 1, numbers.length - 1);
      cuts.push(numbers[below] + (numbers[above] - numbers[below]) * (position - below));
    } else {
      cuts.push(low + ((high - low) * i) / count);
    }
  }
  // Quantiles of repeated values repeat: one bin per distinct edge.
  return cuts.filter(function (cut, i) { return i === 0 || cut !== cuts[i - 1]; });
}

function binOf(value, cuts) {
  let bin = 0;
  while (bin < cuts.length && value >= cuts[bin]) bin += 1;
  return bin;
}

// { colourOf(value), legend } for the values and settings; colourOf(null) is null.
export function colourScale(values, settings, format, dark) {
  const numbers = finite(values);
  const diverging = settings.palette === "diverging";
  const ramp = RAMPS[dark ? "dark" : "light"][diverging ? "diverging" : "sequential"];
  const write = numberFormat(format || {});
  const low = Math.min.apply(null, numbers.length ? numbers : [0]);
  const high = Math.max.apply(null, numbers.length ? numbers : [1]);
  const midpoint = typeof settings.midpoint === "number" ? settings.midpoint : 0;
  if (!settings.bins || settings.bins === "continuous") {
    const reach = Math.max(Math.abs(high - midpoint), Math.abs(low - midpoint)) || 1;
    const position = diverging
      ? function (v) { return 0.5 + (v - midpoint) / (2 * reach); }
      : function (v) { return high === low ? 1 : (v - low) / (high - low); };
    const ends = diverging ? [midpoint - reach, midpoint, midpoint + reach] : [low, high];
    return {
      colourOf: function (v) { return isNumber(v) ? along(ramp, position(v)) : null; },
      legend: {
        kind: "gradient",
        stops: ramp.slice(),
        labels: ends.map(function (v, i) { return { at: i / (ends.length - 1), text: write.tick(v) }; }),
      },
    };
  }
  const cuts = thresholds(numbers, settings);
  const colours = cuts.concat([null]).map(function (_, bin) {
    return along(ramp, cuts.length ? bin / cuts.length : 1);
  });
  const items = colours.map(function (colour, bin) {
    const from = bin === 0 ? low : cuts[bin - 1];
    const label = bin === 0
      ? "Under " + write.tick(cuts[0])
      : bin === cuts.length
        ? write.tick(from) + " and over"
        : write.tick(from) + " to under " + write.tick(cuts[bin]);
    return { colour: colour, label: cuts.length ? label : write.tick(low) };
  });
  return {
    colourOf: function (v) { return isNumber(v) ? colours[binOf(v, cuts)] : null; },
    legend: { kind: "bins", items: items },
  };
}

function isNumber(value) {
  return typeof value === "number" && isFinite(value);
}

function nameOf(feature) {
  return (feature.properties || {}).name || idOf(feature);
}

function idOf(feature) {
  return String(feature.id != null ? feature.id : (feature.properties || {}).name);
}

// Options both kinds of map share: the projection, no Chart.js legend (ours is
// HTML), the geo extension's own scale (colour or size) hidden, a tooltip a line.
function mapOptions(boundary, valueScale, say) {
  const scales = { projection: { axis: "x", projection: PROJECTIONS[boundary] || "equalEarth" } };
  scales[valueScale] = { axis: "x", display: false };
  return {
    aspectRatio: ASPECT[boundary] || 2,
    animation: false,
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: function () { return ""; },
          label: function (item) { return say(item.dataIndex); },
        },
      },
    },
    scales: scales,
  };
}

/*
 * The choropleth: `features` are the boundary's GeoJSON features; `values` maps
 * shape id → number (or null); `options`: boundary ("world", "us-states",
 * "us-counties"), scale (the colour settings above), format (the number format),
 * title (the value's name, for tooltips), colours (the theme; `dark` for a dark
 * page, where the ramps run from dark to bright), missing (a fill
 * for shapes without data, a CanvasPattern for a hatch), focus (shape ids to
 * zoom to), outline (the nation's feature, for the US).
 * Returns { chart, legend }: the legend is drawn by the page, in HTML.
 */
export function mapConfig(features, values, options) {
  const boundary = options.boundary || "world";
  const colours = options.colours || { text: "#333", grid: "#ddd", background: "#fff" };
  const write = numberFormat(options.format || {});
  const data = features.map(function (feature) {
    const value = values[idOf(feature)];
    return { feature: feature, value: isNumber(value) ? value : null };
  });
  const scale = colourScale(
    data.map(function (d) { return d.value; }), options.scale || {}, options.format, colours.dark
  );
  const fills = data.map(function (d) { return scale.colourOf(d.value); });
  const missing = options.missing || MISSING;
  const focus = new Set((options.focus || []).map(String));
  const zoomed = features.filter(function (f) { return focus.has(idOf(f)); });
  const outline = zoomed.length ? zoomed : options.outline || (boundary === "world" ? { type: "Sphere" } : features);
  const anyMissing = fills.some(function (fill) { return fill === null; });
  const legend = Object.assign({}, scale.legend, {
    missing: anyMissing ? { colour: MISSING, label: NO_DATA } : null,
  });
  return {
    legend: legend,
    chart: {
      type: "choropleth",
      data: {
        labels: features.map(nameOf),
        datasets: [{
          label: options.title || "",
          data: data,
          outline: outline,
          showOutline: boundary === "world" && !zoomed.length,
          clipMap: zoomed.length ? "outline" : false,
          backgroundColor: function (context) {
            if (context.dataIndex == null) return "transparent";
            return fills[context.dataIndex] || missing;
          },
          borderColor: colours.background,
          borderWidth: boundary === "us-counties" ? 0.25 : 0.6,
          outlineBorderColor: colours.grid,
          outlineBackgroundColor: null,
          hoverBorderColor: colours.text,
          hoverBorderWidth: 1.5,
        }],
      },
      options: mapOptions(boundary, "color", function (index) {
        const value = data[index].value;
        return nameOf(features[index]) + ": " + (value === null ? NO_DATA : write.value(value));
      }),
    },
  };
}

/* Proportional symbols: a circle on each shape with data, its area to the value. */

export const MAX_RADIUS = 24;

// Where a shape's circle goes: the area-weighted centre of its largest ring (in
// degrees), so France's circle sits in France, not between it and Guiana.
export function centreOf(feature) {
  const geometry = feature.geometry || {};
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  let best = null;
  polygons.forEach(function (polygon) {
    const ring = unwrapped(polygon[0] || []);
    let area = 0;
    let x = 0;
    let y = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      x += (ring[j][0] + ring[i][0]) * cross;
      y += (ring[j][1] + ring[i][1]) * cross;
    }
    if (area && (!best || Math.abs(area) > Math.abs(best.area))) {
      best = { area: area, longitude: x / (3 * area), latitude: y / (3 * area) };
    }
  });
  if (!best) return null;
  const longitude = ((((best.longitude + 180) % 360) + 360) % 360) - 180;
  return { longitude: longitude, latitude: best.latitude };
}

// A ring across the antimeridian (Russia, Fiji) jumps from 180° to -180°: made
// continuous, its centre is where the land is.
function unwrapped(ring) {
  let shift = 0;
  return ring.map(function (point, i) {
    if (i > 0) {
      const step = point[0] - ring[i - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    return [point[0] + shift, point[1]];
  });
}

// A circle's radius: its area in proportion to the value (0 and less draw none).
export function radiusOf(value, largest, maxRadius) {
  if (!isNumber(value) || value <= 0 || !(largest > 0)) return 0;
  return (maxRadius || MAX_RADIUS) * Math.sqrt(value / largest);
}

// Three round values to show in the legend: the largest, rounded, and two smaller.
export function legendValues(largest) {
  if (!(largest > 0)) return [];
  const power = Math.pow(10, Math.floor(Math.log10(largest)));
  const top = Math.floor(largest / power) * power;
  return [top / 10, top / 2, top].filter(function (v, i, all) { return v > 0 && all.indexOf(v) === i; });
}

// The symbol map: as mapConfig, with circles on the shapes (outlines drawn beneath).
export function symbolConfig(features, values, options) {
  const boundary = options.boundary || "world";
  const colours = options.colours || { text: "#333", grid: "#ddd", background: "#fff" };
  const write = numberFormat(options.format || {});
  const maxRadius = options.maxRadius || MAX_RADIUS;
  const points = [];
  features.forEach(function (feature) {
    const value = values[idOf(feature)];
    const centre = centreOf(feature);
    if (isNumber(value) && value > 0 && centre) {
      points.push({ longitude: centre.longitude, latitude: centre.latitude, value: value,
        name: nameOf(feature) });
    }
  });
  points.sort(function (a, b) { return b.value - a.value; }); // small circles drawn on top
  const largest = points.length ? points[0].value : 0;
  const fill = colours.dark ? "rgba(124, 196, 242, 0.55)" : "rgba(18, 63, 107, 0.5)";
  return {
    legend: {
      kind: "sizes",
      fill: fill,
      items: legendValues(largest).map(function (v) {
        return { radius: radiusOf(v, largest, maxRadius), label: write.tick(v) };
      }),
      missing: points.length < features.length ? { colour: null, label: "No circle: no data" } : null,
    },
    chart: {
      type: "bubbleMap",
      data: {
        labels: points.map(function (p) { return p.name; }),
        datasets: [{
          label: options.title || "",
          data: points,
          outline: features,
          showOutline: true,
          backgroundColor: fill,
          borderColor: colours.background,
          borderWidth: 0.75,
          outlineBorderColor: colours.background,
          outlineBorderWidth: 0.6,
          outlineBackgroundColor: colours.grid,
          radius: function (context) {
            const point = points[context.dataIndex];
            return point ? radiusOf(point.value, largest, maxRadius) : 0;
          },
        }],
      },
      options: mapOptions(boundary, "size", function (index) {
        return points[index].name + ": " + write.value(points[index].value);
      }),
    },
  };
}
