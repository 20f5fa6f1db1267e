/**
 * The notebooks as committed: valid nbformat 4 on the radiogx kernel, executed top to bottom without an error
 * output (scripts/run-notebooks.sh saves them only then), every Vega-Lite chart with its SVG fallback for static
 * viewers, and every name a cell imports from "radiogx" or "radiogx/kernel" exported by the library or the
 * kernel API (so an export renamed or dropped breaks this test, not only the CI notebook run).
 * Saved outputs write nothing to stderr and carry no run-dependent timings, and the real-data notebook reports
 * its main figures (or says that its data are absent).
 * Executing them is CI's job (`npm run notebooks:run`, about three minutes; it also runs 06 and 07 without their
 * data); this test reads the saved files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as radiogx from "../../src/index";
import * as kernelApi from "../../kernel-ext/src/kernel/index";

const dir = resolve(__dirname, "..", "..", "notebooks");
const files = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name: string; display_name: string; language: string } };
  cells: Cell[];
}

const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);

/** Runtime names imported from a module in a cell (`type X` imports are left out: they exist only for tsc). */
function importedNames(source: string, module: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*"${module.replace("/", "\\/")}"`, "g");
  for (const m of source.matchAll(re)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0]!.trim();
      if (name !== "" && !name.startsWith("type ")) out.push(name);
    }
  }
  return out;
}

describe("the notebooks", () => {
  it("are the seven tutorials and analyses the README lists", () => {
    expect(files).toEqual([
      "01-quick-start.ipynb", "02-cohort-extraction.ipynb", "03-correlation-map.ipynb", "04-subtype-classifier.ipynb",
      "05-survival.ipynb", "06-real-data.ipynb", "07-ibsi-compliance.ipynb",
    ]);
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const f of files) expect(readme).toContain(f.replace(".ipynb", ""));
  });

  it("06-real-data reports its main figures, or says plainly that the data are absent", () => {
    const nb = JSON.parse(readFileSync(join(dir, "06-real-data.ipynb"), "utf8")) as Notebook;
    const printed = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => text(o.text ?? "")).join("\n");
    if (printed.includes("THE REAL DATA ARE NOT AVAILABLE")) return;
    expect(printed).toMatch(/univariate AUC for EGFR, strongest of \d+ features: \S+ 0\.\d{3} \[0\.\d{3}, [01]\.\d{3}\]/);
    expect(printed).toMatch(/significant feature–gene pairs \(features × EGFR, KRAS; BH q < 0\.05\): \d+ of \d+/);
    expect(printed).toMatch(/radiomic signature out-of-fold: C-index 0\.\d{3} \[0\.\d{3}, [01]\.\d{3}\]/);
    expect(printed).toMatch(/four-subtype classifier, 5-fold CV: macro one-vs-rest AUC/);
  });

  for (const file of files) {
    describe(file, () => {
      const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as Notebook;
      const code = nb.cells.filter((c) => c.cell_type === "code");

      it("is nbformat 4 on the radiogx kernel", () => {
        expect(nb.nbformat).toBe(4);
        expect(nb.metadata.kernelspec).toEqual({ name: "radiogx", display_name: "TypeScript (radiogx)", language: "typescript" });
      });

      it("was executed top to bottom, without an error", () => {
        expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
        const errors = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`));
        expect(errors).toEqual([]);
      });

      it("saves every Vega-Lite chart with an SVG rendering for static viewers", () => {
        const charts = code.flatMap((c) => (c.outputs ?? []).filter((o) => o.data?.["application/vnd.vegalite.v5+json"] !== undefined));
        for (const o of charts) expect(text(o.data!["image/svg+xml"] as string | string[])).toMatch(/^<svg/);
      });

      it("writes nothing to stderr and keeps run-dependent timings out of its saved outputs", () => {
        const outputs = code.flatMap((c) => c.outputs ?? []);
        expect(outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => text(o.text ?? ""))).toEqual([]);
        // Rates, elapsed times and "in 0.4 s" change on every run (scripts/run-notebooks.sh drops the progress bars' ones).
        const volatile = /\d \S+\/s\b|\d:\d\d elapsed|ETA \d|\bin \d+(\.\d+)? ?(s|ms|seconds)\b/;
        const shown = outputs.flatMap((o) => [o.text, o.data?.["text/plain"], o.data?.["text/html"]]).filter((t) => t !== undefined).map((t) => text(t as string | string[]));
        expect(shown.filter((t) => volatile.test(t))).toEqual([]);
      });

      it('imports only names that "radiogx" and "radiogx/kernel" export', () => {
        const source = code.map((c) => text(c.source)).join("\n");
        const missing = [
          ...importedNames(source, "radiogx").filter((n) => !(n in radiogx)).map((n) => `radiogx: ${n}`),
          ...importedNames(source, "radiogx/kernel").filter((n) => !(n in kernelApi)).map((n) => `radiogx/kernel: ${n}`),
        ];
        expect(missing).toEqual([]);
      });
    });
  }
});
