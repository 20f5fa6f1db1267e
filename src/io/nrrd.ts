/**
 * NRRD reader (http://teem.sourceforge.net/nrrd/format.html): attached or detached data, `raw` and
 * `gzip` encodings (and `ascii`), `space directions` / `space origin` or `spacings`, any of the spaces
 * ITK writes. World coordinates are converted to LPS.
 */
import { dirname, resolve } from "node:path";
import { RadiogxError } from "../errors";
import { decodeScalars, gunzip, readFileBytes, BYTES_PER, type ScalarType } from "./bytes";
import { createVolume, type Vec3, type Volume, type VoxelArray } from "./volume";

const TYPE_ALIASES: Record<string, ScalarType> = {};
const alias = (t: ScalarType, names: string[]) => names.forEach((n) => (TYPE_ALIASES[n] = t));
alias("int8", ["signed char", "int8", "int8_t"]);
alias("uint8", ["uchar", "unsigned char", "uint8", "uint8_t"]);
alias("int16", ["short", "short int", "signed short", "signed short int", "int16", "int16_t"]);
alias("uint16", ["ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t"]);
alias("int32", ["int", "signed int", "int32", "int32_t"]);
alias("uint32", ["uint", "unsigned int", "uint32", "uint32_t"]);
alias("int64", ["longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t"]);
alias("uint64", ["ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t"]);
alias("float32", ["float"]);
alias("float64", ["double"]);

/** Signs that take a space's axes to LPS. */
const SPACE_TO_LPS: Record<string, Vec3> = {
  "left-posterior-superior": [1, 1, 1],
  lps: [1, 1, 1],
  "right-anterior-superior": [-1, -1, 1],
  ras: [-1, -1, 1],
  "left-anterior-superior": [1, -1, 1],
  las: [1, -1, 1],
  "scanner-xyz": [1, 1, 1],
  "3d-right-handed": [1, 1, 1],
};

function parseVector(s: string, file: string, field: string): number[] | null {
  const t = s.trim();
  if (t === "none") return null;
  const m = /^\(([^)]*)\)$/.exec(t);
  if (!m) throw new RadiogxError("NOT_AN_IMAGE", `malformed NRRD vector "${t}" in field "${field}"`, { file });
  const v = m[1]!.split(",").map(Number);
  if (v.some((x) => !Number.isFinite(x))) throw new RadiogxError("NOT_AN_IMAGE", `malformed NRRD vector "${t}" in field "${field}"`, { file });
  return v;
}

function splitVectors(s: string): string[] {
  return s.match(/\([^)]*\)|none/g) ?? [];
}

