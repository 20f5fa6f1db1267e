/**
 * `interact(fn, controls)`: builds a control per argument, calls `fn` with their values at once and
 * after every change, and shows what `fn` prints, displays or returns in an `Output` below the
 * controls — ipywidgets' `interact`, with the arguments named in an object.
 *
 *     interact(({ bins, log }) => histogramSpec(values, bins, log), { bins: [5, 50], log: false });
 *
 * Abbreviations (as ipywidgets; JavaScript has no tuple/list distinction, so a list of exactly two
 * or three numbers is a range):
 *
 * | control argument                 | widget                                                   |
 * |----------------------------------|----------------------------------------------------------|
 * | a widget with a `value`          | that widget                                              |
 * | `true` / `false`                 | `Checkbox`                                               |
 * | a string                         | `Text`                                                   |
 * | a number v                       | `IntSlider`/`FloatSlider` over (-v, 3v) (v > 0), (3v, -v) (v < 0), (0, 1) (v = 0) |
 * | `[min, max]`, `[min, max, step]` | `IntSlider` when all are integers, else `FloatSlider`; starts mid-range |
 * | a list of values or `[label, value]` pairs, or a `Map` | `Dropdown`                |
 * | `fixed(x)`                       | no control; `x` is passed as is                          |
 */
import { Checkbox, Text, Button } from "./controls";
import { display } from "./display";
import { KernelApiError } from "./errors";
import { Output } from "./output";
import { Dropdown } from "./selection";
import { FloatSlider, IntSlider } from "./sliders";
import { VBox } from "./boxes";
import type { AnyWidget, Widget } from "./widget";

/** A value passed to the function unchanged, with no control. */
export class Fixed<T> {
  constructor(readonly value: T) {}
}
/** Marks an argument as fixed (no control). */
export function fixed<T>(value: T): Fixed<T> {
  return new Fixed(value);
}

type ValueWidget = AnyWidget & { value: unknown; observe: Widget<{ value: unknown }>["observe"] };

/** What can stand for a control. */
export type ControlAbbreviation =
  | ValueWidget
  | boolean
  | string
  | number
  | readonly [number, number]
  | readonly [number, number, number]
  | readonly unknown[]
  | ReadonlyMap<string, unknown>
  | Fixed<unknown>;

/** The value type a control abbreviation yields. */
export type ValueOf<X> = X extends Fixed<infer T>
  ? T
  : X extends { readonly value: infer V; readonly modelId: string }
    ? V
    : X extends boolean
      ? boolean
      : X extends string
        ? string
        : X extends number
          ? number
          : X extends readonly [number, number] | readonly [number, number, number]
            ? number
            : X extends ReadonlyMap<string, infer V>
              ? V
              : X extends readonly (infer T)[]
                ? T extends readonly [string, infer V]
                  ? V
                  : T
                : never;

export type ValuesOf<A> = { [K in keyof A]: ValueOf<A[K]> };

export interface InteractOptions {
  /** Add a "Run" button and call `fn` only when it is clicked (default false: on every change). */
  manual?: boolean;
  /** Label of the run button (default "Run Interact"). */
  manualName?: string;
}

function isInt(x: number): boolean {
  return Number.isInteger(x);
}

/** The widget for one abbreviation, labelled with the argument name. */
export function widgetFromAbbreviation(name: string, abbrev: ControlAbbreviation): ValueWidget | Fixed<unknown> {
  if (abbrev instanceof Fixed) return abbrev;
  if (abbrev !== null && typeof abbrev === "object" && "modelId" in abbrev && "value" in abbrev) return abbrev as ValueWidget;
  if (typeof abbrev === "boolean") return new Checkbox({ value: abbrev, description: name }) as unknown as ValueWidget;
  if (typeof abbrev === "string") return new Text({ value: abbrev, description: name }) as unknown as ValueWidget;
  if (typeof abbrev === "number") {
    const v = abbrev;
    const [min, max] = v > 0 ? [-v, 3 * v] : v < 0 ? [3 * v, -v] : [0, 1];
    return (isInt(v) ? new IntSlider({ value: v, min, max, description: name }) : new FloatSlider({ value: v, min, max, description: name })) as unknown as ValueWidget;
  }
  if (Array.isArray(abbrev) && (abbrev.length === 2 || abbrev.length === 3) && abbrev.every((x) => typeof x === "number")) {
    const [min, max, step] = abbrev as number[];
    if (min! > max!) throw new KernelApiError("INVALID_ARGUMENT", `interact: range for "${name}" has min ${min} > max ${max}`, { key: name });
    if ([min!, max!, step ?? 1].every(isInt)) {
      const s = step ?? 1;
      const value = min! + Math.round((max! - min!) / 2 / s) * s;
      return new IntSlider({ min, max, step: s, value, description: name }) as unknown as ValueWidget;
    }
    const s = step ?? 0.1;
    return new FloatSlider({ min, max, step: s, value: min! + Math.round((max! - min!) / 2 / s) * s, description: name }) as unknown as ValueWidget;
  }
  if (Array.isArray(abbrev) || abbrev instanceof Map) {
    return new Dropdown({ options: abbrev as never, description: name }) as unknown as ValueWidget;
  }
  throw new KernelApiError("INVALID_ARGUMENT", `interact: cannot make a control for "${name}" from ${String(abbrev)}`, {
    key: name,
    hint: "use a widget, a boolean, a string, a number, [min, max(, step)], a list of options or fixed(x)",
  });
}

