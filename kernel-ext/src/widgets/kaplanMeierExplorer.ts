/**
 * `KaplanMeierExplorer`: split patients by a feature or risk score at a cut (the median, a value, a
 * slider) and compare the groups' Kaplan–Meier curves (confidence bands, at-risk table, log-rank p),
 * rendered by `@radiogx/widgets`.
 *
 *     const km = new KaplanMeierExplorer({ time: lung.time, event: lung.status, features: { age: lung.age, "risk score": risk } });
 *     km                 // shows it
 *     km.result          // { feature, cut, n_low, n_high, statistic, p_value, … } of what is on screen
 *
 * Where the statistics are computed: the times, events and feature values travel once (Float64 and
 * Uint8 buffers) and the browser computes the curves and the log-rank test for every new cut, with the
 * same definitions as the library's `kaplanMeier` and `logRankTest` (checked against them and against
 * lifelines in the widgets' tests), so the slider never waits for the kernel. What is shown comes back
 * as `result` a moment after the user stops; it is null until a view has drawn (e.g. in a notebook run
 * headless). To recompute it kernel-side, pass `result.cut` to the library's `logRankTest`.
 */
import { DOM_ACCESSORS, DOMWidget, type DOMWidgetOptions, type DOMWidgetTraits } from "../kernel/domWidget";
import { KernelApiError } from "../kernel/errors";
import { ndarray, type NDArray } from "../kernel/serializers";
import { defineTraitAccessors, type TraitAccessors } from "../kernel/widget";
import { radiogxSpec, stringList } from "./module";

export interface KaplanMeierExplorerResult {
  feature: string;
  cut: number;
  cut_mode: "median" | "value";
  n_low: number;
  n_high: number;
  events_low: number;
  events_high: number;
  median_low: number | null;
  median_high: number | null;
  statistic: number | null;
  p_value: number | null;
}

export interface KaplanMeierExplorerTraits extends DOMWidgetTraits {
  time: NDArray | null;
  event: NDArray | null;
  features: string[];
  feature_values: NDArray | null;
  patient_ids: string[];
  feature: string;
  cut_mode: "median" | "value";
  /** The cut when `cut_mode` is "value" (low: x ≤ cut, high: x > cut); null: the median. Setting it alone sets `cut_mode`. */
  cut: number | null;
  alpha: number;
  time_label: string;
  show_ci: boolean;
  /** What the frontend shows, synced back (null until drawn). */
  result: KaplanMeierExplorerResult | null;
  title: string;
}

export interface KaplanMeierExplorerInput {
  /** Follow-up times (≥ 0); missing or negative leave the patient out. */
  time: ArrayLike<unknown>;
  /** 1 (or true) for an event, 0 (or false) for censored; anything else leaves the patient out. */
  event: ArrayLike<unknown>;
  /** Features or risk scores to split on, name → one value per patient. */
  features: Record<string, ArrayLike<unknown>>;
  patientIds?: ArrayLike<unknown>;
}

export interface KaplanMeierExplorerOptions extends Partial<Pick<KaplanMeierExplorerTraits, "feature" | "alpha" | "time_label" | "show_ci" | "title">> {
  /** "median" (default) or a value. */
  cut?: "median" | number;
  layout?: DOMWidgetOptions<KaplanMeierExplorerTraits>["layout"];
}

export interface KaplanMeierExplorer extends TraitAccessors<Pick<KaplanMeierExplorerTraits, "feature" | "cut_mode" | "cut" | "alpha" | "time_label" | "show_ci" | "title" | "result">> {}

function toNumber(v: unknown): number {
  if (v === null || v === undefined || v === "") return NaN;
  if (typeof v === "boolean") return v ? 1 : 0;
  return Number(v);
}

export class KaplanMeierExplorer extends DOMWidget<KaplanMeierExplorerTraits> {
  static readonly spec = radiogxSpec("KaplanMeierExplorer");

  /**
   * @param input times, events and the features to split on (see {@link KaplanMeierExplorerInput}).
   * @param options feature (default the first), cut ("median" or a value), alpha (0.05: 95% bands), time_label ("time"), show_ci (true), title.
   */
  constructor(input: KaplanMeierExplorerInput, options: KaplanMeierExplorerOptions = {}) {
    const n = input?.time?.length;
    if (typeof n !== "number" || !input.event || input.event.length !== n) {
      throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer: time and event must have one value per patient (got ${n} and ${input?.event?.length})`, { key: "event" });
    }
    const names = Object.keys(input.features ?? {});
    if (names.length === 0) throw new KernelApiError("INVALID_ARGUMENT", "KaplanMeierExplorer: give at least one feature or risk score in `features`", { key: "features" });
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = toNumber(input.time[i]);
      const e = toNumber(input.event[i]);
      event[i] = e === 0 || e === 1 ? e : 255;
    }
    const values = new Float64Array(names.length * n);
    names.forEach((name, f) => {
      const col = input.features[name]!;
      if (col.length !== n) throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer: feature "${name}" has ${col.length} values, expected ${n}`, { key: name });
      for (let i = 0; i < n; i++) values[f * n + i] = toNumber(col[i]);
    });
    const { cut, layout, ...rest } = options;
    super(
      KaplanMeierExplorer.spec,
      {
        time: { data: time, shape: [n] },
        event: { data: event, shape: [n] },
        features: names,
        feature_values: { data: values, shape: [names.length, n] },
        patient_ids: input.patientIds ? stringList(input.patientIds) : [],
        feature: names[0]!,
        cut_mode: typeof cut === "number" ? "value" : "median",
        cut: typeof cut === "number" ? cut : null,
        alpha: 0.05,
        time_label: "time",
        show_ci: true,
        result: null,
        title: "",
      },
      { ...rest, layout } as DOMWidgetOptions<KaplanMeierExplorerTraits>,
      { serializers: { time: ndarray, event: ndarray, feature_values: ndarray } },
    );
  }

  protected override coerce(next: KaplanMeierExplorerTraits, assigned: ReadonlySet<keyof KaplanMeierExplorerTraits>): void {
    // `km.cut = 1.5` means "cut at 1.5" (`km.cut = null`: back to the median), whatever the mode was.
    if (assigned.has("cut") && !assigned.has("cut_mode")) next.cut_mode = next.cut === null ? "median" : "value";
    if (next.cut !== null && !Number.isFinite(next.cut)) {
      throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer.cut must be a finite number or null (the median), got ${JSON.stringify(next.cut)}`, { key: "cut" });
    }
    if (!next.features.includes(next.feature)) {
      throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer.feature must be one of ${next.features.join(", ")}, got ${JSON.stringify(next.feature)}`, { key: "feature" });
    }
    if (next.cut_mode !== "median" && next.cut_mode !== "value") {
      throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer.cut_mode must be "median" or "value", got ${JSON.stringify(next.cut_mode)}`, { key: "cut_mode" });
    }
    if (!(next.alpha > 0 && next.alpha < 1)) {
      throw new KernelApiError("INVALID_ARGUMENT", `KaplanMeierExplorer.alpha must be in (0, 1), got ${next.alpha}`, { key: "alpha" });
    }
  }

  /** The log-rank p-value on screen (null until a view has drawn). */
  get pValue(): number | null {
    return this.get("result")?.p_value ?? null;
  }
}
defineTraitAccessors(KaplanMeierExplorer, [...DOM_ACCESSORS, "feature", "cut_mode", "cut", "alpha", "time_label", "show_ci", "title", "result"]);
