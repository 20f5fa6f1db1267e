import { RadiogxError } from "../errors";

/** Typed arrays a volume's voxels may be stored in. */
export type VoxelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type Vec3 = [number, number, number];

/**
 * A 3D image on a regular grid (the ITK image model).
 *
 * - `size` is `[nx, ny, nz]` (voxels along the first, second and third array axis).
 * - `data` holds the voxels with the first axis fastest: voxel `(i, j, k)` is `data[i + nx * (j + ny * k)]`
 *   (the NIfTI and NRRD on-disk order, so files are read without reordering).
 * - World coordinates are in millimetres, in the LPS frame used by DICOM, ITK and PyRadiomics
 *   (NIfTI's RAS coordinates are converted on reading): `world = origin + D · diag(spacing) · (i, j, k)`
 *   where `direction` is the 3×3 matrix `D` in row-major order whose columns are the axis directions.
 * - `metadata` keeps what the reader saw (file name, datatype, scaling, which transform was used).
 */
export interface Volume<T extends VoxelArray = VoxelArray> {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
  data: T;
  metadata: Record<string, unknown>;
}

export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(size: readonly number[]): number {
  return size[0]! * size[1]! * size[2]!;
}

/** Creates a volume, checking that the data length matches the size. */
export function createVolume<T extends VoxelArray>(
  data: T,
  size: Vec3,
  options: { spacing?: Vec3; origin?: Vec3; direction?: number[]; metadata?: Record<string, unknown> } = {},
): Volume<T> {
  if (data.length !== voxelCount(size)) {
    throw new RadiogxError(
      "INVALID_ARGUMENT",
      `volume data has ${data.length} voxels but size ${size.join("×")} needs ${voxelCount(size)}`,
    );
  }
  return {
    size: [...size] as Vec3,
    spacing: options.spacing ? ([...options.spacing] as Vec3) : [1, 1, 1],
    origin: options.origin ? ([...options.origin] as Vec3) : [0, 0, 0],
    direction: options.direction ? [...options.direction] : [...IDENTITY_DIRECTION],
    data,
    metadata: options.metadata ?? {},
  };
}

/** World coordinate (mm, LPS) of the centre of voxel (i, j, k); fractional indices are allowed. */
export function indexToWorld(v: Pick<Volume, "spacing" | "origin" | "direction">, i: number, j: number, k: number): Vec3 {
  const d = v.direction;
  const x = i * v.spacing[0], y = j * v.spacing[1], z = k * v.spacing[2];
  return [
    v.origin[0] + d[0]! * x + d[1]! * y + d[2]! * z,
    v.origin[1] + d[3]! * x + d[4]! * y + d[5]! * z,
    v.origin[2] + d[6]! * x + d[7]! * y + d[8]! * z,
  ];
}

/** The continuous voxel index of a world point (inverse of {@link indexToWorld}; direction is orthonormal). */
export function worldToIndex(v: Pick<Volume, "spacing" | "origin" | "direction">, p: readonly number[]): Vec3 {
  const d = v.direction;
  const dx = p[0]! - v.origin[0], dy = p[1]! - v.origin[1], dz = p[2]! - v.origin[2];
  // D is orthonormal: its inverse is its transpose.
  return [
    (d[0]! * dx + d[3]! * dy + d[6]! * dz) / v.spacing[0],
    (d[1]! * dx + d[4]! * dy + d[7]! * dz) / v.spacing[1],
    (d[2]! * dx + d[5]! * dy + d[8]! * dz) / v.spacing[2],
  ];
}

/** Tolerances for {@link checkGeometry}. */
export interface GeometryTolerance {
  /** Relative tolerance on spacing (default 1e-4, a little looser than ITK's 1e-6 for float headers). */
  spacing?: number;
  /** Tolerance on origin in units of the smallest spacing (default 1e-3). */
  origin?: number;
  /** Absolute tolerance on direction cosines (default 1e-4). */
  direction?: number;
}

/**
 * Checks that an image and a mask share a grid: size exactly; spacing, origin and direction within a
 * tolerance. Throws `GEOMETRY_MISMATCH` naming the mask file and what differs.
 */
