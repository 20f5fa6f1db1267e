/**
 * Random forest classification (Breiman 2001), seeded so that a fit is reproducible: each tree is a CART
 * grown on a bootstrap sample, choosing at every node the best Gini split among `maxFeatures` features
 * drawn at random (features constant within the node are skipped and do not count, as scikit-learn), to
 * purity (or `maxDepth` / `minSamplesLeaf`). P(c | x) is the mean over trees of the
 * class shares in the leaf x falls in (scikit-learn's `RandomForestClassifier`). Split thresholds are
 * midpoints between consecutive distinct values. Feature importances are the mean decrease in Gini
 * impurity, normalised per tree.
 * Gini impurity of a node with class shares p_c: 1 − Σ p_c²; a split's decrease is
 * n·G(node) − n_L·G(left) − n_R·G(right).
 * References: Breiman, Mach Learn 2001; Breiman, Friedman, Olshen & Stone, CART (1984).
 */
import { type Estimator, FittedBase, type ModelJSON, fitInputs, resolveParams, requireSetting } from "./estimator";
import { type Label } from "./labels";
import { type Dense, type FeatureMatrix, requireFinite } from "./matrix";
import { Random } from "./random";

export interface RandomForestParams {
  /** Number of trees. Default 100. */
  nTrees: number;
  /** Features tried per split: "sqrt" (default), "log2", "all", or a count. */
  maxFeatures: "sqrt" | "log2" | "all" | number;
  /** Maximum depth; null grows to purity. Default null. */
  maxDepth: number | null;
  /** Minimum samples to split a node. Default 2. */
  minSamplesSplit: number;
  /** Minimum samples in a leaf. Default 1. */
  minSamplesLeaf: number;
  /** Draw a bootstrap sample per tree. Default true. */
  bootstrap: boolean;
  /** Seed. Default 0. */
  seed: number;
}

const DEFAULTS: RandomForestParams = { nTrees: 100, maxFeatures: "sqrt", maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: true, seed: 0 };

/** A fitted tree in flat arrays; leaves have feature −1 and class shares in `value`. */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array; // nodes × k
}

export class RandomForestClassifier implements Estimator<FittedRandomForestClassifier> {
  readonly kind = "RandomForestClassifier";
  readonly params: Readonly<RandomForestParams>;
  constructor(params: Partial<RandomForestParams> = {}) {
    this.params = resolveParams(this.kind, DEFAULTS, params);
    const p = this.params;
    requireSetting(Number.isInteger(p.nTrees) && p.nTrees >= 1, this.kind, "nTrees", "an integer ≥ 1", p.nTrees);
    requireSetting(["sqrt", "log2", "all"].includes(p.maxFeatures as string) || (Number.isInteger(p.maxFeatures) && (p.maxFeatures as number) >= 1), this.kind, "maxFeatures", '"sqrt", "log2", "all" or an integer ≥ 1', p.maxFeatures);
    requireSetting(p.maxDepth === null || (Number.isInteger(p.maxDepth) && p.maxDepth >= 1), this.kind, "maxDepth", "null or an integer ≥ 1", p.maxDepth);
    requireSetting(Number.isInteger(p.minSamplesSplit) && p.minSamplesSplit >= 2, this.kind, "minSamplesSplit", "an integer ≥ 2", p.minSamplesSplit);
    requireSetting(Number.isInteger(p.minSamplesLeaf) && p.minSamplesLeaf >= 1, this.kind, "minSamplesLeaf", "an integer ≥ 1", p.minSamplesLeaf);
  }
  withParams(params: Partial<RandomForestParams>): RandomForestClassifier {
    return new RandomForestClassifier({ ...this.params, ...params });
  }
  fit(X: FeatureMatrix | Dense, y: ArrayLike<Label>, options: { featureNames?: readonly string[] } = {}): FittedRandomForestClassifier {
    const d = fitInputs(this.kind, X, y, options.featureNames);
    return this.fitEncoded(d.X, d.codes, d.classes);
  }
  fitEncoded(X: Dense, codes: Int32Array, classes: readonly Label[]): FittedRandomForestClassifier {
    requireFinite(X, `${this.kind}.fit`);
    const p = this.params;
    const mtry = p.maxFeatures === "sqrt" ? Math.max(1, Math.floor(Math.sqrt(X.p))) : p.maxFeatures === "log2" ? Math.max(1, Math.floor(Math.log2(X.p))) : p.maxFeatures === "all" ? X.p : Math.min(X.p, p.maxFeatures);
    const rng = new Random(p.seed);
    const trees: Tree[] = [];
    const importance = new Float64Array(X.p);
    for (let t = 0; t < p.nTrees; t++) {
      const sample = new Int32Array(X.n);
      for (let i = 0; i < X.n; i++) sample[i] = p.bootstrap ? rng.int(X.n) : i;
      const imp = new Float64Array(X.p);
      trees.push(growTree(X, codes, classes.length, sample, mtry, p, rng, imp));
      let s = 0;
      for (let j = 0; j < X.p; j++) s += imp[j]!;
      if (s > 0) for (let j = 0; j < X.p; j++) importance[j]! += imp[j]! / s;
    }
    for (let j = 0; j < X.p; j++) importance[j]! /= p.nTrees;
    return new FittedRandomForestClassifier(this.params, classes, X.names, trees, Array.from(importance));
  }
}

