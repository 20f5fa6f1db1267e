/**
 * `npm run bench`: speed and peak memory of whole-process extraction, radiogx against PyRadiomics measured
 * side by side in the same run (PyRadiomics from the project's .venv; `npm run setup:python`).
 *
 * Cases (synthetic CT-like lesions, generated once into bench/out/):
 * - foundation: 512×512×100, ~100k ROI voxels; IBSI morphology, local intensity, statistics, histogram, IVH.
 * - original:   512×512×64, ~75k ROI voxels; the 7 PyRadiomics classes on the original image, bin width 25.
 * - filtered:   the same case with LoG (σ = 1, 2, 3 mm) and the 8 wavelet bands as well.
 * Each command runs `RUNS` times (default 3) under GNU time; the median wall time and the largest peak
 * RSS are reported, with the ratio PyRadiomics / radiogx (> 1 means radiogx is faster).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ctSizedCase } from "../src/phantom/synthetic";
import { writeNifti } from "../src/io/write";

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

function main() {
  if (!existsSync(join(root, "dist", "extract.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  const lines = [
    `radiogx benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} runs each (median time, max peak RSS)`,
    hasPyradiomics ? "" : "PyRadiomics not found in .venv (run `npm run setup:python`): peer columns are empty.",
    "| case | radiogx features | radiogx time | radiogx peak RSS | PyRadiomics features | PyRadiomics time | PyRadiomics peak RSS | speed-up | memory ratio |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const want = (n: string) => only.length === 0 || only.includes(n);
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
  console.log(lines.join("\n"));
}

main();
