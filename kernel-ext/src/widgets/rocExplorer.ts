/**
 * `ROCExplorer(results)`: the ROC curves of several models with AUC and DeLong CI, and a threshold
 * slider showing sensitivity, specificity and the confusion matrix, rendered by `@radiogx/widgets`.
 *
 *     const explorer = new ROCExplorer(
 *       { S100B: rocAuc(aSAH.outcome, aSAH.s100b), WFNS: rocAuc(aSAH.outcome, aSAH.wfns) },
 *       { comparisons: [{ a: "S100B", b: "WFNS", result: delongTest(aSAH.outcome, aSAH.s100b, aSAH.wfns) }] },
 *     );
 *     explorer.threshold        // the threshold the user settled on (null: Youden's optimum)
 *
 * Each curve travels once as three Float64 buffers (thresholds, sensitivity, specificity); moving the
 * threshold is computed in the browser from the curve and the class counts.
 */
import { DOM_ACCESSORS, DOMWidget, type DOMWidgetOptions, type DOMWidgetTraits } from "../kernel/domWidget";
import { KernelApiError } from "../kernel/errors";
import { defineTraitAccessors, type TraitAccessors } from "../kernel/widget";
import { radiogxSpec } from "./module";

/** The parts of the library's `RocResult` (models/roc.ts) the explorer shows. */
export interface RocResultLike {
  readonly auc: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly alpha: number;
  readonly nPositive: number;
  readonly nNegative: number;
  readonly positive: unknown;
  readonly direction: "higher" | "lower";
  readonly curve: { readonly threshold: ArrayLike<number>; readonly sensitivity: ArrayLike<number>; readonly specificity: ArrayLike<number> };
}

/** A paired comparison to list under the legend (the library's `delongTest` result, or its p-value). */
export interface RocComparisonInput {
  a: string;
  b: string;
  result?: { readonly pValue: number };
  pValue?: number;
}

interface ModelInfo {
  name: string;
  auc: number;
  ci_lower: number;
  ci_upper: number;
  alpha: number;
  n_positive: number;
  n_negative: number;
  positive: string;
  direction: string;
}

interface CurveWire {
  threshold: { dtype: "float64"; shape: number[]; buffer: Float64Array };
  sensitivity: { dtype: "float64"; shape: number[]; buffer: Float64Array };
  specificity: { dtype: "float64"; shape: number[]; buffer: Float64Array };
}

export interface ROCExplorerTraits extends DOMWidgetTraits {
  models: ModelInfo[];
  curves: CurveWire[];
  comparisons: { a: string; b: string; p_value: number }[];
  /** Name of the model whose threshold the slider moves. */
  selected_model: string;
  /** The chosen threshold of that model (null: the Youden-optimal one), synced back from the frontend. */
  threshold: number | null;
  title: string;
}

export interface ROCExplorerOptions extends Partial<Pick<ROCExplorerTraits, "selected_model" | "threshold" | "title">> {
  comparisons?: readonly RocComparisonInput[];
  layout?: DOMWidgetOptions<ROCExplorerTraits>["layout"];
}

export interface ROCExplorer extends TraitAccessors<Pick<ROCExplorerTraits, "selected_model" | "threshold" | "title">> {}

const f64 = (a: ArrayLike<number>) => {
  const buffer = Float64Array.from(a);
  return { dtype: "float64" as const, shape: [buffer.length], buffer };
};

export class ROCExplorer extends DOMWidget<ROCExplorerTraits> {
  static readonly spec = radiogxSpec("ROCExplorer");

  /**
   * @param results model name → `rocAuc` result (or a list of `{ name, result }`).
   * @param options comparisons (DeLong tests to list), selected_model (default the first), threshold, title.
   */
  constructor(results: Record<string, RocResultLike> | readonly { name: string; result: RocResultLike }[], options: ROCExplorerOptions = {}) {
    const list = Array.isArray(results) ? (results as { name: string; result: RocResultLike }[]) : Object.entries(results as Record<string, RocResultLike>).map(([name, result]) => ({ name, result }));
    if (list.length === 0) throw new KernelApiError("INVALID_ARGUMENT", "ROCExplorer needs at least one ROC result", { key: "results" });
    const models: ModelInfo[] = [];
    const curves: CurveWire[] = [];
    for (const { name, result } of list) {
      const c = result?.curve;
      if (!c || !c.threshold || c.threshold.length !== c.sensitivity?.length || c.threshold.length !== c.specificity?.length || !Number.isFinite(result.auc)) {
        throw new KernelApiError("INVALID_ARGUMENT", `ROCExplorer: "${name}" is not an ROC result (expected rocAuc(...) with auc and curve { threshold, sensitivity, specificity })`, { key: name });
      }
      models.push({
        name,
        auc: result.auc,
        ci_lower: result.ciLower,
        ci_upper: result.ciUpper,
        alpha: result.alpha,
        n_positive: result.nPositive,
        n_negative: result.nNegative,
        positive: String(result.positive),
        direction: result.direction,
      });
      curves.push({ threshold: f64(c.threshold), sensitivity: f64(c.sensitivity), specificity: f64(c.specificity) });
    }
    const names = models.map((m) => m.name);
    const comparisons = (options.comparisons ?? []).map((c) => {
      if (!names.includes(c.a) || !names.includes(c.b)) throw new KernelApiError("INVALID_ARGUMENT", `ROCExplorer: comparison ${c.a} vs ${c.b} names a model not in ${names.join(", ")}`, { key: "comparisons" });
      const p = c.result?.pValue ?? c.pValue;
      if (typeof p !== "number") throw new KernelApiError("INVALID_ARGUMENT", `ROCExplorer: comparison ${c.a} vs ${c.b} needs result (delongTest) or pValue`, { key: "comparisons" });
      return { a: c.a, b: c.b, p_value: p };
    });
    const { comparisons: _c, layout, ...rest } = options;
    super(
      ROCExplorer.spec,
      { models, curves, comparisons, selected_model: names[0]!, threshold: null, title: "" },
      { ...rest, layout } as DOMWidgetOptions<ROCExplorerTraits>,
    );
  }

  protected override coerce(next: ROCExplorerTraits): void {
    if (!next.models.some((m) => m.name === next.selected_model)) {
      throw new KernelApiError("INVALID_ARGUMENT", `ROCExplorer.selected_model must be one of ${next.models.map((m) => m.name).join(", ")}, got ${JSON.stringify(next.selected_model)}`, { key: "selected_model" });
    }
    if (next.threshold !== null && typeof next.threshold !== "number") {
      throw new KernelApiError("INVALID_ARGUMENT", `ROCExplorer.threshold must be a number or null`, { key: "threshold" });
    }
  }
}
defineTraitAccessors(ROCExplorer, [...DOM_ACCESSORS, "selected_model", "threshold", "title"]);