/** Reads a NRRD file (`.nrrd`, or a `.nhdr` with detached data) into a {@link Volume}. */
export function readNrrd(path: string): Volume {
  const bytes = readFileBytes(path);
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (!/^NRRD000\d/.test(head)) throw new RadiogxError("NOT_AN_IMAGE", "not a NRRD file (no NRRD000x magic)", { file: path });
  // Header ends at the first empty line (or end of file for a detached header).
  let pos = 0;
  const fields: Record<string, string> = {};
  const keyvals: Record<string, string> = {};
  let first = true;
  let dataStart = -1;
  while (pos < bytes.length) {
    let end = bytes.indexOf(0x0a, pos);
    if (end < 0) end = bytes.length;
    let line = Buffer.from(bytes.subarray(pos, end)).toString("latin1");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    pos = end + 1;
    if (first) {
      first = false;
      continue;
    }
    if (line === "") {
      dataStart = pos;
      break;
    }
    if (line.startsWith("#")) continue;
    const kv = line.indexOf(":=");
    const fi = line.indexOf(": ");
    if (fi >= 0 && (kv < 0 || fi < kv)) fields[line.slice(0, fi).trim().toLowerCase()] = line.slice(fi + 2).trim();
    else if (kv >= 0) keyvals[line.slice(0, kv)] = line.slice(kv + 2);
    else throw new RadiogxError("NOT_AN_IMAGE", `malformed NRRD header line "${line.slice(0, 60)}"`, { file: path });
  }
  const need = (k: string) => {
    const v = fields[k];
    if (v === undefined) throw new RadiogxError("NOT_AN_IMAGE", `NRRD header has no "${k}" field`, { file: path });
    return v;
  };
  const type = TYPE_ALIASES[need("type").toLowerCase()];
  if (!type) throw new RadiogxError("UNSUPPORTED_IMAGE", `NRRD type "${fields.type}" is not supported (expected a scalar integer or float type)`, { file: path });
  const dimension = Number(need("dimension"));
  const sizes = need("sizes").split(/\s+/).map(Number);
  if (sizes.length !== dimension || sizes.some((s) => !(Number.isInteger(s) && s >= 1))) {
    throw new RadiogxError("NOT_AN_IMAGE", `NRRD sizes "${fields.sizes}" do not match dimension ${dimension}`, { file: path });
  }
  const kinds = fields.kinds?.split(/\s+/) ?? [];
  // Axes that are not spatial (e.g. a leading "vector" axis) must be of size 1.
  const spatialAxes: number[] = [];
  sizes.forEach((s, i) => {
    const k = (kinds[i] ?? "domain").toLowerCase();
    if (k === "domain" || k === "space" || k === "time" || kinds.length === 0) spatialAxes.push(i);
    else if (s !== 1) throw new RadiogxError("UNSUPPORTED_IMAGE", `NRRD axis ${i} is of kind "${k}" with ${s} samples; expected a scalar 3D image`, { file: path });
  });
  if (spatialAxes.length > 3 && spatialAxes.slice(3).some((a) => sizes[a]! > 1)) {
    throw new RadiogxError("UNSUPPORTED_IMAGE", `NRRD image has ${dimension} dimensions (${sizes.join("×")}); expected a 3D volume`, { file: path });
  }
  const size = [0, 1, 2].map((i) => (spatialAxes[i] !== undefined ? sizes[spatialAxes[i]!]! : 1)) as Vec3;
  const count = size[0] * size[1] * size[2];

  // Geometry.
  const spaceName = (fields.space ?? "").toLowerCase();
  const flip: Vec3 = SPACE_TO_LPS[spaceName] ?? [1, 1, 1];
  let spacing: Vec3 = [1, 1, 1];
  let direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  let origin: Vec3 = [0, 0, 0];
  if (fields["space directions"] !== undefined) {
    const vecs = splitVectors(fields["space directions"]).map((v) => parseVector(v, path, "space directions"));
    const spatial = vecs.filter((v): v is number[] => v !== null);
    const cols = [0, 1, 2].map((i) => {
      const v = spatial[i];
      if (!v) return i === 2 ? [0, 0, 1] : null;
      return [v[0]! * flip[0], (v[1] ?? 0) * flip[1], (v[2] ?? 0) * flip[2]];
    });
    if (cols.some((c) => c === null)) throw new RadiogxError("NOT_AN_IMAGE", "NRRD space directions has fewer than 2 spatial vectors", { file: path });
    spacing = cols.map((c) => Math.hypot(...c!) || 1) as Vec3;
    direction = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction.push(cols[c]![r]! / spacing[c]!);
  } else if (fields.spacings !== undefined) {
    const sp = fields.spacings.split(/\s+/).map(Number).filter((x) => Number.isFinite(x));
    spacing = [sp[0] ?? 1, sp[1] ?? 1, sp[2] ?? 1];
  }
  if (fields["space origin"] !== undefined) {
    const o = parseVector(fields["space origin"], path, "space origin");
    if (o) origin = [o[0]! * flip[0], (o[1] ?? 0) * flip[1], (o[2] ?? 0) * flip[2]];
  }

  // Data.
  const encoding = (fields.encoding ?? "raw").toLowerCase();
  const littleEndian = (fields.endian ?? "little").toLowerCase() !== "big";
  let payload: Uint8Array;
  let dataFile = path;
  const df = fields["data file"] ?? fields.datafile;
  if (df !== undefined) {
    if (/^LIST/.test(df) || /%/.test(df)) throw new RadiogxError("UNSUPPORTED_IMAGE", "NRRD data file lists are not supported", { file: path });
    dataFile = resolve(dirname(path), df);
    payload = readFileBytes(dataFile);
  } else {
    if (dataStart < 0) throw new RadiogxError("TRUNCATED_FILE", "NRRD header has no blank line before the data: the file is truncated", { file: path });
    payload = bytes.subarray(dataStart);
  }
  const lineSkip = Number(fields["line skip"] ?? fields.lineskip ?? 0);
  for (let i = 0; i < lineSkip; i++) {
    const nl = payload.indexOf(0x0a);
    payload = nl < 0 ? payload.subarray(payload.length) : payload.subarray(nl + 1);
  }
  if (encoding === "gzip" || encoding === "gz") payload = gunzip(payload, dataFile);
  else if (encoding === "bzip2" || encoding === "bz2") throw new RadiogxError("UNSUPPORTED_IMAGE", "NRRD bzip2 encoding is not supported (use raw or gzip)", { file: path });
  let data: VoxelArray;
  if (encoding === "ascii" || encoding === "text" || encoding === "txt") {
    const nums = Buffer.from(payload).toString("latin1").trim().split(/[\s,]+/).filter((s) => s !== "").map(Number);
    if (nums.length < count) throw new RadiogxError("TRUNCATED_FILE", `NRRD ascii data has ${nums.length} values, expected ${count}`, { file: dataFile });
    data = Float64Array.from(nums.slice(0, count));
  } else if (encoding === "raw" || encoding === "gzip" || encoding === "gz") {
    const bytesNeeded = count * BYTES_PER[type];
    let byteSkip = Number(fields["byte skip"] ?? fields.byteskip ?? 0);
    if (byteSkip === -1) byteSkip = payload.length - bytesNeeded;
    if (payload.length - byteSkip < bytesNeeded) {
      throw new RadiogxError("TRUNCATED_FILE", `file is truncated: ${size.join("×")} ${type} voxels need ${bytesNeeded} bytes of data, found ${Math.max(0, payload.length - byteSkip)}`, { file: dataFile });
    }
    data = decodeScalars(payload, byteSkip, count, type, littleEndian);
  } else {
    throw new RadiogxError("UNSUPPORTED_IMAGE", `NRRD encoding "${encoding}" is not supported (expected raw, gzip or ascii)`, { file: path });
  }
  return createVolume(data, size, {
    spacing,
    origin,
    direction,
    metadata: { file: path, format: "nrrd", datatype: type, space: spaceName || undefined, keyvals },
  });
}