/** The controls, output and state of an interactive function. */
export class Interactive<A extends Record<string, ControlAbbreviation>> {
  /** Controls by argument name (fixed arguments have none). */
  readonly controls: Partial<Record<keyof A, ValueWidget>>;
  readonly output = new Output();
  /** The container: the controls, the run button (manual mode), then the output. */
  readonly widget: VBox;
  /** What the last call returned (a promise's value once settled). */
  result: unknown;
  readonly #fixed: Partial<Record<keyof A, unknown>> = {};

  constructor(
    readonly fn: (values: ValuesOf<A>) => unknown,
    abbreviations: A,
    options: InteractOptions = {},
  ) {
    const controls: Partial<Record<keyof A, ValueWidget>> = {};
    for (const name of Object.keys(abbreviations) as (keyof A & string)[]) {
      const w = widgetFromAbbreviation(name, abbreviations[name]!);
      if (w instanceof Fixed) this.#fixed[name] = w.value;
      else controls[name] = w;
    }
    this.controls = controls;
    const children: AnyWidget[] = Object.values(controls) as AnyWidget[];
    if (options.manual) {
      const run = new Button({ description: options.manualName ?? "Run Interact" });
      run.onClick(() => void this.update());
      children.push(run);
    } else {
      for (const w of Object.values(controls) as ValueWidget[]) w.observe(() => void this.update(), "value");
    }
    children.push(this.output);
    this.widget = new VBox(children);
    this.widget.addClass("widget-interact");
  }

  /** The current argument values. */
  get values(): ValuesOf<A> {
    const v: Record<string, unknown> = { ...this.#fixed };
    for (const [k, w] of Object.entries(this.controls)) v[k] = (w as ValueWidget).value;
    return v as ValuesOf<A>;
  }

  /**
   * Calls `fn` with the current values, its outputs captured into the Output (cleared first, when
   * the next output arrives). A value it returns (or resolves to), other than undefined, is
   * displayed; an error it throws is printed into the Output, as ipywidgets shows it there.
   */
  update(): unknown {
    const report = (e: unknown): undefined => {
      process.stderr.write((e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e)) + "\n");
      return undefined;
    };
    return this.output.capture(() => {
      this.output.clear(true);
      let r: unknown;
      try {
        r = this.fn(this.values);
      } catch (e) {
        return report(e);
      }
      if (r instanceof Promise) {
        return r.then((v: unknown) => {
          this.result = v;
          if (v !== undefined) display(v);
          return v;
        }, report);
      }
      this.result = r;
      if (r !== undefined) display(r);
      return r;
    });
  }

  _repr_mimebundle_(): Record<string, unknown> {
    return this.widget._repr_mimebundle_();
  }
}

/** Builds the controls and output of `fn` without displaying them (ipywidgets' `interactive`). */
export function interactive<A extends Record<string, ControlAbbreviation>>(fn: (values: ValuesOf<A>) => unknown, controls: A, options: InteractOptions = {}): Interactive<A> {
  const it = new Interactive(fn, controls, options);
  if (!options.manual) void it.update();
  return it;
}

/** Builds the controls and output of `fn`, displays them, and runs `fn` once. */
export function interact<A extends Record<string, ControlAbbreviation>>(fn: (values: ValuesOf<A>) => unknown, controls: A, options: InteractOptions = {}): Interactive<A> {
  const it = new Interactive(fn, controls, options);
  display(it.widget);
  if (!options.manual) void it.update();
  return it;
}
