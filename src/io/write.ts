/**
 * Writers for NIfTI-1/NIfTI-2 (`.nii`, `.nii.gz`) and NRRD (`.nrrd`, raw or gzip), used for the built-in
 * synthetic phantoms and cohorts and for saving resampled or filtered images. The sform and qform carry the
 * volume's geometry (converted from LPS to NIfTI's RAS).
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { RadiogxError } from "../errors";
import type { Volume, VoxelArray } from "./volume";

const NIFTI_CODE: [new (...a: never[]) => VoxelArray, number, number, string][] = [
  [Uint8Array, 2, 8, "uchar"], [Int16Array, 4, 16, "short"], [Int32Array, 8, 32, "int"], [Float32Array, 16, 32, "float"],
  [Float64Array, 64, 64, "double"], [Int8Array, 256, 8, "signed char"], [Uint16Array, 512, 16, "ushort"], [Uint32Array, 768, 32, "uint"],
];

function typeOf(data: VoxelArray): { code: number; bitpix: number; nrrd: string } {
  for (const [C, code, bitpix, nrrd] of NIFTI_CODE) if (data instanceof C) return { code, bitpix, nrrd };
  throw new RadiogxError("INVALID_ARGUMENT", "unsupported voxel array type");
}

function dataBytes(data: VoxelArray): Uint8Array {
  const nativeLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!nativeLE) throw new RadiogxError("UNSUPPORTED_IMAGE", "writing on a big-endian machine is not supported");
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The 3×4 RAS affine of a volume (rows), from its LPS geometry. */
function rasAffine(v: Volume): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < 3; r++) {
    const sign = r < 2 ? -1 : 1;
    rows.push([0, 1, 2].map((c) => sign * v.direction[3 * r + c]! * v.spacing[c]!).concat(sign * v.origin[r]!));
  }
  return rows;
}

/** Quaternion (b, c, d) and qfac of a rotation (columns of R are unit axis directions). */
function quaternion(R: number[][]): { b: number; c: number; d: number; qfac: number } {
  let m = R.map((r) => [...r]);
  const det = m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) m = m.map((r) => [r[0]!, r[1]!, -r[2]!]);
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = m as [[number, number, number], [number, number, number], [number, number, number]];
  let a = 1 + r11 + r22 + r33, b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a; c = (0.25 * (r13 - r31)) / a; d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
    if (xd > 1) { b = 0.5 * Math.sqrt(xd); c = (0.25 * (r12 + r21)) / b; d = (0.25 * (r13 + r31)) / b; a = (0.25 * (r32 - r23)) / b; }
    else if (yd > 1) { c = 0.5 * Math.sqrt(yd); b = (0.25 * (r12 + r21)) / c; d = (0.25 * (r23 + r32)) / c; a = (0.25 * (r13 - r31)) / c; }
    else { d = 0.5 * Math.sqrt(zd); b = (0.25 * (r13 + r31)) / d; c = (0.25 * (r23 + r32)) / d; a = (0.25 * (r21 - r12)) / d; }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { b, c, d, qfac };
}

export interface NiftiWriteOptions {
  /** 1 (348-byte header, default) or 2 (540-byte header). */
  version?: 1 | 2;
  /** Gzip the file (default: when the name ends in .gz). */
  gzip?: boolean;
  sclSlope?: number;
  sclInter?: number;
  description?: string;
}

