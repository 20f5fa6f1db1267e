/**
 * Average-linkage (UPGMA) hierarchical clustering for the rows and columns of a correlation map,
 * used when the result brings no dendrogram of its own.
 *
 * Distance between two rows: 1 − the Pearson correlation of their correlation profiles (NaN entries
 * treated as 0, no correlation; a constant profile is at distance 1 from every other), the distance the
 * library's `correlationMap` clusters with (pheatmap's `clustering_distance = "correlation"`, SciPy's
 * `pdist(metric="correlation")`). Average linkage merges the two clusters with the smallest mean pairwise
 * distance; after merging i and j the Lance–Williams update is
 *   d(k, i ∪ j) = (n_i d(k, i) + n_j d(k, j)) / (n_i + n_j).
 * The merges are found by the nearest-neighbour chain algorithm (Murtagh 1983; Müllner, "Modern
 * hierarchical, agglomerative clustering algorithms", arXiv:1109.2378, 2011), O(n²) time and memory,
 * which is exact for average linkage (a reducible method). They are then sorted by height and
 * relabelled into SciPy's linkage format, so the result equals `scipy.cluster.hierarchy.linkage(X,
 * "average")` up to the order of tied merges.
 *
 * Leaf order: the left-to-right order of a depth-first traversal visiting the first child of each
 * merge first (SciPy's `leaves_list`).
 */

export interface Linkage {
  /** n − 1 merges [a, b, height, size]; ids < n are leaves, n + t the cluster made at step t. */
  readonly merges: number[][];
  /** Leaf order for drawing. */
  readonly order: number[];
}

/** Condensed index of the pair (i, j), i < j, among n items. */
function cidx(n: number, i: number, j: number): number {
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * 1 − Pearson r between the rows of an n × m row-major matrix (NaN counted as 0), condensed (upper
 * triangle, row by row). Rows are centred and scaled once, so each pair is one dot product.
 */
export function rowDistances(x: ArrayLike<number>, n: number, m: number): Float64Array {
  const z = new Float64Array(n * m);
  const constant = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let c = 0; c < m; c++) {
      const v = x[i * m + c]!;
      mean += Number.isNaN(v) ? 0 : v;
    }
    mean /= m;
    let ss = 0;
    for (let c = 0; c < m; c++) {
      const v = x[i * m + c]!;
      const d = (Number.isNaN(v) ? 0 : v) - mean;
      z[i * m + c] = d;
      ss += d * d;
    }
    if (ss === 0) constant[i] = 1;
    else {
      const s = 1 / Math.sqrt(ss);
      for (let c = 0; c < m; c++) z[i * m + c]! *= s;
    }
  }
  const d = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      if (!constant[i] && !constant[j]) for (let c = 0; c < m; c++) dot += z[i * m + c]! * z[j * m + c]!;
      d[cidx(n, i, j)] = Math.max(0, 1 - dot);
    }
  }
  return d;
}

/** Average linkage of n items from condensed distances (consumed: updated in place). */
export function averageLinkage(dist: Float64Array, n: number): Linkage {
  if (n <= 1) return { merges: [], order: n === 1 ? [0] : [] };
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const D = (i: number, j: number) => (i < j ? dist[cidx(n, i, j)]! : dist[cidx(n, j, i)]!);
  const setD = (i: number, j: number, v: number) => {
    if (i < j) dist[cidx(n, i, j)] = v;
    else dist[cidx(n, j, i)] = v;
  };
  // Raw merges on slot ids: the merged cluster keeps slot j (the larger index).
  const raw: { a: number; b: number; h: number }[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) {
      for (let i = 0; i < n; i++) {
        if (active[i]) {
          chain.push(i);
          break;
        }
      }
    }
    for (;;) {
      const x = chain[chain.length - 1]!;
      const prev = chain.length >= 2 ? chain[chain.length - 2]! : -1;
      // Nearest active neighbour of x; prefer the previous chain element on ties (guarantees progress).
      let y = prev;
      let best = prev >= 0 ? D(x, prev) : Infinity;
      for (let k = 0; k < n; k++) {
        if (!active[k] || k === x) continue;
        const dk = D(x, k);
        if (dk < best) {
          best = dk;
          y = k;
        }
      }
      if (y === prev) {
        chain.pop();
        chain.pop();
        const a = Math.min(x, y);
        const b = Math.max(x, y);
        raw.push({ a, b, h: best });
        // Merge a into b.
        for (let k = 0; k < n; k++) {
          if (!active[k] || k === a || k === b) continue;
          setD(k, b, (size[a]! * D(k, a) + size[b]! * D(k, b)) / (size[a]! + size[b]!));
        }
        active[a] = 0;
        size[b] = size[a]! + size[b]!;
        remaining--;
        break;
      }
      chain.push(y);
    }
  }
  // Sort by height (stable) and relabel with union-find into SciPy's ids.
  const order = raw.map((_, t) => t).sort((p, q) => raw[p]!.h - raw[q]!.h || p - q);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const clusterSize = new Float64Array(2 * n - 1).fill(1);
  const merges: number[][] = [];
  for (let t = 0; t < order.length; t++) {
    const m = raw[order[t]!]!;
    const ra = find(m.a);
    const rb = find(m.b);
    const lo = Math.min(ra, rb);
    const hi = Math.max(ra, rb);
    const id = n + t;
    clusterSize[id] = clusterSize[lo]! + clusterSize[hi]!;
    merges.push([lo, hi, m.h, clusterSize[id]!]);
    parent[ra] = id;
    parent[rb] = id;
  }
  return { merges, order: leaves(merges, n) };
}

/** Leaves left to right (first child first), iteratively. */
export function leaves(merges: readonly (readonly number[])[], n: number): number[] {
  if (n === 0) return [];
  if (merges.length === 0) return [0];
  const out: number[] = [];
  const stack = [n + merges.length - 1];
  while (stack.length) {
    const c = stack.pop()!;
    if (c < n) out.push(c);
    else {
      const m = merges[c - n]!;
      stack.push(m[1]!, m[0]!);
    }
  }
  return out;
}
