/**
 * Cohort manifests: a CSV (or TSV) with one row per case —
 *
 * ```csv
 * patient_id,image,mask,label,age,EGFR
 * R01-001,images/R01-001.nii.gz,masks/R01-001.nii.gz,1,68,Mutant
 * ```
 *
 * `patient_id`, `image` and `mask` are required; `label` (the mask label of the ROI) is optional; every
 * other column is clinical data. Relative paths are resolved against the manifest's folder, so a cohort
 * folder can be moved as a whole. Errors name the manifest, the line and the column.
 *
 * `readManifest` gives plain rows (what cohort extraction needs, no danfo.js); `loadCohort` gives a danfo
 * DataFrame with typed clinical columns (what an analysis notebook needs).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { DataFrame } from "danfojs-node";
import { RadiogxError } from "../errors";
import { readDelimited } from "./csv";
import { toDataFrame, typeColumn, type DataTable } from "./dataTable";
import { missingColumnError } from "./table";

/** Column names of a manifest; defaults `patient_id`, `image`, `mask`, `label`. */
export interface ManifestColumns {
  patientId?: string;
  image?: string;
  mask?: string;
  label?: string;
}

export interface ManifestRow {
  patientId: string;
  /** Absolute path of the image. */
  image: string;
  /** Absolute path of the mask. */
  mask: string;
  /** ROI label for this case, when the manifest has a label column and the cell is not empty. */
  label?: number;
  /** The other columns of the row, as written. */
  clinical: Record<string, string>;
  /** 1-based line of the row in the manifest. */
  line: number;
}

export interface Manifest {
  file: string;
  rows: ManifestRow[];
  /** The clinical columns, in file order. */
  clinicalColumns: string[];
  /** Image or mask files that do not exist (cohort extraction records these cases as failed). */
  missingFiles: { patientId: string; line: number; column: "image" | "mask"; path: string }[];
}

export interface ReadManifestOptions {
  columns?: ManifestColumns;
  /** Throw when an image or mask file does not exist (default false: they are listed in `missingFiles`). */
  requireFiles?: boolean;
}

/**
 * Reads and validates a manifest.
 * @throws RadiogxError naming the manifest (and line/column) for a missing required column, an empty or
 * duplicated patient id, an empty image/mask cell, a label that is not an integer, or (with `requireFiles`)
 * a missing image/mask file.
 */
export function readManifest(path: string, options: ReadManifestOptions = {}): Manifest {
  const file = resolve(path);
  const names = {
    patientId: options.columns?.patientId ?? "patient_id",
    image: options.columns?.image ?? "image",
    mask: options.columns?.mask ?? "mask",
    label: options.columns?.label ?? "label",
  };
  const parsed = readDelimited(file);
  const col = (name: string, required: boolean): number => {
    const j = parsed.header.indexOf(name);
    if (j < 0 && required) {
      const e = missingColumnError(name, parsed.header, "manifest", file);
      throw new RadiogxError("INVALID_ARGUMENT", `the manifest has no "${name}" column; it needs ${names.patientId}, ${names.image} and ${names.mask}`, {
        file,
        key: name,
        hint: e.hint,
      });
    }
    return j;
  };
  const jId = col(names.patientId, true);
  const jImage = col(names.image, true);
  const jMask = col(names.mask, true);
  const jLabel = col(names.label, false);
  const special = new Set([jId, jImage, jMask, jLabel]);
  const clinicalColumns = parsed.header.filter((_, j) => !special.has(j));
  const folder = dirname(file);
  const seen = new Map<string, number>();
  const rows: ManifestRow[] = [];
  const missingFiles: Manifest["missingFiles"] = [];
  parsed.rows.forEach((cells, r) => {
    const line = parsed.lineOf[r]!;
    const id = cells[jId]!.trim();
    if (id === "") throw new RadiogxError("INVALID_ARGUMENT", `line ${line}: the ${names.patientId} cell is empty`, { file, key: names.patientId });
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new RadiogxError("INVALID_ARGUMENT", `line ${line}: patient "${id}" already appears on line ${prev}; each patient must appear once`, {
        file,
        key: names.patientId,
        hint: "for several lesions per patient, give each its own id (e.g. R01-001_1)",
      });
    }
    seen.set(id, line);
    const paths = { image: cells[jImage]!.trim(), mask: cells[jMask]!.trim() };
    for (const which of ["image", "mask"] as const) {
      if (paths[which] === "") {
        throw new RadiogxError("INVALID_ARGUMENT", `line ${line}: the ${names[which]} cell of patient "${id}" is empty`, { file, key: names[which] });
      }
      paths[which] = isAbsolute(paths[which]) ? paths[which] : resolve(folder, paths[which]);
      if (!existsSync(paths[which])) {
        if (options.requireFiles) {
          throw new RadiogxError("FILE_NOT_FOUND", `line ${line}: the ${which} of patient "${id}" does not exist: ${paths[which]}`, {
            file,
            key: names[which],
            hint: "relative paths are taken from the manifest's folder",
          });
        }
        missingFiles.push({ patientId: id, line, column: which, path: paths[which] });
      }
    }
    const row: ManifestRow = { patientId: id, image: paths.image, mask: paths.mask, clinical: {}, line };
    if (jLabel >= 0) {
      const raw = cells[jLabel]!.trim();
      if (raw !== "") {
        const v = Number(raw);
        if (!Number.isInteger(v)) {
          throw new RadiogxError("INVALID_ARGUMENT", `line ${line}: label "${raw}" of patient "${id}" is not an integer`, { file, key: names.label });
        }
        row.label = v;
      }
    }
    parsed.header.forEach((h, j) => {
      if (!special.has(j)) row.clinical[h] = cells[j]!;
    });
    rows.push(row);
  });
  if (rows.length === 0) throw new RadiogxError("INVALID_ARGUMENT", "the manifest has a header but no cases", { file });
  return { file, rows, clinicalColumns, missingFiles };
}

/**
 * The manifest as a DataTable: `patient_id`, `image`, `mask` (absolute paths), `label` (when present) and the
 * clinical columns typed (numeric where every non-missing cell is a number).
 */
export function manifestTable(manifest: Manifest): DataTable {
  const data: DataTable["data"] = {
    patient_id: manifest.rows.map((r) => r.patientId),
    image: manifest.rows.map((r) => r.image),
    mask: manifest.rows.map((r) => r.mask),
  };
  const columns = ["patient_id", "image", "mask"];
  if (manifest.rows.some((r) => r.label !== undefined)) {
    data.label = manifest.rows.map((r) => r.label ?? NaN);
    columns.push("label");
  }
  for (const c of manifest.clinicalColumns) {
    if (columns.includes(c)) continue;
    data[c] = typeColumn(manifest.rows.map((r) => r.clinical[c] ?? ""));
    columns.push(c);
  }
  return { columns, data, rows: manifest.rows.length, file: manifest.file };
}

/**
 * Loads a cohort manifest into a danfo.js DataFrame (danfo is loaded here, lazily): `patient_id`, `image`,
 * `mask` as absolute paths, `label` if present, then the clinical columns typed. Validation as
 * {@link readManifest}; with `requireFiles` missing images/masks are an error.
 * @example const df = loadCohort("cohort/manifest.csv"); df.column("age").mean()
 */
export function loadCohort(path: string, options: ReadManifestOptions = {}): DataFrame {
  return toDataFrame(manifestTable(readManifest(path, options)));
}
