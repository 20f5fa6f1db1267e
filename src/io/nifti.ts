/**
 * NIfTI-1 and NIfTI-2 reader (single-file `.nii` and gzipped `.nii.gz`).
 *
 * Spec: https://nifti.nimh.nih.gov/nifti-1 (nifti1.h) and https://nifti.nimh.nih.gov/nifti-2.
 * The voxel-to-world transform is taken from the sform when `sform_code > 0`, else from the qform when
 * `qform_code > 0`, else from `pixdim` alone (NIfTI "method 1"); it is converted from NIfTI's RAS frame to
 * LPS (ITK's convention). `scl_slope`/`scl_inter` are applied when the slope is neither 0 nor 1 or the
 * intercept is not 0; the data then become Float64.
 */
import { RadiogxError } from "../errors";
import { decodeScalars, gunzip, isGzip, readFileBytes, BYTES_PER, type ScalarType } from "./bytes";
import { createVolume, type Vec3, type Volume, type VoxelArray } from "./volume";

const NIFTI_TYPES: Record<number, ScalarType> = {
  2: "uint8", 4: "int16", 8: "int32", 16: "float32", 64: "float64",
  256: "int8", 512: "uint16", 768: "uint32", 1024: "int64", 1280: "uint64",
};
const NIFTI_UNSUPPORTED: Record<number, string> = {
  1: "binary", 32: "complex64", 128: "RGB24", 1536: "float128", 1792: "complex128", 2048: "complex256", 2304: "RGBA32",
};

interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  dims: number[];
  datatype: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  srow: [number[], number[], number[]];
  descrip: string;
}

function parseHeader(b: Uint8Array, file: string): NiftiHeader {
  if (b.length < 4) throw new RadiogxError("NOT_AN_IMAGE", "file is too short to be a NIfTI image", { file });
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le = true;
  let hdrSize = dv.getInt32(0, true);
  if (hdrSize !== 348 && hdrSize !== 540) {
    hdrSize = dv.getInt32(0, false);
    le = false;
  }
  if (hdrSize !== 348 && hdrSize !== 540) {
    throw new RadiogxError("NOT_AN_IMAGE", "not a NIfTI file (sizeof_hdr is neither 348 nor 540)", { file });
  }
  if (b.length < hdrSize) {
    throw new RadiogxError("TRUNCATED_FILE", `file ends inside the NIfTI header (${b.length} of ${hdrSize} bytes)`, { file });
  }
  const str = (off: number, len: number) => {
    let s = "";
    for (let i = 0; i < len && b[off + i] !== 0; i++) s += String.fromCharCode(b[off + i]!);
    return s;
  };
  if (hdrSize === 348) {
    const magic = str(344, 4);
    if (magic === "ni1") {
      throw new RadiogxError("UNSUPPORTED_IMAGE", "two-file NIfTI (.hdr/.img) is not supported; convert to a single .nii", { file });
    }
    if (magic !== "n+1") throw new RadiogxError("NOT_AN_IMAGE", `bad NIfTI-1 magic "${magic}"`, { file });
    const f32 = (o: number) => dv.getFloat32(o, le);
    return {
      version: 1,
      littleEndian: le,
      dims: Array.from({ length: 8 }, (_, i) => dv.getInt16(40 + 2 * i, le)),
      datatype: dv.getInt16(70, le),
      pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
      voxOffset: f32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      qformCode: dv.getInt16(252, le),
      sformCode: dv.getInt16(254, le),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))) as [number[], number[], number[]],
      descrip: str(148, 80),
    };
  }
  const magic = str(4, 4);
  if (magic !== "n+2") throw new RadiogxError("NOT_AN_IMAGE", `bad NIfTI-2 magic "${magic}"`, { file });
  const f64 = (o: number) => dv.getFloat64(o, le);
  const i64 = (o: number) => Number(dv.getBigInt64(o, le));
  return {
    version: 2,
    littleEndian: le,
    dims: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    datatype: dv.getInt16(12, le),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    qformCode: dv.getInt32(344, le),
    sformCode: dv.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))) as [number[], number[], number[]],
    descrip: str(240, 80),
  };
}

