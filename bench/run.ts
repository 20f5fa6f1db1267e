/**
 * `npm run bench`: speed and peak memory of whole-process extraction, radiogx against PyRadiomics measured
 * side by side in the same run (PyRadiomics from the project's .venv; `npm run setup:python`).
 *
 * Cases (synthetic CT-like lesions, generated once into bench/out/):
 * - foundation: 512×512×100, ~100k ROI voxels; IBSI morphology, local intensity, statistics, histogram, IVH.
 * - original:   512×512×64, ~75k ROI voxels; the 7 PyRadiomics classes on the original image, bin width 25.
 * - filtered:   the same case with LoG (σ = 1, 2, 3 mm) and the 8 wavelet bands as well.
 * - map:        a Spearman correlation map, 1,000 features × 20,000 genes over 500 patients (synthetic, with
 *               planted factors): radiogx `correlationMap` (r, p and BH q of every pair) against numpy's
 *               rank-then-matrix-multiply (r only) and `scipy.stats.spearmanr` (r and p), the computation
 *               alone (data already in memory), plus the whole process's peak RSS; r checked equal to numpy's.
 * - cohort:     `radiogx cohort extract` of a 48-patient synthetic cohort (512×512×64 CT-like, ~50k ROI voxels,
 *               the 7 PyRadiomics classes) with `--jobs 1` and `--jobs 2`: cases per second, and the ratio.
 * - cox:        Cox PH (Efron) on 10,000 × 10 against lifelines and R survival::coxph (test/survival/cox.benchmark.ts).
 * - cv:         5-fold cross-validated logistic regression on WDBC against scikit-learn (test/models/cv.benchmark.ts).
 * - kernel:     the radiogx kernel's start-up next to plain tslab's, and a 512×512 Float32 slice per widget update
 *               (kernel-ext/bench/kernel_bench.py).
 * - browser:    JupyterLab in Chromium: a 512×512×300 CT opened and scrolled in the slice viewer, a 1,000,000-cell
 *               correlation map and its FDR slider (scripts/browser-tests.sh -t benchmark; needs Chromium).
 * Each command runs `RUNS` times (default 3) under GNU time; the median wall time and the largest peak
 * RSS are reported, with the ratio peer / radiogx (> 1 means radiogx is faster). `npm run bench -- map`
 * runs one case. Results also go to bench/out/results.md.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join, resolve } from "node:path";
import { ctSizedCase } from "../src/phantom/synthetic";
import { writeNifti } from "../src/io/write";
import { Random } from "../src/phantom/random";
import { cohortFiles } from "../src/phantom/tutorial";

const root = resolve(__dirname, "..");
const out = join(root, "bench", "out");
const RUNS = Number(process.env.RUNS ?? 3);
const python = join(root, ".venv", "bin", "python");
const hasPyradiomics = existsSync(python) && spawnSync(python, ["-c", "import radiomics"]).status === 0;
const only = process.argv.slice(2);

interface Measure { seconds: number; maxRssMb: number; features: number }

function measure(cmd: string, args: string[]): Measure {
  const times: number[] = [];
  let rss = 0, features = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "__TIME__ %e %M", cmd, ...args], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`no timing from /usr/bin/time: ${r.stderr}`);
    times.push(Number(m[1]));
    rss = Math.max(rss, Number(m[2]) / 1024);
    features = Number(r.stdout.trim().split("\n").pop());
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, maxRssMb: rss, features };
}

function ensureCase(name: string, slices: number, roiVoxels: number): { image: string; mask: string; roi: number } {
  mkdirSync(out, { recursive: true });
  const image = join(out, `${name}_image.nii.gz`), mask = join(out, `${name}_mask.nii.gz`);
  const c = ctSizedCase({ slices, roiVoxels });
  if (!existsSync(image) || !existsSync(mask)) {
    writeNifti(c.image, image);
    writeNifti(c.mask, mask);
  }
  return { image, mask, roi: c.roiVoxels };
}

function writeParams(name: string, body: string): string {
  const p = join(out, `${name}.yaml`);
  writeFileSync(p, body);
  return p;
}

/** radiogx whole process: the CLI, printing the feature count. */
function radiogx(image: string, mask: string, params: string): Measure {
  const script = `const { extractFromFiles } = require(${JSON.stringify(join(root, "dist", "extract.js"))});
const { readParams } = require(${JSON.stringify(join(root, "dist", "settings", "params.js"))});
const r = extractFromFiles(process.argv[1], process.argv[2], readParams(process.argv[3]));
if (r.failed.length) console.error(r.failed);
console.log(r.features.length);`;
  return measure(process.execPath, ["-e", script, image, mask, params]);
}

