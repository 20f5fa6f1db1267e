/**
 * Agglomerative hierarchical clustering (single, complete, average/UPGMA, Ward) on a condensed distance
 * matrix, with the leaf order of the dendrogram — the output format and conventions of
 * scipy.cluster.hierarchy (`linkage`, `leaves_list`), so the same input gives the same tree and order.
 *
 * Algorithm: the nearest-neighbour chain (Murtagh 1983; Müllner 2011, "Modern hierarchical, agglomerative
 * clustering algorithms"), O(n²) time and the n(n − 1)/2 distances as memory, with the Lance–Williams updates
 *   single   d(k, i∪j) = min(dᵢₖ, dⱼₖ)
 *   complete d(k, i∪j) = max(dᵢₖ, dⱼₖ)
 *   average  d(k, i∪j) = (nᵢdᵢₖ + nⱼdⱼₖ)/(nᵢ + nⱼ)
 *   ward     d(k, i∪j) = √[((nₖ + nᵢ)dᵢₖ² + (nₖ + nⱼ)dⱼₖ² − nₖdᵢⱼ²)/(nᵢ + nⱼ + nₖ)]  (R "ward.D2")
 * Merges are then sorted by height (stable) and relabelled with a union–find, as scipy does: merge m creates
 * cluster n + m, and each row of the linkage lists the smaller cluster id first.
 *
 * `correlationDistances(vectors)` gives the 1 − r distances (r the Pearson correlation between vectors,
 * scipy `pdist(metric="correlation")`).
 */
import { RadiogxError } from "../errors";

export type Linkage = "single" | "complete" | "average" | "ward";
export const LINKAGES: readonly Linkage[] = ["single", "complete", "average", "ward"];

export interface Dendrogram {
  linkage: Linkage;
  /** Number of leaves. */
  n: number;
  /**
   * The merges, scipy's Z matrix row by row: [cluster a, cluster b, height, size of the new cluster]; leaves
   * are 0…n−1 and merge m creates cluster n + m.
   */
  merges: [number, number, number, number][];
  /** Leaves in dendrogram order (scipy `leaves_list`): the order to draw rows/columns of a heatmap in. */
  order: number[];
}

/** Index of pair (i, j), i ≠ j, in a condensed distance vector of n points (scipy's layout). */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * 1 − Pearson r between every pair of vectors (all of one length), as a condensed distance vector.
 * A constant vector has no correlation: its distances are NaN, which `hclust` rejects.
 */
export function correlationDistances(vectors: readonly ArrayLike<number>[]): Float64Array {
  const m = vectors.length;
  if (m === 0) return new Float64Array(0);
  const len = vectors[0]!.length;
  const z: Float64Array[] = vectors.map((v, k) => {
    if (v.length !== len) throw new RadiogxError("INVALID_ARGUMENT", `correlationDistances: vector ${k} has ${v.length} values, vector 0 has ${len}`, { key: "vectors" });
    let mean = 0;
    for (let i = 0; i < len; i++) mean += v[i]!;
    mean /= len;
    const out = new Float64Array(len);
    let ss = 0;
    for (let i = 0; i < len; i++) {
      out[i] = v[i]! - mean;
      ss += out[i]! * out[i]!;
    }
    const s = Math.sqrt(ss);
    for (let i = 0; i < len; i++) out[i] = s > 0 ? out[i]! / s : NaN;
    return out;
  });
  const d = new Float64Array((m * (m - 1)) / 2);
  let k = 0;
  for (let a = 0; a < m; a++) {
    const za = z[a]!;
    for (let b = a + 1; b < m; b++) {
      const zb = z[b]!;
      let s = 0;
      for (let i = 0; i < len; i++) s += za[i]! * zb[i]!;
      d[k++] = Math.max(0, 1 - s);
    }
  }
  return d;
}