export function checkGeometry(image: Volume, mask: Volume, tol: GeometryTolerance = {}): void {
  const tSp = tol.spacing ?? 1e-4;
  const tOr = tol.origin ?? 1e-3;
  const tDir = tol.direction ?? 1e-4;
  const where = { file: typeof mask.metadata.file === "string" ? mask.metadata.file : undefined };
  const fmt = (a: readonly number[]) => `(${a.map((x) => +x.toPrecision(6)).join(", ")})`;
  const hint = "resample the mask onto the image grid (or set correctMask: true), or check that they come from the same series";
  if (image.size.some((s, i) => s !== mask.size[i])) {
    throw new RadiogxError(
      "GEOMETRY_MISMATCH",
      `mask size ${mask.size.join("×")} does not match image size ${image.size.join("×")}`,
      { ...where, hint },
    );
  }
  if (image.spacing.some((s, i) => Math.abs(s - mask.spacing[i]!) > tSp * Math.max(Math.abs(s), 1e-12))) {
    throw new RadiogxError(
      "GEOMETRY_MISMATCH",
      `mask spacing ${fmt(mask.spacing)} does not match image spacing ${fmt(image.spacing)}`,
      { ...where, hint },
    );
  }
  const minSp = Math.min(...image.spacing);
  if (image.origin.some((o, i) => Math.abs(o - mask.origin[i]!) > tOr * minSp)) {
    throw new RadiogxError(
      "GEOMETRY_MISMATCH",
      `mask origin ${fmt(mask.origin)} does not match image origin ${fmt(image.origin)}`,
      { ...where, hint },
    );
  }
  if (image.direction.some((d, i) => Math.abs(d - mask.direction[i]!) > tDir)) {
    throw new RadiogxError(
      "GEOMETRY_MISMATCH",
      `mask direction ${fmt(mask.direction)} does not match image direction ${fmt(image.direction)}`,
      { ...where, hint },
    );
  }
}

/** The distinct non-zero labels present in a mask, ascending. */
export function maskLabels(mask: Volume): number[] {
  const seen = new Set<number>();
  const d = mask.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v !== 0) seen.add(v);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * A binary ROI (1 inside, 0 outside) from the voxels of `mask` equal to `label`. Throws `EMPTY_MASK` when
 * the mask has no labelled voxel at all and `LABEL_ABSENT` when it has others but not this one.
 */
/** `out[i] = 1` where `d[i] === label`; the count (masks of other types than Uint8Array, or label 0). */
function selectAny(d: VoxelArray, out: Uint8Array, label: number): number {
  let count = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === label) {
      out[i] = 1;
      count++;
    }
  }
  return count;
}

/**
 * Calls `visit(index, value)` for every non-zero value of a Uint8Array (a mask), reading four values at a
 * time where the buffer is aligned: a CT-sized mask is mostly background, and an all-zero word is skipped at
 * once. One monomorphic loop for the voxel scans of masks (label selection, bounding box).
 */
export function forEachNonzeroUint8(d: Uint8Array, visit: (index: number, value: number) => void): void {
  let i = 0;
  const n = d.length;
  if (d.byteOffset % 4 === 0) {
    const words = new Uint32Array(d.buffer, d.byteOffset, n >>> 2);
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      for (let k = 4 * w; k < 4 * w + 4; k++) if (d[k] !== 0) visit(k, d[k]!);
    }
    i = words.length * 4;
  }
  for (; i < n; i++) if (d[i] !== 0) visit(i, d[i]!);
}

export function selectLabel(mask: Volume, label = 1): Volume<Uint8Array> {
  const d = mask.data;
  const out = new Uint8Array(d.length);
  let count = 0;
  if (d instanceof Uint8Array && label !== 0) {
    forEachNonzeroUint8(d, (k, v) => {
      if (v === label) {
        out[k] = 1;
        count++;
      }
    });
  } else count = selectAny(d, out, label);
  const file = typeof mask.metadata.file === "string" ? mask.metadata.file : undefined;
  if (count === 0) {
    const labels = maskLabels(mask);
    if (labels.length === 0) {
      throw new RadiogxError("EMPTY_MASK", "the mask is empty (no voxel is labelled)", { file });
    }
    const shown = labels.slice(0, 10).join(", ") + (labels.length > 10 ? ", …" : "");
    throw new RadiogxError("LABEL_ABSENT", `label ${label} is not in the mask; labels present: ${shown}`, {
      file,
      key: "label",
      hint: "choose one of the labels present with --label or the 'label' setting",
    });
  }
  return { ...mask, data: out, metadata: { ...mask.metadata, label } };
}