function row(label: string, ours: Measure, peer: Measure | null): string {
  const r = peer ? `${(peer.seconds / ours.seconds).toFixed(2)}×` : "–";
  const m = peer ? `${(peer.maxRssMb / ours.maxRssMb).toFixed(2)}×` : "–";
  return `| ${label} | ${ours.features} | ${ours.seconds.toFixed(2)} s | ${ours.maxRssMb.toFixed(0)} MB | ${peer ? `${peer.features} | ${peer.seconds.toFixed(2)} s | ${peer.maxRssMb.toFixed(0)} MB` : "– | – | –"} | ${r} | ${m} |`;
}


/** Runs a command under GNU time `RUNS` times (`before` first, each time); median wall time, largest peak RSS, last stdout. */
function timedRuns(cmd: string, args: string[], runs = RUNS, before?: () => void): { seconds: number; maxRssMb: number; stdout: string } {
  const times: number[] = [];
  let rss = 0;
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    before?.();
    const r = spawnSync("/usr/bin/time", ["-f", "__TIME__ %e %M", cmd, ...args], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
    times.push(Number(m[1]));
    rss = Math.max(rss, Number(m[2]) / 1024);
    stdout = r.stdout;
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, maxRssMb: rss, stdout };
}

const lastJson = <T>(stdout: string): T => JSON.parse(stdout.trim().split("\n").pop()!) as T;

const MAP = { n: 500, p: 1000, q: 20000, factors: 12 };

/**
 * The map case's data: p features and q genes over n patients, driven by shared latent factors (each variable
 * loads on two or three of them, plus its own noise), so the map has real structure. Float64, variable-major.
 */