/**
 * Hierarchical clustering of n points from their condensed distances (length n(n − 1)/2, scipy layout).
 * The distances are not modified.
 * @throws RadiogxError for a wrong length, a NaN or negative distance, or an unknown linkage.
 * @example hclust(Float64Array.of(1, 4, 3), 3, "average").order // [2, 0, 1]
 */
export function hclust(distances: ArrayLike<number>, n: number, linkage: Linkage = "average"): Dendrogram {
  if (!(LINKAGES as readonly string[]).includes(linkage)) {
    throw new RadiogxError("INVALID_ARGUMENT", `unknown linkage "${linkage}"; expected ${LINKAGES.join(", ")}`, { key: "linkage" });
  }
  const len = (n * (n - 1)) / 2;
  if (distances.length !== len) {
    throw new RadiogxError("INVALID_ARGUMENT", `hclust: ${distances.length} distances given; ${n} points need n(n − 1)/2 = ${len}`, { key: "distances" });
  }
  if (n < 1) throw new RadiogxError("INVALID_ARGUMENT", "hclust: at least one point is needed", { key: "n" });
  const D = Float64Array.from(distances as ArrayLike<number>);
  for (let i = 0; i < len; i++) {
    const v = D[i]!;
    if (!(v >= 0)) {
      throw new RadiogxError("INVALID_ARGUMENT", `hclust: distance ${i} is ${v}; distances must be non-negative numbers`, {
        key: "distances",
        hint: "a constant row or column has no correlation distance; remove it first",
      });
    }
  }
  const size = new Float64Array(n).fill(1);
  const raw: [number, number, number, number][] = [];
  const chain = new Int32Array(n);
  let chainLength = 0;
  for (let k = 0; k < n - 1; k++) {
    let x = 0;
    let y = 0;
    let currentMin = Infinity;
    if (chainLength === 0) {
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          chainLength = 1;
          break;
        }
      }
    }
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = D[condensedIndex(n, x, y)]!;
      } else currentMin = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const dist = D[condensedIndex(n, x, i)]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    raw.push([x, y, currentMin, nx + ny]);
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const ix = condensedIndex(n, i, x);
      const iy = condensedIndex(n, i, y);
      const dxi = D[ix]!;
      const dyi = D[iy]!;
      let nd: number;
      switch (linkage) {
        case "single":
          nd = Math.min(dxi, dyi);
          break;
        case "complete":
          nd = Math.max(dxi, dyi);
          break;
        case "average":
          nd = (nx * dxi + ny * dyi) / (nx + ny);
          break;
        case "ward": {
          const t = 1 / (nx + ny + ni);
          nd = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * currentMin * currentMin);
          break;
        }
      }
      D[iy] = nd;
    }
  }
  // Stable sort by height, then relabel: merge m creates cluster n + m (union–find with path compression).
  const order = raw.map((_, i) => i).sort((a, b) => raw[a]![2] - raw[b]![2] || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const clusterSize = new Float64Array(2 * n - 1).fill(1);
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[v] !== r) {
      const next = parent[v]!;
      parent[v] = r;
      v = next;
    }
    return r;
  };
  const merges: [number, number, number, number][] = [];
  order.forEach((idx, m) => {
    const [a, b, h] = raw[idx]!;
    const ra = find(a);
    const rb = find(b);
    const id = n + m;
    parent[ra] = id;
    parent[rb] = id;
    clusterSize[id] = clusterSize[ra]! + clusterSize[rb]!;
    merges.push([Math.min(ra, rb), Math.max(ra, rb), h, clusterSize[id]!]);
  });
  return { linkage, n, merges, order: leafOrder(merges, n) };
}

/** Leaves of a linkage in pre-order, left (first-listed) child first — scipy `leaves_list`. */
export function leafOrder(merges: readonly (readonly [number, number, number, number])[], n: number): number[] {
  if (n === 1) return [0];
  const out: number[] = [];
  const stack: number[] = [n + merges.length - 1];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c < n) {
      out.push(c);
      continue;
    }
    const [a, b] = merges[c - n]!;
    stack.push(b, a);
  }
  return out;
}