/** Encodes a volume as a NIfTI-1 or NIfTI-2 byte stream. */
export function encodeNifti(v: Volume, opts: NiftiWriteOptions = {}): Uint8Array {
  const version = opts.version ?? 1;
  const t = typeOf(v.data);
  const hdrSize = version === 1 ? 348 : 540;
  const offset = hdrSize + 4;
  const body = dataBytes(v.data);
  const out = new Uint8Array(offset + body.length);
  const dv = new DataView(out.buffer);
  const aff = rasAffine(v);
  const R = [0, 1, 2].map((r) => [0, 1, 2].map((c) => aff[r]![c]! / v.spacing[c]!));
  const q = quaternion(R);
  const slope = opts.sclSlope ?? 1, inter = opts.sclInter ?? 0;
  const desc = (opts.description ?? "radiogx").slice(0, 79);
  if (version === 1) {
    dv.setInt32(0, 348, true);
    const dims = [3, v.size[0], v.size[1], v.size[2], 1, 1, 1, 1];
    dims.forEach((d, i) => dv.setInt16(40 + 2 * i, d, true));
    dv.setInt16(70, t.code, true);
    dv.setInt16(72, t.bitpix, true);
    [q.qfac, v.spacing[0], v.spacing[1], v.spacing[2], 1, 1, 1, 1].forEach((p, i) => dv.setFloat32(76 + 4 * i, p, true));
    dv.setFloat32(108, offset, true);
    dv.setFloat32(112, slope, true);
    dv.setFloat32(116, inter, true);
    dv.setUint8(123, 10); // xyzt_units: mm + sec
    for (let i = 0; i < desc.length; i++) out[148 + i] = desc.charCodeAt(i);
    dv.setInt16(252, 1, true);
    dv.setInt16(254, 1, true);
    [q.b, q.c, q.d, aff[0]![3]!, aff[1]![3]!, aff[2]![3]!].forEach((x, i) => dv.setFloat32(256 + 4 * i, x, true));
    aff.forEach((row, r) => row.forEach((x, c) => dv.setFloat32(280 + 16 * r + 4 * c, x, true)));
    out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  } else {
    dv.setInt32(0, 540, true);
    out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
    dv.setInt16(12, t.code, true);
    dv.setInt16(14, t.bitpix, true);
    [3, v.size[0], v.size[1], v.size[2], 1, 1, 1, 1].forEach((d, i) => dv.setBigInt64(16 + 8 * i, BigInt(d), true));
    [q.qfac, v.spacing[0], v.spacing[1], v.spacing[2], 1, 1, 1, 1].forEach((p, i) => dv.setFloat64(104 + 8 * i, p, true));
    dv.setBigInt64(168, BigInt(offset), true);
    dv.setFloat64(176, slope, true);
    dv.setFloat64(184, inter, true);
    for (let i = 0; i < desc.length; i++) out[240 + i] = desc.charCodeAt(i);
    dv.setInt32(344, 1, true);
    dv.setInt32(348, 1, true);
    [q.b, q.c, q.d, aff[0]![3]!, aff[1]![3]!, aff[2]![3]!].forEach((x, i) => dv.setFloat64(352 + 8 * i, x, true));
    aff.forEach((row, r) => row.forEach((x, c) => dv.setFloat64(400 + 32 * r + 8 * c, x, true)));
    dv.setInt32(500, 10, true);
  }
  out.set(body, offset);
  return out;
}

/** Writes a volume as NIfTI (`.nii` or `.nii.gz`). */
export function writeNifti(v: Volume, path: string, opts: NiftiWriteOptions = {}): void {
  const bytes = encodeNifti(v, opts);
  writeFileSync(path, (opts.gzip ?? path.endsWith(".gz")) ? gzipSync(bytes) : bytes);
}

/** Writes a volume as NRRD (attached data, LPS space; gzip encoding unless `gzip: false`). */
export function writeNrrd(v: Volume, path: string, opts: { gzip?: boolean } = {}): void {
  const t = typeOf(v.data);
  const gz = opts.gzip ?? true;
  const f = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17).replace(/0+$/, "").replace(/\.$/, ""));
  const dirs = [0, 1, 2].map((c) => `(${[0, 1, 2].map((r) => f(v.direction[3 * r + c]! * v.spacing[c]!)).join(",")})`).join(" ");
  const header = [
    "NRRD0004",
    "# written by radiogx",
    `type: ${t.nrrd}`,
    "dimension: 3",
    "space: left-posterior-superior",
    `sizes: ${v.size.join(" ")}`,
    `space directions: ${dirs}`,
    "kinds: domain domain domain",
    "endian: little",
    `encoding: ${gz ? "gzip" : "raw"}`,
    `space origin: (${v.origin.map(f).join(",")})`,
    "",
    "",
  ].join("\n");
  const body = dataBytes(v.data);
  writeFileSync(path, Buffer.concat([Buffer.from(header, "latin1"), gz ? gzipSync(body) : Buffer.from(body)]));
}
