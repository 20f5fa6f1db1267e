/**
 * How the three array axes of a volume map to the screen for the axial, coronal and sagittal planes.
 *
 * Voxel (i, j, k) lies at world = origin + D · diag(spacing) · (i, j, k) in LPS millimetres (x → patient
 * Left, y → Posterior, z → Superior), column a of the 3×3 direction matrix D being the world direction of
 * array axis a. Each array axis is assigned the LPS axis its direction is closest to (largest |cosine|,
 * taken greedily so that the assignment is a permutation), with the sign of that cosine.
 *
 * Planes are shown in the radiological convention (as ITK-SNAP and most PACS):
 *   axial    — normal S; screen x → +L (patient's right on the viewer's left), screen y → +P (anterior up);
 *   coronal  — normal P; screen x → +L, screen y → −S (superior up);
 *   sagittal — normal L; screen x → +P (anterior on the left), screen y → −S.
 * An array axis whose direction points against the wanted screen direction is flipped, so a NIfTI
 * volume stored RAS (i toward −L after conversion to LPS) still shows the patient the right way round.
 */

export type Plane = "axial" | "coronal" | "sagittal";
export const PLANES: readonly Plane[] = ["axial", "coronal", "sagittal"];

export interface PlaneMapping {
  /** Array axis that is constant over the plane (the slice index runs along it). */
  readonly normal: 0 | 1 | 2;
  /** Array axis along screen x, and whether screen x runs against it. */
  readonly xAxis: 0 | 1 | 2;
  readonly xFlip: boolean;
  /** Array axis along screen y (downwards), and whether screen y runs against it. */
  readonly yAxis: 0 | 1 | 2;
  readonly yFlip: boolean;
}

type Axis = 0 | 1 | 2;

/**
 * For each LPS world axis w, the array axis that points along it and the sign of its direction
 * (+1: the index increases toward +w).
 */
export function axisAssignment(direction: readonly number[]): { arrayAxis: [Axis, Axis, Axis]; sign: [number, number, number] } {
  const used = [false, false, false];
  const worldOf: number[] = [-1, -1, -1];
  const signOf: number[] = [1, 1, 1];
  // Greedy on the largest |cosine| over the 9 (world, array) pairs.
  const pairs: { w: number; a: number; c: number }[] = [];
  for (let w = 0; w < 3; w++) for (let a = 0; a < 3; a++) pairs.push({ w, a, c: direction[w * 3 + a] ?? (w === a ? 1 : 0) });
  pairs.sort((p, q) => Math.abs(q.c) - Math.abs(p.c) || p.a - q.a);
  const worldUsed = [false, false, false];
  for (const p of pairs) {
    if (used[p.a] || worldUsed[p.w]) continue;
    used[p.a] = true;
    worldUsed[p.w] = true;
    worldOf[p.a] = p.w;
    signOf[p.a] = p.c < 0 ? -1 : 1;
  }
  const arrayAxis: [Axis, Axis, Axis] = [0, 1, 2];
  const sign: [number, number, number] = [1, 1, 1];
  for (let a = 0; a < 3; a++) {
    arrayAxis[worldOf[a]! as Axis] = a as Axis;
    sign[worldOf[a]! as Axis] = signOf[a]!;
  }
  return { arrayAxis, sign };
}

const SCREEN: Record<Plane, { normal: Axis; x: Axis; xSign: number; y: Axis; ySign: number }> = {
  axial: { normal: 2, x: 0, xSign: 1, y: 1, ySign: 1 },
  coronal: { normal: 1, x: 0, xSign: 1, y: 2, ySign: -1 },
  sagittal: { normal: 0, x: 1, xSign: 1, y: 2, ySign: -1 },
};

/** The mapping of `plane` for a volume with the given direction matrix (row-major 3×3). */
export function planeMapping(direction: readonly number[], plane: Plane): PlaneMapping {
  const { arrayAxis, sign } = axisAssignment(direction);
  const sc = SCREEN[plane];
  return {
    normal: arrayAxis[sc.normal],
    xAxis: arrayAxis[sc.x],
    xFlip: sign[sc.x]! * sc.xSign < 0,
    yAxis: arrayAxis[sc.y],
    yFlip: sign[sc.y]! * sc.ySign < 0,
  };
}

/** World coordinate (LPS mm) of voxel index (i, j, k): origin + D · diag(spacing) · index. */
export function indexToWorld(origin: readonly number[], spacing: readonly number[], direction: readonly number[], idx: readonly number[]): [number, number, number] {
  const x = idx[0]! * spacing[0]!;
  const y = idx[1]! * spacing[1]!;
  const z = idx[2]! * spacing[2]!;
  const d = direction;
  return [
    origin[0]! + d[0]! * x + d[1]! * y + d[2]! * z,
    origin[1]! + d[3]! * x + d[4]! * y + d[5]! * z,
    origin[2]! + d[6]! * x + d[7]! * y + d[8]! * z,
  ];
}
