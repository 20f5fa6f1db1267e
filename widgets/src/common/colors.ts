/** Colours: the diverging map of correlation heatmaps, label and group palettes, colour parsing. */

export type RGB = [number, number, number];

/** ColorBrewer RdBu (11 classes), from −1 (blue) to +1 (red). Brewer, colorbrewer2.org. */
const RDBU: readonly RGB[] = [
  [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
];

/** Colour of a correlation `r` in [−1, 1] on RdBu (linear between the 11 anchors); grey for NaN. */
export function divergingColor(r: number): RGB {
  if (Number.isNaN(r)) return [200, 200, 200];
  const t = (Math.max(-1, Math.min(1, r)) + 1) * 5; // 0 … 10
  const i = Math.min(9, Math.floor(t));
  const f = t - i;
  const a = RDBU[i]!;
  const b = RDBU[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** Categorical colours for curves and groups (Tableau 10). */
export const GROUP_COLORS: readonly string[] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** Default label colours (ITK-SNAP's first labels: red, green, blue, yellow, cyan, magenta, …). */
export const LABEL_COLORS: readonly string[] = ["#ff0000", "#00ff00", "#0000ff", "#ffff00", "#00ffff", "#ff00ff", "#ffefd5", "#0000cd", "#cd853f", "#d2b48c", "#ff8c00", "#9370db"];

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` → RGB; null when not recognised. */
export function parseColor(c: string): RGB | null {
  const s = c.trim().toLowerCase();
  let m = /^#([0-9a-f]{6})$/.exec(s);
  if (m) {
    const v = parseInt(m[1]!, 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) {
    const h = m[1]!;
    return [parseInt(h[0]! + h[0]!, 16), parseInt(h[1]! + h[1]!, 16), parseInt(h[2]! + h[2]!, 16)];
  }
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour → RGB, using the browser's parser for names; `fallback` when unknown. */
export function cssColor(c: string, fallback: RGB): RGB {
  const direct = parseColor(c);
  if (direct) return direct;
  if (probe === undefined) probe = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!probe) return fallback;
  probe.fillStyle = "#010203";
  probe.fillStyle = c;
  const parsed = parseColor(String(probe.fillStyle));
  return parsed && String(probe.fillStyle) !== "#010203" ? parsed : fallback;
}
