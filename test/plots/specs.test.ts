/**
 * The vega-lite builders on real results (aSAH ROC with a bootstrap band, lung Kaplan–Meier by sex with
 * the log-rank test, the Rossi Cox forest plot, a calibration plot). Every spec is validated against the
 * published Vega-Lite v5 JSON schema (the copy bundled with Altair 5.5, schema v5.20.1) with jsonschema in
 * the venv; the data carried by each spec is checked against the results it came from.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { rocPlot, VEGA_LITE_SCHEMA } from "../../src/plots/roc";
import { kaplanMeierPlot } from "../../src/plots/survival";
import { forestPlot } from "../../src/plots/forest";
import { calibrationPlot } from "../../src/plots/calibration";
import { rocAuc, rocConfidenceBand } from "../../src/models/roc";
import { calibration } from "../../src/models/calibration";
import { kaplanMeier } from "../../src/survival/kaplanMeier";
import { logRankTest } from "../../src/survival/logRank";
import { coxPH } from "../../src/survival/cox";
import { refPath } from "../refdata";
import { col, readCsv, tryPythonJson } from "../survival/peers";

const haveData = existsSync(refPath("stats", "aSAH.csv"));

function build() {
  const a = readCsv(refPath("stats", "aSAH.csv"));
  const outcome = a.map((r) => r.outcome);
  const rocS = rocAuc(outcome, col(a, "s100b"));
  const rocW = rocAuc(outcome, col(a, "wfns"));
  const roc = rocPlot([rocS, rocW], { labels: ["s100b", "wfns"], band: rocConfidenceBand(outcome, col(a, "s100b"), { nBoot: 200, seed: 1 }) });
  const lung = readCsv(refPath("stats", "lung.csv"));
  const male = lung.filter((r) => r.sex === 1);
  const female = lung.filter((r) => r.sex === 2);
  const kms = [kaplanMeier(col(male, "time"), col(male, "status"), { label: "male" }), kaplanMeier(col(female, "time"), col(female, "status"), { label: "female" })];
  const km = kaplanMeierPlot(kms, { logRank: logRankTest(col(lung, "time"), col(lung, "status"), lung.map((r) => r.sex)), timeLabel: "days" });
  const cox = coxPH(readCsv(refPath("stats", "rossi.csv")), { duration: "week", event: "arrest" });
  const forest = forestPlot(cox);
  const y = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const p = y.map((v, i) => Math.min(0.99, Math.max(0.01, 0.33 + (v ? 0.1 : -0.05) + ((i * 37) % 17) / 30 - 0.27)));
  const cal = calibrationPlot(calibration(y, p, { bins: 5 }));
  return { roc, km, forest, cal, rocS, kms, cox };
}

const built = haveData ? build() : null;

describe.skipIf(built === null)("vega-lite builders", () => {
  const b = built!;
  it("carry the v5 schema URL and the results' numbers", () => {
    for (const spec of [b.roc, b.km, b.forest, b.cal]) expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    const rocLayer = (b.roc.layer as { data: { values: { model: string; fpr: number; tpr: number }[] } }[]).at(-1)!;
    const s100b = rocLayer.data.values.filter((v) => v.model.startsWith("s100b"));
    expect(s100b[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(s100b.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(s100b[0]!.model).toContain("AUC 0.731, 0.630–0.833");
    // Trapezoids under the plotted curve give back the AUC.
    let area = 0;
    for (let i = 1; i < s100b.length; i++) area += ((s100b[i]!.fpr - s100b[i - 1]!.fpr) * (s100b[i]!.tpr + s100b[i - 1]!.tpr)) / 2;
    expect(area).toBeCloseTo(b.rocS.auc, 12);
    const kmMain = (b.km.vconcat as { data: { values: { group: string; survival: number }[] } }[])[0]!;
    const male = kmMain.data.values.filter((v) => v.group === "male");
    expect(male.length).toBe(b.kms[0]!.time.length + 1);
    expect(male.at(-1)!.survival).toBe(b.kms[0]!.survival.at(-1));
    expect((b.km.title as { subtitle: string }).subtitle).toMatch(/χ² = 10\.33 on 1 df, p = 0\.0013/);
    const table = (b.km.vconcat as { data: { values: { group: string; time: number; atRisk: number }[] } }[])[1]!.data.values;
    expect(table.find((r) => r.group === "male" && r.time === 0)!.atRisk).toBe(138);
    const rows = (b.forest.data as { values: { name: string; estimate: number }[] }).values;
    expect(rows.map((r) => r.name)).toEqual(b.cox.covariates);
    expect(rows[0]!.estimate).toBeCloseTo(Math.exp(-0.3794222), 6);
  });
  it("a calibration plot of predictions that separate the classes says the slope is not computable (no 'NaN')", () => {
    const cal = calibration([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], { bins: 2 });
    expect(Number.isNaN(cal.slope)).toBe(true);
    const title = calibrationPlot(cal).title as { subtitle: string };
    expect(title.subtitle).toMatch(/slope and intercept not computable/);
    expect(title.subtitle).not.toMatch(/NaN/);
  });
  it("refuse what they cannot draw", () => {
    expect(() => forestPlot([{ name: "x", estimate: 0, lower: 0, upper: 1 }])).toThrowError(/"x".*positive/);
    expect(() => rocPlot([])).toThrowError(/no ROC curve/);
  });
});

// vega-lite and vega as installed for the kernel's SVG fallback (kernel-ext dependencies, hoisted).
const vegaInstalled = ["vega", "vega-lite"].every((m) => existsSync(join(__dirname, "..", "..", "node_modules", m, "package.json")));
interface VegaLogger {
  level(): VegaLogger;
  warn(...m: unknown[]): VegaLogger;
  error(...m: unknown[]): VegaLogger;
  info(): VegaLogger;
  debug(): VegaLogger;
}
interface VegaLibs {
  vl: { compile(spec: object, options: { logger: VegaLogger }): { spec: object } };
  vega: {
    parse(spec: object): unknown;
    View: new (runtime: unknown, options: { renderer: "none" }) => { logger(l: VegaLogger): { toSVG(): Promise<string>; finalize(): void } };
  };
}
const importByName = (name: string): Promise<unknown> => import(name);

describe.skipIf(built === null || !vegaInstalled)("specs compile (vega-lite) and render (vega, headless SVG) without warnings (skipped without vega)", () => {
  let libs: VegaLibs | null = null;
  const load = async (): Promise<VegaLibs> => (libs ??= { vl: (await importByName("vega-lite")) as VegaLibs["vl"], vega: (await importByName("vega")) as VegaLibs["vega"] });
  const render = async (spec: object): Promise<{ svg: string; warnings: string[] }> => {
    const warnings: string[] = [];
    const logger: VegaLogger = {
      level() {
        return logger;
      },
      warn(...m: unknown[]) {
        warnings.push(m.join(" "));
        return logger;
      },
      error(...m: unknown[]) {
        warnings.push(`error: ${m.join(" ")}`);
        return logger;
      },
      info: () => logger,
      debug: () => logger,
    };
    const { vl, vega } = await load();
    const compiled = vl.compile(spec, { logger }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" }).logger(logger);
    const svg = await view.toSVG();
    view.finalize();
    return { svg, warnings };
  };
  for (const name of ["roc", "km", "forest", "cal"] as const) {
    it(name, async () => {
      const { svg, warnings } = await render(built![name]);
      expect(warnings).toEqual([]);
      expect(svg).toContain("<svg");
    });
  }
  it("the ROC legend shows each curve's AUC and CI in full (no truncation to 160 px)", async () => {
    const { svg } = await render(built!.roc);
    expect(svg).toContain("s100b (AUC 0.731, 0.630–0.833)");
    expect(svg).not.toContain("…");
  });
});

const validation = built
  ? await tryPythonJson<Record<string, string | null>>(["altair", "jsonschema"], `
import json, os, jsonschema
import altair.vegalite.v5.schema as s
schema = json.load(open(os.path.join(os.path.dirname(s.__file__), "vega-lite-schema.json")))
specs = json.loads(${JSON.stringify(JSON.stringify(built))})
v = jsonschema.Draft7Validator(schema)
out = {}
for name in ["roc", "km", "forest", "cal"]:
    errs = sorted(v.iter_errors(specs[name]), key=lambda e: len(list(e.path)))
    out[name] = None if not errs else (errs[0].message[:300] + " at " + "/".join(map(str, errs[0].path)))
print(json.dumps(out))
`)
  : null;

describe.skipIf(validation === null)("specs validate against the Vega-Lite v5 JSON schema (venv with altair; skipped without it)", () => {
  for (const name of ["roc", "km", "forest", "cal"]) {
    it(name, () => expect(validation![name]).toBeNull());
  }
});
