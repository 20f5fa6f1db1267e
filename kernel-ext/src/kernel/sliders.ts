/**
 * Bounded numeric controls of @jupyter-widgets/controls 2.0.0: `IntSlider`, `FloatSlider`,
 * `IntRangeSlider`, `Play` and `IntProgress`.
 *
 * Defaults and validation follow ipywidgets 8.1: `value` is clamped into [min, max]; setting
 * `min > max` is an error; integer traits truncate toward zero (Python's `int()`); a range slider
 * without a value starts at the 25 % and 75 % points of its range, and its lower end must not
 * exceed its upper end.
 */
import { DESCRIPTION_ACCESSORS, DOMWidget, DescriptionStyle, ProgressStyle, SliderStyle, type DOMWidgetOptions, type DescriptionTraits } from "./domWidget";
import { KernelApiError } from "./errors";
import { controlsSpec, defineTraitAccessors, type TraitAccessors } from "./widget";

function finite(cls: string, key: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new KernelApiError("INVALID_ARGUMENT", `${cls}.${key} must be a finite number, got ${String(v)}`, { key });
  }
  return v;
}

/** Checks min ≤ max and clamps `value` into it; integer traits are truncated when `int`. */
function coerceBounded(cls: string, s: { min: number; max: number; value: number; step?: number | null }, int: boolean): void {
  const t = int ? Math.trunc : (x: number) => x;
  s.min = t(finite(cls, "min", s.min));
  s.max = t(finite(cls, "max", s.max));
  if (s.min > s.max) {
    throw new KernelApiError("INVALID_ARGUMENT", `${cls}: min (${s.min}) exceeds max (${s.max})`, { key: "min" });
  }
  s.value = Math.min(s.max, Math.max(s.min, t(finite(cls, "value", s.value))));
  if (s.step !== undefined && s.step !== null) s.step = int ? Math.trunc(finite(cls, "step", s.step)) : finite(cls, "step", s.step);
}

interface SliderTraits extends DescriptionTraits<SliderStyle> {
  behavior: "drag-tap" | "drag-snap" | "tap" | "drag" | "snap";
  continuous_update: boolean;
  disabled: boolean;
  max: number;
  min: number;
  orientation: "horizontal" | "vertical";
  readout: boolean;
  readout_format: string;
  step: number;
}

const SLIDER_ACCESSORS = [...DESCRIPTION_ACCESSORS, "behavior", "continuous_update", "disabled", "max", "min", "orientation", "readout", "readout_format", "step", "value"];

function sliderDefaults(readoutFormat: string, step: number) {
  return {
    behavior: "drag-tap" as const,
    continuous_update: true,
    description: "",
    description_allow_html: false,
    disabled: false,
    max: 100,
    min: 0,
    orientation: "horizontal" as const,
    readout: true,
    readout_format: readoutFormat,
    step,
  };
}

/** Traits of `IntSliderModel`. */
export interface IntSliderTraits extends SliderTraits {
  value: number;
}
export interface IntSlider extends TraitAccessors<IntSliderTraits> {}
/** A slider over integers (`IntSliderModel` / `IntSliderView`). */
export class IntSlider extends DOMWidget<IntSliderTraits> {
  static readonly spec = controlsSpec("IntSliderModel", "IntSliderView");
  constructor(options: DOMWidgetOptions<IntSliderTraits> = {}) {
    super(IntSlider.spec, { ...sliderDefaults("d", 1), value: 0 }, options, { style: SliderStyle });
  }
  protected override coerce(s: IntSliderTraits): void {
    coerceBounded("IntSlider", s, true);
  }
}
defineTraitAccessors(IntSlider, SLIDER_ACCESSORS);

/** Traits of `FloatSliderModel`. */
export interface FloatSliderTraits extends SliderTraits {
  value: number;
}
export interface FloatSlider extends TraitAccessors<FloatSliderTraits> {}
/** A slider over real numbers (`FloatSliderModel` / `FloatSliderView`). */
export class FloatSlider extends DOMWidget<FloatSliderTraits> {
  static readonly spec = controlsSpec("FloatSliderModel", "FloatSliderView");
  constructor(options: DOMWidgetOptions<FloatSliderTraits> = {}) {
    super(FloatSlider.spec, { ...sliderDefaults(".2f", 0.1), value: 0 }, options, { style: SliderStyle });
  }
  protected override coerce(s: FloatSliderTraits): void {
    coerceBounded("FloatSlider", s, false);
  }
}
defineTraitAccessors(FloatSlider, SLIDER_ACCESSORS);

