/**
 * Joining tables on a patient id, reporting — never silently dropping — the ids that do not match, and
 * deriving ids from other columns (e.g. `R01-012` from an image path).
 */
import { RadiogxError } from "../errors";
import type { DataTable } from "./dataTable";
import { columnsOf, getColumn, labelColumn, type TableInput } from "./table";

export interface JoinOptions {
  /** Id column in both tables (default "patient_id"), or set `leftOn` / `rightOn` separately. */
  on?: string;
  leftOn?: string;
  rightOn?: string;
  /** "inner" (default): matched ids only; "left": every left row, right columns missing where unmatched. */
  how?: "inner" | "left";
  /** Suffix for right columns whose names the left table already uses. Default "_right". */
  suffix?: string;
}

export interface JoinReport {
  leftOn: string;
  rightOn: string;
  matched: number;
  /** Ids only in the left / right table (rows without a partner). */
  onlyInLeft: string[];
  onlyInRight: string[];
  /** Rows whose id cell is missing, per side. */
  missingIds: { left: number; right: number };
  /** Ids that occur more than once on the right (the first row is used) or on the left. */
  duplicated: { left: string[]; right: string[] };
}

export interface JoinResult {
  table: DataTable;
  report: JoinReport;
}

/**
 * Joins two tables on an id column. The id column of the result is named after the left one; right columns
 * whose names clash get `suffix`.
 * @throws RadiogxError when an id column is absent (naming the nearest) or no id matches.
 * @example const { table, report } = joinTables(features, clinical, { leftOn: "patient_id", rightOn: "Patient ID" });
 * report.onlyInLeft // features without clinical data
 */
export function joinTables(left: TableInput, right: TableInput, options: JoinOptions = {}): JoinResult {
  const leftOn = options.leftOn ?? options.on ?? "patient_id";
  const rightOn = options.rightOn ?? options.on ?? "patient_id";
  const how = options.how ?? "inner";
  const suffix = options.suffix ?? "_right";
  const L = columnsOf(left, "joinTables (left)");
  const R = columnsOf(right, "joinTables (right)");
  const lIds = labelColumn(getColumn(L, leftOn, "joinTables (left)"));
  const rIds = labelColumn(getColumn(R, rightOn, "joinTables (right)"));
  const rPos = new Map<string, number>();
  const dupRight = new Set<string>();
  let missingRight = 0;
  rIds.forEach((id, i) => {
    if (id === null) missingRight++;
    else if (rPos.has(id)) dupRight.add(id);
    else rPos.set(id, i);
  });
  const lSeen = new Set<string>();
  const dupLeft = new Set<string>();
  let missingLeft = 0;
  const pairs: [number, number][] = [];
  const onlyInLeft: string[] = [];
  lIds.forEach((id, i) => {
    if (id === null) {
      missingLeft++;
      if (how === "left") pairs.push([i, -1]);
      return;
    }
    const repeated = lSeen.has(id);
    if (repeated) dupLeft.add(id);
    lSeen.add(id);
    const j = rPos.get(id);
    if (j === undefined) {
      if (!repeated) onlyInLeft.push(id);
      if (how === "left") pairs.push([i, -1]);
    } else pairs.push([i, j]);
  });
  const matched = pairs.filter((p) => p[1] >= 0).length;
  if (matched === 0) {
    throw new RadiogxError("INVALID_ARGUMENT", `joinTables: no id of "${leftOn}" matches one of "${rightOn}"`, {
      key: rightOn,
      hint: `left ids look like "${lIds.find((v) => v !== null) ?? ""}", right ids like "${rIds.find((v) => v !== null) ?? ""}"; see extractIds to derive ids from paths`,
    });
  }
  const columns: string[] = [];
  const data: DataTable["data"] = {};
  const put = (name: string, src: ArrayLike<unknown>, side: 0 | 1) => {
    const numeric = Array.from(src).every((v) => typeof v === "number");
    const out = pairs.map(([i, j]) => {
      const k = side === 0 ? i : j;
      if (k < 0) return numeric ? NaN : null;
      const v = src[k];
      return v === undefined ? (numeric ? NaN : null) : v;
    });
    columns.push(name);
    data[name] = out as number[] | (string | null)[];
  };
  for (const c of L.names) put(c, L.columns.get(c)!, 0);
  for (const c of R.names) {
    if (c === rightOn) continue;
    put(L.names.includes(c) ? `${c}${suffix}` : c, R.columns.get(c)!, 1);
  }
  const onlyInRight = [...rPos.keys()].filter((id) => !lSeen.has(id));
  return {
    table: { columns, data, rows: pairs.length },
    report: {
      leftOn,
      rightOn,
      matched,
      onlyInLeft,
      onlyInRight,
      missingIds: { left: missingLeft, right: missingRight },
      duplicated: { left: [...dupLeft], right: [...dupRight] },
    },
  };
}

/**
 * Ids derived from a column by a pattern: the first capture group (or the whole match) of `pattern` in each
 * cell, null where it does not match.
 * @example extractIds(["/data/images/R01-012.nii"], /R01-\d+/) // ["R01-012"]
 */
export function extractIds(values: ArrayLike<unknown>, pattern: RegExp): (string | null)[] {
  const out = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const m = v === null || v === undefined ? null : pattern.exec(String(v));
    out[i] = m ? (m[1] ?? m[0]) : null;
  }
  return out;
}