function ensureMapData(): { x: string; y: string } {
  mkdirSync(out, { recursive: true });
  const { n, p, q, factors } = MAP;
  const x = join(out, `map_X_${p}x${n}.f64`), y = join(out, `map_Y_${q}x${n}.f64`);
  if (existsSync(x) && existsSync(y)) return { x, y };
  const rng = new Random(2026);
  const F = Array.from({ length: factors }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const block = (rows: number, file: string) => {
    const a = new Float64Array(rows * n);
    for (let j = 0; j < rows; j++) {
      const k = 2 + Math.floor(rng.next() * 2);
      const picks = Array.from({ length: k }, () => [Math.floor(rng.next() * factors), rng.normal() * 0.6] as const);
      for (let i = 0; i < n; i++) {
        let v = rng.normal();
        for (const [f, l] of picks) v += l * F[f]![i]!;
        a[j * n + i] = v;
      }
    }
    writeFileSync(file, new Uint8Array(a.buffer));
  };
  block(p, x);
  block(q, y);
  return { x, y };
}

/** radiogx's side of the map case: reads the data, times correlationMap alone, writes r for the check. */
const MAP_SCRIPT = `const fs = require("node:fs");
const { correlationMap } = require(process.argv[1]);
const [xf, yf, rOut] = process.argv.slice(2, 5);
const [n, p, q] = process.argv.slice(5, 8).map(Number);
const read = (f, rows, prefix) => {
  const b = fs.readFileSync(f);
  const a = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  return { names: Array.from({ length: rows }, (_, j) => prefix + String(j + 1).padStart(5, "0")), values: Array.from({ length: rows }, (_, j) => a.subarray(j * n, (j + 1) * n)) };
};
const X = read(xf, p, "f"), Y = read(yf, q, "g");
const time = (adjust) => {
  const t = process.hrtime.bigint();
  const m = correlationMap(X, Y, { method: "spearman", adjust });
  return { m, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
};
// The call as users make it (BH over every pair), then r and p alone (what numpy's side computes, and more).
let full = time("bh");
if (rOut) fs.writeFileSync(rOut, new Uint8Array(full.m.r.buffer, full.m.r.byteOffset, full.m.r.byteLength));
const out = { seconds: full.seconds, pairs: full.m.r.length, significant: full.m.significant(0.05), notes: full.m.notes };
full = null;
out.secondsNoAdjust = time("none").seconds;
console.log(JSON.stringify(out));`;

function mapCase(): string[] {
  const { n, p, q } = MAP;
  const d = ensureMapData();
  const rFile = join(out, "map_r_radiogx.f64");
  const lines = [`| map: Spearman, ${p} features × ${q} genes × ${n} patients | seconds (computation) | peak RSS (process) | speed-up of radiogx (peer time / radiogx time) |`, "|---|---|---|---|"];
  const ours = timedRuns(process.execPath, ["-e", MAP_SCRIPT, join(root, "dist", "index.js"), d.x, d.y, rFile, String(n), String(p), String(q)]);
  // The in-process time of each run is in its stdout; the median run's wall time is close to it plus reading.
  const o = lastJson<{ seconds: number; secondsNoAdjust: number; pairs: number; significant: number; notes: string[] }>(ours.stdout);
  lines.push(`| radiogx correlationMap, as called (r, p and BH q of all ${o.pairs} pairs; ${o.significant} with q < 0.05) | ${o.seconds.toFixed(2)} s | ${ours.maxRssMb.toFixed(0)} MB | – |`);
  lines.push(`| radiogx correlationMap, adjust: "none" (r and p) | ${o.secondsNoAdjust.toFixed(2)} s | (same process) | – |`);
  if (!existsSync(python)) {
    lines.push("| numpy / scipy | – (no .venv: `npm run setup:python`) | – | – |");
    return lines;
  }
  const peer = join(root, "bench", "spearman_peer.py");
  const np = timedRuns(python, [peer, "numpy", d.x, d.y, String(n), String(p), String(q), rFile]);
  const nj = lastJson<{ seconds: number; seconds_rankdata: number; seconds_argsort: number | null; max_abs_diff_r: number }>(np.stdout);
  const vs = (peer: number) => `${(peer / o.seconds).toFixed(2)}× as called, ${(peer / o.secondsNoAdjust).toFixed(2)}× r and p`;
  lines.push(`| numpy rankdata-then-matmul (average ranks, r only; max abs r difference to radiogx ${nj.max_abs_diff_r.toExponential(1)}) | ${nj.seconds_rankdata.toFixed(2)} s | ${np.maxRssMb.toFixed(0)} MB | ${vs(nj.seconds_rankdata)} |`);
  if (nj.seconds_argsort !== null) lines.push(`| numpy double-argsort-then-matmul (ordinal ranks: right only without ties, r only) | ${nj.seconds_argsort.toFixed(2)} s | (same process) | ${vs(nj.seconds_argsort)} |`);
  const sp = timedRuns(python, [peer, "scipy", d.x, d.y, String(n), String(p), String(q)], 1);
  const sj = lastJson<{ seconds: number }>(sp.stdout);
  lines.push(`| scipy.stats.spearmanr(X, Y) (r and p, one run) | ${sj.seconds.toFixed(2)} s | ${sp.maxRssMb.toFixed(0)} MB | ${vs(sj.seconds)} |`);
  if (!(nj.max_abs_diff_r < 1e-12)) throw new Error(`map: radiogx r differs from numpy's by ${nj.max_abs_diff_r}`);
  return lines;
}

function cohortCase(): string[] {
  const patients = 48;
  const c = cohortFiles(join(out, "cohort48"), { seed: 5, patients, size: [512, 512, 64], imaging: { radiusMm: 25 } });
  const params = writeParams("cohort", "conventions: pyradiomics\nimageType: { Original: {} }\nfeatureClass: { shape: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\nsetting: { binWidth: 25, label: 1 }\n");
  const runDir = join(out, "cohort48-run");
  const lines = [`| cohort extract, ${patients} patients 512×512×64 (${cpus().length} CPUs, availableParallelism ${availableParallelism()}) | wall time | cases/s | peak RSS (main process; the workers are child processes) | throughput vs --jobs 1 |`, "|---|---|---|---|---|"];
  let base = 0;
  for (const jobs of [1, 2]) {
    const m = timedRuns(process.execPath, [join(root, "bin", "radiogx.js"), "cohort", "extract", c.manifest, "--out", join(runDir, "features.csv"), "--params", params, "--jobs", String(jobs), "--quiet"], RUNS, () => rmSync(runDir, { recursive: true, force: true }));
    const rate = patients / m.seconds;
    if (jobs === 1) base = rate;
    lines.push(`| --jobs ${jobs} | ${m.seconds.toFixed(2)} s | ${rate.toFixed(2)} | ${m.maxRssMb.toFixed(0)} MB | ${(rate / base).toFixed(2)}× |`);
    console.error(lines.at(-1));
  }
  return lines;
}

/** Runs one of the statistics benchmarks (a tsx script printing JSON) and returns its figures. */
function statsBench(script: string): Record<string, number | string> {
  const r = spawnSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, script)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as Record<string, number | string>;
}

