import type { ExtractionResult } from "../extract";

/** CSV field quoting (RFC 4180). */
export function csvField(x: unknown): string {
  const s = x === null || x === undefined ? "" : typeof x === "number" ? (Number.isFinite(x) ? String(x) : "") : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The JSON document of `radiogx extract --format json`. */
export function resultJson(r: ExtractionResult): object {
  return {
    features: r.features.map((f) => ({ name: f.name, family: f.family, ibsi: f.ibsi, aggregation: f.aggregation, value: f.value })),
    failed: r.failed,
    settings: r.settings,
    diagnostics: r.diagnostics,
  };
}

/** One-row wide CSV (image, mask, then a column per feature), as PyRadiomics' CLI writes it. */
export function resultCsv(r: ExtractionResult): string {
  const head = ["image", "mask", ...r.features.map((f) => f.name)];
  const row = [r.diagnostics.image.file ?? "", r.diagnostics.mask.file ?? "", ...r.features.map((f) => f.value)];
  return `${head.map(csvField).join(",")}\n${row.map(csvField).join(",")}\n`;
}

/** A fixed-width text table of features for the terminal. */
export function resultTable(r: ExtractionResult): string {
  const rows = r.features.map((f) => [f.name, f.ibsi ?? "", fmt(f.value)]);
  const w0 = Math.max(7, ...rows.map((x) => x[0]!.length));
  const w1 = Math.max(4, ...rows.map((x) => x[1]!.length));
  const lines = [`${"feature".padEnd(w0)}  ${"IBSI".padEnd(w1)}  value`, `${"-".repeat(w0)}  ${"-".repeat(w1)}  ${"-".repeat(12)}`];
  for (const [a, b, c] of rows) lines.push(`${a!.padEnd(w0)}  ${b!.padEnd(w1)}  ${c}`);
  for (const f of r.failed) lines.push(`${f.name.padEnd(w0)}  ${"".padEnd(w1)}  not computed: ${f.reason}`);
  return lines.join("\n") + "\n";
}

export function fmt(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-3 ? v.toExponential(4) : String(+v.toPrecision(6));
}
