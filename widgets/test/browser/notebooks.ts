/**
 * The notebooks the browser suite opens, written as .ipynb files into the server's root folder by the
 * test (so the kernel API import can be chosen at run time, see `widgetsImport`).
 *
 * Each cell starts with a `// [cell:name]` marker the test uses to find it. Data are synthetic and
 * seeded (the library's `Random`), so every run shows the same widgets.
 */

/** Source of the kernel-side widget classes: `radiogx/kernel` once it re-exports them, else kernel-ext's build. */
export type WidgetsImport = "radiogx/kernel" | "@radiogx/kernel-ext/dist/widgets";

function notebook(cells: string[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: "radiogx", display_name: "TypeScript (radiogx)", language: "typescript" },
        language_info: { name: "typescript" },
      },
      cells: cells.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source })),
    },
    null,
    1,
  );
}

const setup = (widgets: WidgetsImport) => `// [cell:setup]
import * as path from "path";
import * as radiogx from "radiogx";
import * as kernel from "radiogx/kernel";
// Widget classes from ${widgets}; statistics from the library's build (rocAuc, delongTest, logRankTest, correlationMap).
const W: any = ${widgets === "radiogx/kernel" ? "kernel" : `require("${widgets}")`};
const root = path.dirname(require.resolve("radiogx/package.json"));
const lib = (m: string) => require(path.join(root, "dist", m));
const { rocAuc, delongTest } = lib("models/roc");
const { logRankTest } = lib("survival/logRank");
const { correlationMap } = lib("stats/correlationMap");
const rng = new radiogx.Random(11);
console.log("setup done", typeof W.SliceViewer, typeof rocAuc);`;

const slice = `// [cell:slice]
const tumour = radiogx.syntheticTumour({ seed: 3, size: [128, 128, 48], spacing: [0.8, 0.8, 2.0], radius: 16 });
const viewer = new W.SliceViewer(tumour.image, tumour.mask, { preset: "ct-lung", title: "Synthetic lung lesion (128 × 128 × 48, 0.8 × 0.8 × 2 mm)" });
viewer`;

const sliceState = `// [cell:slice-state]
console.log("viewer", JSON.stringify({ plane: viewer.plane, cursor: viewer.cursor, slice: viewer.sliceIndex, preset: viewer.preset }));`;

const busy = `// [cell:busy]
// Keeps the kernel busy for 0.8 s (comm messages wait until it is done).
const busyUntil = Date.now() + 800;
while (Date.now() < busyUntil) {}
"busy done"`;

const correlation = `// [cell:correlation]
// 200 features × 100 genes over 120 patients; four latent factors drive blocks of both.
const nP = 120, nF = 200, nG = 100;
const factors = Array.from({ length: 4 }, () => Float64Array.from({ length: nP }, () => rng.normal()));
const feat: Record<string, number[]> = {};
const genes: Record<string, number[]> = {};
for (let f = 0; f < nF; f++) {
  const k = f % 4, w = 0.2 + 0.8 * rng.next();
  feat["feature_" + f] = Array.from({ length: nP }, (_, p) => w * factors[k]![p]! + rng.normal());
}
for (let g = 0; g < nG; g++) {
  const k = g % 5, w = k < 4 ? 0.2 + 0.8 * rng.next() : 0;
  genes["GENE" + g] = Array.from({ length: nP }, (_, p) => (k < 4 ? w * factors[k]![p]! : 0) + rng.normal());
}
// The library's map: Pearson r with exact p, Benjamini–Hochberg q, average-linkage dendrograms.
const cm = correlationMap(feat, genes, { method: "pearson", adjust: "bh", cluster: { linkage: "average" } });
const ids = Array.from({ length: nP }, (_, k) => "PT-" + String(k + 1).padStart(3, "0"));
const map = new W.CorrelationMap(cm, { x: feat, y: genes, patientIds: ids }, { title: "Synthetic radiogenomic map: 200 features × 100 genes (20,000 cells)" });
map`;

const smallMap = `// [cell:small-map]
// 8 features × 12 metagenes: small enough for every row and column to be named.
const fSmall: Record<string, number[]> = {};
const gSmall: Record<string, number[]> = {};
for (const k of Object.keys(feat).slice(0, 8)) fSmall[k] = feat[k]!;
for (const k of Object.keys(genes).slice(0, 12)) gSmall[k.replace("GENE", "metagene_")] = genes[k]!;
const smallMap = new W.CorrelationMap(correlationMap(fSmall, gSmall, { method: "spearman", adjust: "bh", cluster: true }), { x: fSmall, y: gSmall, patientIds: ids }, { title: "8 features × 12 metagenes", column_label: "metagene" });
smallMap`;

const selection = `// [cell:selection]
console.log("selected", JSON.stringify(map.selected), "threshold", map.fdr_threshold);`;