const num = (x: number | string | undefined, digits = 3) => (typeof x === "number" ? x.toFixed(digits) : String(x ?? "–"));

/** Cox PH, 10,000 × 10 with Efron ties: radiogx vs lifelines and R survival::coxph (test/survival/cox.benchmark.ts). */
function coxCase(): string[] {
  const r = statsBench("test/survival/cox.benchmark.ts");
  return [
    "| Cox PH, 10,000 × 10, Efron ties | radiogx | lifelines | R coxph | radiogx vs lifelines | radiogx vs R |",
    "|---|---|---|---|---|---|",
    `| wall time (median of warm fits) | ${num(r.radiogx_wall_s)} s | ${num(r.lifelines_wall_s)} s | ${num(r.R_coxph_wall_s)} s | ${num(r.speedup_vs_lifelines_wall, 1)}× | ${typeof r.R_coxph_wall_s === "number" ? ((r.R_coxph_wall_s as number) / (r.radiogx_wall_s as number)).toFixed(1) + "×" : "–"} |`,
    `| CPU time | ${num(r.radiogx_cpu_s)} s | ${num(r.lifelines_cpu_s)} s | ${num(r.R_coxph_cpu_s)} s | ${num(r.speedup_vs_lifelines_cpu, 1)}× | ${num(r.speedup_vs_R_cpu, 1)}× |`,
    `| first fit in a fresh process (radiogx) | ${num(r.radiogx_first_fit_wall_s)} s | | | | |`,
    `| coefficients: max difference from lifelines ${num(r.max_coef_diff_vs_lifelines, 9)}, max relative difference from R (eps 1e-12) ${typeof r.max_coef_rel_diff_vs_R === "number" ? (r.max_coef_rel_diff_vs_R as number).toExponential(1) : "–"} | | | | | |`,
  ];
}