/** Traits of `IntRangeSliderModel`: `value` is `[lower, upper]`. */
export interface IntRangeSliderTraits extends SliderTraits {
  value: [number, number];
}
export interface IntRangeSlider extends TraitAccessors<IntRangeSliderTraits> {}
/** A slider selecting an integer interval (`IntRangeSliderModel` / `IntRangeSliderView`). */
export class IntRangeSlider extends DOMWidget<IntRangeSliderTraits> {
  static readonly spec = controlsSpec("IntRangeSliderModel", "IntRangeSliderView");
  constructor(options: DOMWidgetOptions<IntRangeSliderTraits> = {}) {
    const min = Math.trunc(options.min ?? 0);
    const max = Math.trunc(options.max ?? 100);
    // ipywidgets: (0.75·min + 0.25·max, 0.25·min + 0.75·max), truncated.
    const value: [number, number] = [Math.trunc(0.75 * min + 0.25 * max), Math.trunc(0.25 * min + 0.75 * max)];
    super(IntRangeSlider.spec, { ...sliderDefaults("d", 1), value }, options, { style: SliderStyle });
  }
  protected override coerce(s: IntRangeSliderTraits): void {
    const v = s.value;
    if (!Array.isArray(v) || v.length !== 2) {
      throw new KernelApiError("INVALID_ARGUMENT", `IntRangeSlider.value must be [lower, upper], got ${JSON.stringify(v)}`, { key: "value" });
    }
    const lo = { min: s.min, max: s.max, value: v[0] };
    const hi = { min: s.min, max: s.max, value: v[1] };
    coerceBounded("IntRangeSlider", lo, true);
    coerceBounded("IntRangeSlider", hi, true);
    if (lo.value > hi.value) {
      throw new KernelApiError("INVALID_ARGUMENT", `IntRangeSlider: lower end ${lo.value} exceeds upper end ${hi.value}`, { key: "value" });
    }
    s.min = lo.min;
    s.max = lo.max;
    s.step = Math.trunc(finite("IntRangeSlider", "step", s.step));
    if (lo.value !== v[0] || hi.value !== v[1]) s.value = [lo.value, hi.value];
  }
}
defineTraitAccessors(IntRangeSlider, SLIDER_ACCESSORS);

/** Traits of `PlayModel`: a timer that steps `value` from `min` to `max` every `interval` ms. */
export interface PlayTraits extends DescriptionTraits<DescriptionStyle> {
  disabled: boolean;
  interval: number;
  max: number;
  min: number;
  playing: boolean;
  repeat: boolean;
  show_repeat: boolean;
  step: number;
  value: number;
}
export interface Play extends TraitAccessors<PlayTraits> {}
/**
 * Play/pause/stop buttons that advance `value` in the frontend (`PlayModel` / `PlayView`); link it
 * to a slider with {@link jslink} to animate, or observe `value` in the kernel.
 */
export class Play extends DOMWidget<PlayTraits> {
  static readonly spec = controlsSpec("PlayModel", "PlayView");
  constructor(options: DOMWidgetOptions<PlayTraits> = {}) {
    super(
      Play.spec,
      { description: "", description_allow_html: false, disabled: false, interval: 100, max: 100, min: 0, playing: false, repeat: false, show_repeat: true, step: 1, value: 0 },
      options,
      { style: DescriptionStyle },
    );
  }
  protected override coerce(s: PlayTraits): void {
    coerceBounded("Play", s, true);
    s.interval = Math.trunc(finite("Play", "interval", s.interval));
  }
}
defineTraitAccessors(Play, [...DESCRIPTION_ACCESSORS, "disabled", "interval", "max", "min", "playing", "repeat", "show_repeat", "step", "value"]);

/** Traits of `IntProgressModel`. */
export interface IntProgressTraits extends DescriptionTraits<ProgressStyle> {
  bar_style: "success" | "info" | "warning" | "danger" | "";
  max: number;
  min: number;
  orientation: "horizontal" | "vertical";
  value: number;
}
export interface IntProgress extends TraitAccessors<IntProgressTraits> {}
/** A progress bar over integers (`IntProgressModel` / `ProgressView`). */
export class IntProgress extends DOMWidget<IntProgressTraits> {
  static readonly spec = controlsSpec("IntProgressModel", "ProgressView");
  constructor(options: DOMWidgetOptions<IntProgressTraits> = {}) {
    super(IntProgress.spec, { bar_style: "", description: "", description_allow_html: false, max: 100, min: 0, orientation: "horizontal", value: 0 }, options, { style: ProgressStyle });
  }
  protected override coerce(s: IntProgressTraits): void {
    coerceBounded("IntProgress", s, true);
  }
}
defineTraitAccessors(IntProgress, [...DESCRIPTION_ACCESSORS, "bar_style", "max", "min", "orientation", "value"]);
