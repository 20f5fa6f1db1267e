/**
 * Preprocessing steps for pipelines, fitted on training data only so cross-validation never leaks:
 * - `StandardScaler`: z = (x − mean) / sd with the population sd (ddof 0) and sd = 1 for constant columns,
 *   as scikit-learn's StandardScaler; missing values are ignored when fitting and stay missing.
 * - `Imputer`: replaces missing values by the training mean, median, or a constant (scikit-learn's
 *   SimpleImputer). A column with no observed value is an error naming it.
 */
import { RadiogxError } from "../errors";
import { type FittedTransformer, type ModelJSON, type Transformer, resolveParams, requireSetting, transformerJSON } from "./estimator";
import { type Label } from "./labels";
import { type Dense, requireColumns } from "./matrix";

export interface StandardScalerParams {
  /** Subtract the mean. Default true. */
  withMean: boolean;
  /** Divide by the standard deviation. Default true. */
  withStd: boolean;
}

export class StandardScaler implements Transformer<FittedStandardScaler> {
  readonly kind = "StandardScaler";
  readonly params: Readonly<StandardScalerParams>;
  constructor(params: Partial<StandardScalerParams> = {}) {
    this.params = resolveParams(this.kind, { withMean: true, withStd: true }, params);
  }
  withParams(params: Partial<StandardScalerParams>): StandardScaler {
    return new StandardScaler({ ...this.params, ...params });
  }
  fitEncoded(X: Dense, _codes?: Int32Array, _classes?: readonly Label[]): FittedStandardScaler {
    const { n, p, data } = X;
    const mean = new Float64Array(p);
    const scale = new Float64Array(p).fill(1);
    const count = new Float64Array(p);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++) {
        const v = data[i * p + j]!;
        if (!Number.isNaN(v)) {
          mean[j]! += v;
          count[j]!++;
        }
      }
    for (let j = 0; j < p; j++) mean[j] = count[j]! > 0 ? mean[j]! / count[j]! : 0;
    if (this.params.withStd) {
      const ss = new Float64Array(p);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < p; j++) {
          const v = data[i * p + j]!;
          if (!Number.isNaN(v)) ss[j]! += (v - mean[j]!) ** 2;
        }
      for (let j = 0; j < p; j++) {
        const sd = count[j]! > 0 ? Math.sqrt(ss[j]! / count[j]!) : 0;
        scale[j] = sd > 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j]!)) ? sd : 1;
      }
    }
    if (!this.params.withMean) mean.fill(0);
    return new FittedStandardScaler(this.params, X.names, Array.from(mean), Array.from(scale));
  }
}

export class FittedStandardScaler implements FittedTransformer {
  readonly kind = "StandardScaler";
  readonly featureNamesOut: readonly string[];
  constructor(
    readonly params: Readonly<StandardScalerParams>,
    readonly featureNamesIn: readonly string[],
    readonly mean: readonly number[],
    readonly scale: readonly number[],
  ) {
    this.featureNamesOut = featureNamesIn;
    Object.freeze(this);
  }
  transform(X: Dense): Dense {
    requireColumns(X, this.featureNamesIn, "StandardScaler.transform");
    const { n, p } = X;
    const data = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] = (X.data[i * p + j]! - this.mean[j]!) / this.scale[j]!;
    return { n, p, data, names: X.names };
  }
  toJSON(): ModelJSON {
    return transformerJSON(this.kind, this.params, { featureNamesIn: this.featureNamesIn, mean: this.mean, scale: this.scale });
  }
  static fromJSON(json: ModelJSON): FittedStandardScaler {
    const s = json.state as { featureNamesIn: string[]; mean: number[]; scale: number[] };
    return new FittedStandardScaler(resolveParams("StandardScaler", { withMean: true, withStd: true }, json.params), s.featureNamesIn, s.mean, s.scale);
  }
}

export interface ImputerParams {
  /** Replacement: the training "mean" (default), "median", or "constant" (`fillValue`). */
  strategy: "mean" | "median" | "constant";
  /** Value for strategy "constant". Default 0. */
  fillValue: number;
}

export class Imputer implements Transformer<FittedImputer> {
  readonly kind = "Imputer";
  readonly params: Readonly<ImputerParams>;
  constructor(params: Partial<ImputerParams> = {}) {
    this.params = resolveParams(this.kind, { strategy: "mean", fillValue: 0 }, params);
    requireSetting(["mean", "median", "constant"].includes(this.params.strategy), this.kind, "strategy", '"mean", "median" or "constant"', this.params.strategy);
  }
  withParams(params: Partial<ImputerParams>): Imputer {
    return new Imputer({ ...this.params, ...params });
  }
  fitEncoded(X: Dense): FittedImputer {
    const { n, p, data } = X;
    const fill = new Array<number>(p);
    const col = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      if (this.params.strategy === "constant") {
        fill[j] = this.params.fillValue;
        continue;
      }
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = data[i * p + j]!;
        if (!Number.isNaN(v)) col[m++] = v;
      }
      if (m === 0) throw new RadiogxError("INVALID_ARGUMENT", `Imputer: feature "${X.names[j]}" has no observed value in the training data`, { key: X.names[j], hint: "drop the feature" });
      if (this.params.strategy === "mean") {
        let s = 0;
        for (let i = 0; i < m; i++) s += col[i]!;
        fill[j] = s / m;
      } else {
        const v = col.subarray(0, m).sort();
        fill[j] = m % 2 === 1 ? v[(m - 1) / 2]! : (v[m / 2 - 1]! + v[m / 2]!) / 2;
      }
    }
    return new FittedImputer(this.params, X.names, fill);
  }
}

export class FittedImputer implements FittedTransformer {
  readonly kind = "Imputer";
  readonly featureNamesOut: readonly string[];
  constructor(
    readonly params: Readonly<ImputerParams>,
    readonly featureNamesIn: readonly string[],
    readonly fill: readonly number[],
  ) {
    this.featureNamesOut = featureNamesIn;
    Object.freeze(this);
  }
  transform(X: Dense): Dense {
    requireColumns(X, this.featureNamesIn, "Imputer.transform");
    const data = X.data.slice();
    for (let i = 0; i < X.n; i++)
      for (let j = 0; j < X.p; j++) if (Number.isNaN(data[i * X.p + j]!)) data[i * X.p + j] = this.fill[j]!;
    return { n: X.n, p: X.p, data, names: X.names };
  }
  toJSON(): ModelJSON {
    return transformerJSON(this.kind, this.params, { featureNamesIn: this.featureNamesIn, fill: this.fill });
  }
  static fromJSON(json: ModelJSON): FittedImputer {
    const s = json.state as { featureNamesIn: string[]; fill: number[] };
    return new FittedImputer(resolveParams("Imputer", { strategy: "mean", fillValue: 0 }, json.params), s.featureNamesIn, s.fill);
  }
}