/** 5-fold cross-validated logistic regression on WDBC: radiogx vs scikit-learn (test/models/cv.benchmark.ts). */
function cvCase(): string[] {
  const r = statsBench("test/models/cv.benchmark.ts");
  return [
    "| 5-fold CV, standardise + logistic regression, WDBC 569 × 30 | radiogx | scikit-learn | radiogx speed-up |",
    "|---|---|---|---|",
    `| wall time (median) | ${num(r.radiogx_wall_s)} s | ${num(r.sklearn_wall_s)} s | ${num(r.speedup_wall, 1)}× |`,
    `| CPU time | ${num(r.radiogx_cpu_s)} s | ${num(r.sklearn_cpu_s)} s | ${num(r.speedup_cpu, 1)}× |`,
    `| fold AUCs: max difference ${typeof r.max_fold_auc_diff === "number" ? (r.max_fold_auc_diff as number).toExponential(1) : "–"}; first run in a fresh process ${num(r.radiogx_first_run_wall_s)} s | | | |`,
  ];
}

/** The kernel: start-up next to plain tslab's, and a 512×512 Float32 slice per widget update (kernel-ext/bench). */
function kernelCase(): string[] {
  const r = spawnSync(python, [join(root, "kernel-ext", "bench", "kernel_bench.py"), "--runs", String(Math.max(3, RUNS))], { encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`kernel benchmark failed:\n${r.stderr}`);
  const k = JSON.parse(r.stdout) as Record<string, { median: number } & Record<string, number>>;
  const ours = k["startup_radiogx-bench_s"]!.median, tslab = k["startup_tslab-plain_s"]!.median;
  const b = k.float32_512x512_buffer as unknown as Record<string, number>;
  const fmt = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : String(v));
  return [
    "| kernel | radiogx kernel | plain tslab 1.0.22 | ratio |",
    "|---|---|---|---|",
    `| start-up to the first kernel_info_reply (median) | ${ours.toFixed(2)} s | ${tslab.toFixed(2)} s | ${(tslab / ours).toFixed(2)}× |`,
    `| 512×512 Float32 slice per widget update, kernel side | ${Object.entries(b).filter(([key]) => /kernel.*ms/.test(key)).map(([key, v]) => `${key} ${fmt(v)}`).join(", ")} | – | – |`,
    `| same, as jupyter_client receives them | ${Object.entries(b).filter(([key]) => /(client|frontend|receiv).*ms/.test(key)).map(([key, v]) => `${key} ${fmt(v)}`).join(", ")} | – | – |`,
  ];
}