/** Voxel-to-world (RAS) affine as 3×4 rows, and which transform it came from. */
function affine(h: NiftiHeader): { rows: number[][]; source: "sform" | "qform" | "pixdim" } {
  const sp = [1, 2, 3].map((i) => (h.pixdim[i] && Number.isFinite(h.pixdim[i]) ? Math.abs(h.pixdim[i]!) : 1));
  if (h.sformCode > 0) {
    return { rows: h.srow.map((r) => [...r]), source: "sform" };
  }
  if (h.qformCode > 0) {
    const [b, c, d] = h.quatern;
    const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
    const R = [
      [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
      [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
      [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
    ];
    const qfac = h.pixdim[0]! < 0 ? -1 : 1;
    const scale = [sp[0]!, sp[1]!, sp[2]! * qfac];
    return {
      rows: R.map((row, r) => [row[0]! * scale[0]!, row[1]! * scale[1]!, row[2]! * scale[2]!, h.qoffset[r]!]),
      source: "qform",
    };
  }
  return { rows: [[sp[0]!, 0, 0, 0], [0, sp[1]!, 0, 0], [0, 0, sp[2]!, 0]], source: "pixdim" };
}

/** Reads a NIfTI-1 or NIfTI-2 file (optionally gzipped) into a {@link Volume}. */
export function readNifti(path: string): Volume {
  let bytes: Uint8Array = readFileBytes(path);
  if (isGzip(bytes)) bytes = gunzip(bytes, path);
  return decodeNifti(bytes, path);
}

/** Decodes an uncompressed NIfTI byte stream; `file` is used in messages and metadata. */
export function decodeNifti(bytes: Uint8Array, file: string): Volume {
  const h = parseHeader(bytes, file);
  const type = NIFTI_TYPES[h.datatype];
  if (type === undefined) {
    const name = NIFTI_UNSUPPORTED[h.datatype] ?? `code ${h.datatype}`;
    throw new RadiogxError("UNSUPPORTED_IMAGE", `NIfTI datatype ${name} is not supported (expected a scalar integer or float type)`, { file });
  }
  const ndim = h.dims[0]!;
  if (ndim < 1 || ndim > 7) throw new RadiogxError("NOT_AN_IMAGE", `invalid NIfTI dim[0] = ${ndim}`, { file });
  const dims = [1, 2, 3].map((i) => (i <= ndim ? h.dims[i]! : 1));
  if (dims.some((d) => !(d >= 1))) throw new RadiogxError("NOT_AN_IMAGE", `invalid NIfTI dimensions ${h.dims.slice(1, ndim + 1).join("×")}`, { file });
  for (let i = 4; i <= ndim; i++) {
    if (h.dims[i]! > 1) {
      throw new RadiogxError("UNSUPPORTED_IMAGE", `image has ${ndim} dimensions (${h.dims.slice(1, ndim + 1).join("×")}); expected a 3D volume`, { file });
    }
  }
  const count = dims[0]! * dims[1]! * dims[2]!;
  const offset = Math.max(h.voxOffset, h.version === 1 ? 352 : 544);
  const need = offset + count * BYTES_PER[type];
  if (bytes.length < need) {
    throw new RadiogxError("TRUNCATED_FILE", `file is truncated: ${dims.join("×")} ${type} voxels need ${need} bytes, found ${bytes.length}`, { file });
  }
  let data: VoxelArray = decodeScalars(bytes, offset, count, type, h.littleEndian);
  const slope = h.sclSlope, inter = h.sclInter;
  const scaled = Number.isFinite(slope) && slope !== 0 && (slope !== 1 || (Number.isFinite(inter) && inter !== 0));
  if (scaled) {
    const out = new Float64Array(count);
    const b = Number.isFinite(inter) ? inter : 0;
    for (let i = 0; i < count; i++) out[i] = data[i]! * slope + b;
    data = out;
  }
  const { rows, source } = affine(h);
  // RAS → LPS: negate the first two rows.
  const lps = rows.map((r, i) => (i < 2 ? r.map((x) => -x) : r));
  const spacing: Vec3 = [0, 1, 2].map((c) => Math.hypot(lps[0]![c]!, lps[1]![c]!, lps[2]![c]!) || 1) as Vec3;
  const direction: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction.push(lps[r]![c]! / spacing[c]!);
  const origin: Vec3 = [lps[0]![3]!, lps[1]![3]!, lps[2]![3]!];
  return createVolume(data, dims as Vec3, {
    spacing,
    origin,
    direction,
    metadata: { file, format: `nifti${h.version}`, datatype: type, transform: source, sclSlope: slope, sclInter: inter, description: h.descrip },
  });
}
