/**
 * k-nearest-neighbour classification (scikit-learn's `KNeighborsClassifier`, brute force): the k training
 * samples closest in Euclidean (or Manhattan) distance vote; with `weights: "distance"` each vote counts
 * 1/d (an exact match takes all the weight). P(c | x) is the weighted share of votes for c. Ties in
 * distance are broken by training order (the earlier sample wins), as a stable sort would.
 * Reference: Cover & Hart, IEEE Trans Inf Theory 1967.
 */
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting } from "./estimator";
import { type Label } from "./labels";
import { type Dense, type FeatureMatrix, requireFinite } from "./matrix";

export interface KnnParams {
  /** Number of neighbours. Default 5. */
  k: number;
  /** Vote weights: "uniform" (default) or "distance" (1/d). */
  weights: "uniform" | "distance";
  /** Distance: "euclidean" (default) or "manhattan". */
  metric: "euclidean" | "manhattan";
}

const DEFAULTS: KnnParams = { k: 5, weights: "uniform", metric: "euclidean" };

export class KNeighborsClassifier implements Estimator<FittedKNeighborsClassifier> {
  readonly kind = "KNeighborsClassifier";
  readonly params: Readonly<KnnParams>;
  constructor(params: Partial<KnnParams> = {}) {
    this.params = resolveParams(this.kind, DEFAULTS, params);
    requireSetting(Number.isInteger(this.params.k) && this.params.k >= 1, this.kind, "k", "an integer ≥ 1", this.params.k);
    requireSetting(["uniform", "distance"].includes(this.params.weights), this.kind, "weights", '"uniform" or "distance"', this.params.weights);
    requireSetting(["euclidean", "manhattan"].includes(this.params.metric), this.kind, "metric", '"euclidean" or "manhattan"', this.params.metric);
  }
  withParams(params: Partial<KnnParams>): KNeighborsClassifier {
    return new KNeighborsClassifier({ ...this.params, ...params });
  }
  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedKNeighborsClassifier {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedKNeighborsClassifier {
    requireFinite(X, `${this.kind}.fit`);
    requireSetting(this.params.k <= X.n, this.kind, "k", `at most the ${X.n} training samples`, this.params.k);
    return new FittedKNeighborsClassifier(this.params, classes, X.names, X.data.slice(), codes.slice());
  }
}

export class FittedKNeighborsClassifier extends FittedBase {
  readonly kind = "KNeighborsClassifier";
  readonly params: Readonly<KnnParams>;
  readonly #train: Float64Array;
  readonly #codes: Int32Array;

  constructor(params: Readonly<KnnParams>, classes: readonly Label[], names: readonly string[], train: Float64Array, codes: Int32Array) {
    super(classes, names);
    this.params = params;
    this.#train = train;
    this.#codes = codes;
    Object.freeze(this);
  }

  probaDense(X: Dense): Float64Array {
    requireFinite(X, `${this.kind}.predict`);
    const p = X.p;
    const m = this.#codes.length;
    const k = this.params.k;
    const nc = this.classes.length;
    const out = new Float64Array(X.n * nc);
    const dist = new Float64Array(m);
    const idx = new Int32Array(m);
    const manhattan = this.params.metric === "manhattan";
    for (let i = 0; i < X.n; i++) {
      const xi = i * p;
      for (let t = 0; t < m; t++) {
        let s = 0;
        const xt = t * p;
        if (manhattan) for (let j = 0; j < p; j++) s += Math.abs(X.data[xi + j]! - this.#train[xt + j]!);
        else
          for (let j = 0; j < p; j++) {
            const d = X.data[xi + j]! - this.#train[xt + j]!;
            s += d * d;
          }
        dist[t] = manhattan ? s : Math.sqrt(s);
        idx[t] = t;
      }
      partialSort(idx, dist, k);
      const row = i * nc;
      if (this.params.weights === "distance" && dist[idx[0]!] === 0) {
        // Exact matches take all the weight.
        for (let r = 0; r < k && dist[idx[r]!] === 0; r++) out[row + this.#codes[idx[r]!]!]! += 1;
      } else {
        for (let r = 0; r < k; r++) {
          const t = idx[r]!;
          out[row + this.#codes[t]!]! += this.params.weights === "distance" ? 1 / dist[t]! : 1;
        }
      }
      let s = 0;
      for (let c = 0; c < nc; c++) s += out[row + c]!;
      for (let c = 0; c < nc; c++) out[row + c]! /= s;
    }
    return out;
  }

  toJSON(): ModelJSON {
    return this.json({ train: Array.from(this.#train), codes: Array.from(this.#codes) });
  }

  static fromJSON(json: ModelJSON): FittedKNeighborsClassifier {
    const s = json.state as { classes: Label[]; featureNames: string[]; train: number[]; codes: number[] };
    return new FittedKNeighborsClassifier(resolveParams("KNeighborsClassifier", DEFAULTS, json.params), s.classes, s.featureNames, Float64Array.from(s.train), Int32Array.from(s.codes));
  }
}

/** Puts the k smallest distances first in idx (sorted, ties by index) with a bounded insertion pass. */
function partialSort(idx: Int32Array, dist: Float64Array, k: number): void {
  const m = idx.length;
  for (let t = 0; t < m; t++) idx[t] = t;
  // Insertion into a sorted prefix of length k.
  let filled = 0;
  for (let t = 0; t < m; t++) {
    const d = dist[t]!;
    if (filled === k && d >= dist[idx[k - 1]!]!) continue;
    let pos = filled < k ? filled : k - 1;
    while (pos > 0 && dist[idx[pos - 1]!]! > d) {
      idx[pos] = idx[pos - 1]!;
      pos--;
    }
    idx[pos] = t;
    if (filled < k) filled++;
  }
}