/** The browser: JupyterLab in Chromium opening and scrolling a 512×512×300 CT, a 1,000,000-cell map (widgets). */
function browserCase(): string[] {
  const r = spawnSync("bash", [join(root, "scripts", "browser-tests.sh"), "-t", "benchmark"], { encoding: "utf8", cwd: root, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`browser benchmark failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  const f = JSON.parse(readFileSync(join(root, "test-artifacts", "browser", "benchmark.json"), "utf8")) as { [k: string]: number; openMs: number; allSlicesMs: number } & { heatmap: { [k: string]: number; openMs: number } };
  return [
    "| browser (JupyterLab 4, Debian Chromium, Playwright) | figure |",
    "|---|---|",
    `| 512×512×300 CT + mask: first slice on screen after the cell runs | ${(f.openMs / 1000).toFixed(2)} s |`,
    `| scrolling, one wheel step per frame | ${f.slicesPerSecond} slices/s (median render ${f.renderMsMedian} ms) |`,
    `| whole volume received (${f.voxelMegabytesReceived} MB) | ${(f.allSlicesMs / 1000).toFixed(1)} s |`,
    `| 1,000,000-cell correlation map: first draw | ${(f.heatmap.openMs / 1000).toFixed(2)} s |`,
    `| its FDR slider | ${f.heatmap.sliderStepsPerSecond} redraws/s (median ${f.heatmap.drawMsMedian} ms) |`,
  ];
}

function main() {
  if (!existsSync(join(root, "dist", "extract.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  const lines = [
    `radiogx benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} runs each (median time, max peak RSS)`,
    hasPyradiomics ? "" : "PyRadiomics not found in .venv (run `npm run setup:python`): peer columns are empty.",
  ];
  const known = ["foundation", "original", "filtered", "map", "cohort", "cox", "cv", "kernel", "browser"];
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    console.error(`npm run bench: unknown case ${unknown.map((n) => `"${n}"`).join(", ")}; the cases are ${known.join(", ")} (none named: all)`);
    process.exit(2);
  }
  const want = (n: string) => only.length === 0 || only.includes(n);
  if (["foundation", "original", "filtered"].some(want)) {
    lines.push("| case | radiogx features | radiogx time | radiogx peak RSS | PyRadiomics features | PyRadiomics time | PyRadiomics peak RSS | speed-up | memory ratio |", "|---|---|---|---|---|---|---|---|---|");
  }
  if (want("foundation")) {
    const c = ensureCase("ct512x512x100", 100, 100_000);
    const p = writeParams("foundation", "conventions: ibsi\nfeatureClass: { morph: , loc: , stat: , ih: , ivh: }\nsetting: { binWidth: 25 }\n");
    lines.push(row(`foundation: 512×512×100, ROI ${c.roi} voxels, IBSI morph+loc+stat+ih+ivh`, radiogx(c.image, c.mask, p), null));
    console.error(lines.at(-1));
  }
  const c64 = want("original") || want("filtered") ? ensureCase("ct512x512x64", 64, 75_000) : null;
  if (c64 && want("original")) {
    const body = "imageType: { Original: {} }\nfeatureClass: { shape: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\nsetting: { binWidth: 25, label: 1 }\n";
    const p = writeParams("original", `conventions: pyradiomics\n${body}`);
    const pp = writeParams("original_pyradiomics", body);
    const ours = radiogx(c64.image, c64.mask, p);
    const peer = hasPyradiomics ? measure(python, [join(root, "bench", "pyradiomics_extract.py"), c64.image, c64.mask, pp]) : null;
    lines.push(row(`original: 512×512×64, ROI ${c64.roi} voxels, 7 classes, bin width 25`, ours, peer));
    console.error(lines.at(-1));
  }
  if (c64 && want("filtered")) {
    const body = "imageType: { Original: {}, LoG: { sigma: [1.0, 2.0, 3.0] }, Wavelet: {} }\nfeatureClass: { shape: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\nsetting: { binWidth: 25, label: 1 }\n";
    const p = writeParams("filtered", `conventions: pyradiomics\n${body}`);
    const pp = writeParams("filtered_pyradiomics", body);
    const ours = radiogx(c64.image, c64.mask, p);
    const peer = hasPyradiomics ? measure(python, [join(root, "bench", "pyradiomics_extract.py"), c64.image, c64.mask, pp]) : null;
    lines.push(row(`filtered: same case + LoG σ 1,2,3 mm + 8 wavelet bands`, ours, peer));
    console.error(lines.at(-1));
  }
  if (want("map")) {
    lines.push("", ...mapCase());
    console.error(lines.slice(-4).join("\n"));
  }
  if (want("cohort")) lines.push("", ...cohortCase());
  if (want("cox")) {
    lines.push("", ...coxCase());
    console.error(lines.slice(-5).join("\n"));
  }
  if (want("cv")) {
    lines.push("", ...cvCase());
    console.error(lines.slice(-4).join("\n"));
  }
  if (want("kernel")) {
    lines.push("", ...kernelCase());
    console.error(lines.slice(-5).join("\n"));
  }
  // The browser case needs Chromium (apt-get install -y chromium); by default it runs when Chromium is there.
  if (only.includes("browser") || (only.length === 0 && existsSync(process.env.CHROMIUM ?? "/usr/bin/chromium"))) {
    lines.push("", ...browserCase());
    console.error(lines.slice(-7).join("\n"));
  }
  console.log(lines.join("\n"));
  writeFileSync(join(out, "results.md"), lines.join("\n") + "\n");
}

main();
