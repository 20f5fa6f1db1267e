/**
 * ComBat against R sva::ComBat (Johnson et al.'s own implementation, Bioconductor sva 3.46; skipped when R
 * has no sva) on `stats/combat_testdata.csv` (200 features × 10 scans; batch 1,1,1,1,1,2,2,2,2,2; gender
 * 1,2,1,2,…): parametric and non-parametric, with and without mod = model.matrix(~as.factor(gender)),
 * mean.only, and ref.batch = 2. Precision: 1e-8 relative, the issue's criterion.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runOutput } from "../subprocess";
import { readTable } from "../../src/cohort/dataTable";
import { combat } from "../../src/stats/combat";
import { hasRefdata, refPath } from "../refdata";

const batch = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
const gender = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2];

function hasRPackage(pkg: string): boolean {
  try {
    execFileSync("Rscript", ["-e", `quit(status = if (requireNamespace("${pkg}", quietly = TRUE)) 0 else 1)`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const HAS_SVA = hasRefdata() && hasRPackage("sva");

describe.skipIf(!HAS_SVA)("vs R sva::ComBat on combat_testdata.csv (needs R with sva)", async () => {
  const path = refPath("stats", "combat_testdata.csv");
  const rows: number[][] = [];
  if (HAS_SVA) {
    const table = readTable(path);
    for (let g = 0; g < table.rows; g++) rows.push(table.columns.map((c) => (table.data[c] as number[])[g]!));
  }
  const configs = [
    { name: "parametric, no covariate", par: true, cov: false, meanOnly: false, ref: null },
    { name: "parametric, gender covariate", par: true, cov: true, meanOnly: false, ref: null },
    { name: "non-parametric, no covariate", par: false, cov: false, meanOnly: false, ref: null },
    { name: "non-parametric, gender covariate", par: false, cov: true, meanOnly: false, ref: null },
    { name: "mean only, gender covariate", par: true, cov: true, meanOnly: true, ref: null },
    { name: "reference batch 2, gender covariate", par: true, cov: true, meanOnly: false, ref: 2 },
  ];
  const calls = configs
    .map((c) => `out[[length(out) + 1]] <- ComBat(dat, batch, mod = ${c.cov ? "mod" : "NULL"}, par.prior = ${c.par ? "TRUE" : "FALSE"}, mean.only = ${c.meanOnly ? "TRUE" : "FALSE"}${c.ref ? `, ref.batch = ${c.ref}` : ""})`)
    .join("; ");
  const script = `suppressMessages(library(sva)); dat <- as.matrix(read.csv("${path}")); batch <- c(${batch.join(",")}); gender <- c(${gender.join(",")}); mod <- model.matrix(~as.factor(gender)); out <- list(); invisible(capture.output({ ${calls} })); for (m in out) cat(format(c(m), digits = 17), "\n")`;
  // vitest collects a skipped suite's tests by running its body: R is asked only when it is there.
  const lines = HAS_SVA ? (await runOutput("Rscript", ["-e", script])).trim().split("\n") : [];
  configs.forEach((c, k) => {
    it(c.name, () => {
      const want = lines[k]!.trim().split(/\s+/).map(Number); // column-major 200 × 10
      const r = combat(rows, batch, { parametric: c.par, meanOnly: c.meanOnly, covariates: c.cov ? { gender: gender.map(String) } : undefined, refBatch: c.ref ?? undefined });
      let worst = 0;
      for (let j = 0; j < 10; j++) {
        for (let g = 0; g < 200; g++) {
          const w = want[j * 200 + g]!;
          worst = Math.max(worst, Math.abs(r.data[g]![j]! - w) / Math.max(1e-12, Math.abs(w)));
        }
      }
      expect(worst).toBeLessThan(1e-8);
    });
  });
});
