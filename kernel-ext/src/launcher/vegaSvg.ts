/**
 * SVG rendering of Vega-Lite specs in the kernel process, for the `image/svg+xml` fallback that
 * static notebook viewers show (nbconvert HTML, GitHub) where no Vega renderer runs.
 *
 * vega 6 and vega-lite 6 are ES modules (vega-lite's module graph has top-level await), so a
 * notebook cell — compiled by tslab to CommonJS `require` — cannot load them. This launcher code is
 * compiled by `tsc` with `module: node16`, which keeps `import()` as a real dynamic import; the
 * modules are loaded once, on the first chart.
 *
 * Pipeline: vega-lite `compile(spec)` → vega `parse` → headless `View` (renderer "none") →
 * `toSVG()`. Text is measured by vega's estimate (no canvas in Node), so label widths may differ
 * slightly from the browser's rendering.
 */
type VegaModule = typeof import("vega", { with: { "resolution-mode": "import" } });
type VegaLiteModule = typeof import("vega-lite", { with: { "resolution-mode": "import" } });

let modules: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

function load(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  modules ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({ vega, vl }));
  return modules;
}

/** Renders a Vega-Lite spec to an SVG document. Rejects with vega-lite's message for a bad spec. */
export async function renderVegaLiteSvg(spec: unknown): Promise<string> {
  const { vega, vl } = await load();
  const compiled = vl.compile(spec as Parameters<VegaLiteModule["compile"]>[0]);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
