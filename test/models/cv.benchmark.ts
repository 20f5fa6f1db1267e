/**
 * Benchmark (not a test; run with `npx tsx test/models/cv.benchmark.ts`): stratified 5-fold
 * cross-validated logistic regression (StandardScaler + LogisticRegression(C = 1)) on WDBC, radiogx's
 * crossValidate against scikit-learn's cross_val_score with the same folds, in the same run; the first
 * (cold) run and medians of warm runs in CPU seconds (less disturbed by other processes on a shared
 * machine) and wall seconds.
 */
import { execFileSync } from "node:child_process";
import { crossValidate, foldsFromAssignment } from "../../src/models/cv";
import { LogisticRegression } from "../../src/models/logistic";
import { Pipeline } from "../../src/models/pipeline";
import { StandardScaler } from "../../src/models/preprocess";
import { toDense } from "../../src/models/matrix";
import { refPath, venvPython } from "../refdata";
import { readCsv } from "../survival/peers";

const file = refPath("stats", "breast_cancer_wdbc.csv");
const py = venvPython();
if (!py) throw new Error("needs the venv (scikit-learn)");
const sk = JSON.parse(
  execFileSync(py, ["-c", `
import json, time, warnings, numpy as np, pandas as pd
warnings.simplefilter("ignore")
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
d = pd.read_csv(${JSON.stringify(file)}); X = d.drop(columns="target").values; y = d["target"].values
fold = np.zeros(len(y), dtype=int)
for f, (_, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)): fold[te] = f
cv = [(np.where(fold != f)[0], np.where(fold == f)[0]) for f in range(5)]
ts = []; wall = []
for _ in range(5):
    c0 = time.process_time(); t0 = time.perf_counter()
    s = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=cv, scoring="roc_auc")
    ts.append(time.process_time() - c0); wall.append(time.perf_counter() - t0)
print(json.dumps({"s": sorted(ts)[2], "wall": sorted(wall)[2], "auc": s.tolist(), "fold": fold.tolist()}))
`], { encoding: "utf8" }),
) as { s: number; wall: number; auc: number[]; fold: number[] };
const rows = readCsv(file);
const names = Object.keys(rows[0]!).filter((k) => k !== "target");
const X = toDense(rows.map((r) => names.map((n) => r[n] as number)), "bench", names);
const y = rows.map((r) => r.target as number);
const folds = foldsFromAssignment(sk.fold, 5);
const est = new Pipeline([new StandardScaler(), new LogisticRegression()]);
// The first run in a fresh process includes V8 compiling the hot loops (reported on its own); the ratios
// use the median of 9 runs after 5 warm-up runs, as scikit-learn's median of 5.
const c00 = process.cpuUsage();
const t00 = performance.now();
let cv = crossValidate(est, X, y, { folds });
const firstWall = (performance.now() - t00) / 1000;
const c01 = process.cpuUsage(c00);
for (let r = 0; r < 4; r++) cv = crossValidate(est, X, y, { folds });
const cpu: number[] = [];
const wall: number[] = [];
for (let r = 0; r < 9; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  cv = crossValidate(est, X, y, { folds });
  wall.push((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  JSON.stringify(
    {
      radiogx_first_run_cpu_s: (c01.user + c01.system) / 1e6,
      radiogx_first_run_wall_s: firstWall,
      radiogx_cpu_s: med(cpu),
      radiogx_wall_s: med(wall),
      sklearn_cpu_s: sk.s,
      sklearn_wall_s: sk.wall,
      speedup_cpu: sk.s / med(cpu),
      speedup_wall: sk.wall / med(wall),
      max_fold_auc_diff: Math.max(...cv.folds.map((f, i) => Math.abs(f.auc - sk.auc[i]!))),
    },
    null,
    2,
  ),
);