function growTree(X: Dense, codes: Int32Array, k: number, sample: Int32Array, mtry: number, params: Readonly<RandomForestParams>, rng: Random, importance: Float64Array): Tree {
  const { p, data } = X;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const maxDepth = params.maxDepth ?? Infinity;
  const features = Int32Array.from({ length: p }, (_, j) => j);
  const leftCounts = new Float64Array(k);
  const counts = new Float64Array(k);
  const newNode = () => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    for (let c = 0; c < k; c++) value.push(0);
    return feature.length - 1;
  };
  const stack: { node: number; idx: Int32Array; depth: number }[] = [{ node: newNode(), idx: sample, depth: 0 }];
  while (stack.length > 0) {
    const { node, idx, depth } = stack.pop()!;
    const m = idx.length;
    counts.fill(0);
    for (let r = 0; r < m; r++) counts[codes[idx[r]!]!]!++;
    let sumSq = 0;
    for (let c = 0; c < k; c++) {
      value[node * k + c] = counts[c]! / m;
      sumSq += counts[c]! * counts[c]!;
    }
    const gini = 1 - sumSq / (m * m);
    if (gini <= 0 || m < params.minSamplesSplit || depth >= maxDepth || m < 2 * params.minSamplesLeaf) continue;
    // Candidate features: a partial Fisher–Yates draw of mtry.
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestThreshold = 0;
    let bestSorted: Int32Array | null = null;
    let bestSplitAt = 0;
    // Features are drawn until `mtry` of them vary within the node (constant ones do not count, and
    // with none varying the node is a leaf), as scikit-learn's splitter does.
    let varying = 0;
    for (let f = 0; f < p && varying < mtry; f++) {
      const r = f + rng.int(p - f);
      const tmp = features[f]!;
      features[f] = features[r]!;
      features[r] = tmp;
      const j = features[f]!;
      let lo = Infinity;
      let hi = -Infinity;
      for (let q = 0; q < m; q++) {
        const v = data[idx[q]! * p + j]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === hi) continue;
      varying++;
      const sorted = Int32Array.from(idx).sort((a, b) => data[a * p + j]! - data[b * p + j]!);
      leftCounts.fill(0);
      let leftSq = 0;
      let rightSq = sumSq;
      for (let s = 0; s < m - 1; s++) {
        const c = codes[sorted[s]!]!;
        // Move one sample of class c from right to left.
        const lc = leftCounts[c]!;
        const rc = counts[c]! - lc;
        leftSq += 2 * lc + 1;
        rightSq -= 2 * rc - 1;
        leftCounts[c] = lc + 1;
        const v = data[sorted[s]! * p + j]!;
        const vNext = data[sorted[s + 1]! * p + j]!;
        if (v === vNext) continue;
        const nl = s + 1;
        const nr = m - nl;
        if (nl < params.minSamplesLeaf || nr < params.minSamplesLeaf) continue;
        // Decrease m·G − nl·G_L − nr·G_R = −sumSq/m + leftSq/nl + rightSq/nr.
        const gain = leftSq / nl + rightSq / nr - sumSq / m;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestThreshold = (v + vNext) / 2;
          bestSorted = sorted;
          bestSplitAt = nl;
        }
      }
    }
    if (bestFeature < 0 || bestSorted === null) continue;
    importance[bestFeature]! += bestGain;
    feature[node] = bestFeature;
    threshold[node] = bestThreshold;
    const l = newNode();
    const rNode = newNode();
    left[node] = l;
    right[node] = rNode;
    stack.push({ node: l, idx: bestSorted.slice(0, bestSplitAt), depth: depth + 1 });
    stack.push({ node: rNode, idx: bestSorted.slice(bestSplitAt), depth: depth + 1 });
  }
  return { feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value) };
}

export class FittedRandomForestClassifier extends FittedBase {
  readonly kind = "RandomForestClassifier";
  readonly params: Readonly<RandomForestParams>;
  /** Mean decrease in Gini impurity per feature (sums to 1). */
  readonly featureImportances: readonly number[];
  readonly #trees: readonly Tree[];

  constructor(params: Readonly<RandomForestParams>, classes: readonly Label[], names: readonly string[], trees: Tree[], importances: number[]) {
    super(classes, names);
    this.params = params;
    this.#trees = trees;
    this.featureImportances = Object.freeze([...importances]);
    Object.freeze(this);
  }

  get nTrees(): number {
    return this.#trees.length;
  }

  probaDense(X: Dense): Float64Array {
    requireFinite(X, `${this.kind}.predict`);
    const k = this.classes.length;
    const out = new Float64Array(X.n * k);
    for (const tree of this.#trees) {
      for (let i = 0; i < X.n; i++) {
        let node = 0;
        while (tree.feature[node]! >= 0) node = X.data[i * X.p + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        for (let c = 0; c < k; c++) out[i * k + c]! += tree.value[node * k + c]!;
      }
    }
    const t = this.#trees.length;
    for (let q = 0; q < out.length; q++) out[q]! /= t;
    return out;
  }

  toJSON(): ModelJSON {
    return this.json({
      featureImportances: this.featureImportances,
      trees: this.#trees.map((t) => ({ feature: Array.from(t.feature), threshold: Array.from(t.threshold), left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value) })),
    });
  }

  static fromJSON(json: ModelJSON): FittedRandomForestClassifier {
    const s = json.state as { classes: Label[]; featureNames: string[]; featureImportances: number[]; trees: { feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[] }[] };
    const trees = s.trees.map((t) => ({ feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold), left: Int32Array.from(t.left), right: Int32Array.from(t.right), value: Float64Array.from(t.value) }));
    return new FittedRandomForestClassifier(resolveParams("RandomForestClassifier", DEFAULTS, json.params), s.classes, s.featureNames, trees, s.featureImportances);
  }
}