const roc = `// [cell:roc]
const nR = 150;
const y: number[] = [], s1: number[] = [], s2: number[] = [];
for (let i = 0; i < nR; i++) {
  const label = rng.next() < 0.4 ? 1 : 0;
  y.push(label); s1.push(1.2 * label + rng.normal()); s2.push(0.6 * label + rng.normal());
}
const rocA = rocAuc(y, s1), rocB = rocAuc(y, s2);
const explorer = new W.ROCExplorer({ "radiomic signature": rocA, "clinical model": rocB }, {
  comparisons: [{ a: "radiomic signature", b: "clinical model", result: delongTest(y, s1, s2) }],
  title: "ROC: radiomic signature vs clinical model (150 patients)",
});
explorer`;

const km = `// [cell:km]
const nK = 160;
const time: number[] = [], event: number[] = [], risk: number[] = [], age: number[] = [];
for (let i = 0; i < nK; i++) {
  const rk = rng.normal();
  const hazard = 0.01 * Math.exp(0.8 * rk);
  const t = -Math.log(1 - rng.next()) / hazard, c = rng.uniform(30, 250);
  time.push(Math.round(Math.min(t, c) * 10) / 10); event.push(t <= c ? 1 : 0); risk.push(rk); age.push(Math.round(60 + 9 * rng.normal()));
}
const kmx = new W.KaplanMeierExplorer({ time, event, features: { "risk score": risk, age } }, { time_label: "days", title: "Overall survival by risk score" });
kmx`;

const kmCheck = `// [cell:km-check]
const res = kmx.result;
if (res === null) console.log("km", JSON.stringify({ result: null }));
else {
  const x = res.feature === "age" ? age : risk;
  const lr = logRankTest(time, event, x.map((v: number) => (v > res.cut ? "high" : "low")));
  console.log("km", JSON.stringify({ cut: res.cut, widget_p: res.p_value, library_p: lr.pValue, n_low: res.n_low, n_high: res.n_high }));
}`;

const missing = `// [cell:missing]
// A widget whose frontend module is not installed: JupyterLab shows an error in its place.
class Missing extends (kernel as any).DOMWidget {
  constructor() {
    super({ modelName: "MissingModel", modelModule: "@radiogx/not-installed", modelModuleVersion: "^9.0.0", viewName: "MissingView", viewModule: "@radiogx/not-installed", viewModuleVersion: "^9.0.0" }, {}, {});
  }
}
new Missing()`;

const broken = `// [cell:broken]
// A radiogx view given a state it cannot draw (a correlation map without its r matrix): it says so in place.
class Broken extends (kernel as any).DOMWidget {
  constructor() {
    super({ modelName: "CorrelationMapModel", modelModule: "@radiogx/widgets", modelModuleVersion: "^0.1.0", viewName: "CorrelationMapView", viewModule: "@radiogx/widgets", viewModuleVersion: "^0.1.0" }, { rows: ["a"], columns: ["b"], r: null }, {});
  }
}
new Broken()`;

const alive = `// [cell:alive]
console.log("kernel alive", 6 * 7);`;

/** The widgets notebook: every widget, plus cells that print what the kernel sees. */
export function widgetsNotebook(widgets: WidgetsImport): string {
  return notebook([setup(widgets), slice, sliceState, busy, correlation, smallMap, selection, roc, km, kmCheck, missing, broken, alive]);
}

/** The benchmark notebook: a 512 × 512 × 300 CT with a mask (the library's `ctSizedCase`). */
export function benchmarkNotebook(widgets: WidgetsImport): string {
  return notebook([
    setup(widgets),
    `// [cell:bench-data]
const big = radiogx.ctSizedCase({ slices: 300, roiVoxels: 200000 });
console.log("voxels", big.image.data.length, "bytes", big.image.data.byteLength + big.mask.data.byteLength);`,
    `// [cell:bench-view]
const bigViewer = new W.SliceViewer(big.image, big.mask, { preset: "ct-lung", title: "512 × 512 × 300 CT with mask" });
bigViewer`,
    `// [cell:bench-map-data]
// 500 features × 2000 genes (1,000,000 cells) over 60 patients, six latent factors; the library's
// Spearman map with BH q and average-linkage dendrograms of both axes.
const nPb = 60, nFb = 500, nGb = 2000;
const fac = Array.from({ length: 6 }, () => Float64Array.from({ length: nPb }, () => rng.normal()));
const Xb: Record<string, number[]> = {}, Yb: Record<string, number[]> = {};
for (let f = 0; f < nFb; f++) Xb["feature_" + f] = Array.from({ length: nPb }, (_, p) => 0.8 * fac[f % 6]![p]! + rng.normal());
for (let g = 0; g < nGb; g++) Yb["GENE" + g] = Array.from({ length: nPb }, (_, p) => (g % 7 < 6 ? 0.6 * fac[g % 7]![p]! : 0) + rng.normal());
const bigMap = correlationMap(Xb, Yb, { method: "spearman", adjust: "bh", cluster: true });
console.log("cells", bigMap.r.length);`,
    `// [cell:bench-map-view]
const bigMapWidget = new W.CorrelationMap(bigMap, { x: Xb, y: Yb }, { title: "500 features × 2000 genes (1,000,000 cells)" });
bigMapWidget`,
  ]);
}
