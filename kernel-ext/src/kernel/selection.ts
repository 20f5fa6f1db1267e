/**
 * Selection controls of @jupyter-widgets/controls 2.0.0: `Dropdown` (one option) and
 * `SelectMultiple` (several).
 *
 * As in ipywidgets 8.1, the frontend sees only the option labels (`_options_labels`) and the
 * selected `index`; the options themselves, the selected `value` and `label` live in the kernel and
 * follow the index. Options are a list of values (labelled by `String(value)`), a list of
 * `[label, value]` pairs, or a `Map`/object from label to value. Values are matched with
 * `Object.is` unless an `equals` predicate is given.
 */
import { DESCRIPTION_ACCESSORS, DOMWidget, DescriptionStyle, type DOMWidgetOptions, type DescriptionTraits } from "./domWidget";
import { KernelApiError } from "./errors";
import { controlsSpec, defineTraitAccessors, type TraitAccessors } from "./widget";

/** Options of a selection widget. */
export type SelectionOptions<T> = readonly (T | readonly [string, T])[] | ReadonlyMap<string, T> | Readonly<Record<string, T>>;

interface Normalised<T> {
  labels: string[];
  values: T[];
}

function isPair(x: unknown): x is readonly [string, unknown] {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === "string";
}

/** Labels and values of an options argument (ipywidgets' `_make_options`). */
function normalise<T>(cls: string, options: SelectionOptions<T>): Normalised<T> {
  const labels: string[] = [];
  const values: T[] = [];
  if (options instanceof Map) {
    for (const [l, v] of options) {
      labels.push(String(l));
      values.push(v as T);
    }
  } else if (Array.isArray(options)) {
    for (const o of options as readonly unknown[]) {
      if (isPair(o)) {
        labels.push(o[0]);
        values.push(o[1] as T);
      } else {
        labels.push(String(o));
        values.push(o as T);
      }
    }
  } else if (options !== null && typeof options === "object") {
    for (const [l, v] of Object.entries(options)) {
      labels.push(l);
      values.push(v as T);
    }
  } else {
    throw new KernelApiError("INVALID_ARGUMENT", `${cls}.options must be a list, a list of [label, value] pairs or a map, got ${String(options)}`, { key: "options" });
  }
  return { labels, values };
}

/** Traits of `DropdownModel` plus the kernel-side `options`, `value` and `label`. */
export interface DropdownTraits<T> extends DescriptionTraits<DescriptionStyle> {
  _options_labels: string[];
  disabled: boolean;
  index: number | null;
  options: SelectionOptions<T>;
  value: T | null;
  label: string | null;
}

/**
 * The `equals` predicate of the selection widget being constructed: `coerce` runs inside the base
 * constructor, before the subclass's own fields exist (construction is synchronous, so one slot
 * suffices).
 */
let constructingEquals: ((a: never, b: never) => boolean) | undefined;

const DROPDOWN_SYNCED = ["_dom_classes", "layout", "tabbable", "tooltip", "description", "description_allow_html", "style", "_options_labels", "disabled", "index"] as const;

export interface Dropdown<T = unknown> extends TraitAccessors<DropdownTraits<T>> {}
/** Choose one option from a list (`DropdownModel` / `DropdownView`); selects the first by default. */
export class Dropdown<T = unknown> extends DOMWidget<DropdownTraits<T>> {
  static readonly spec = controlsSpec("DropdownModel", "DropdownView");
  /** Predicate used to find a value among the options. */
  readonly equals: (a: T, b: T) => boolean;

  constructor(options: DOMWidgetOptions<DropdownTraits<T>> & { equals?: (a: T, b: T) => boolean } = {}) {
    const { equals, ...rest } = options;
    const init = { ...rest } as Partial<DropdownTraits<T>>;
    const { labels } = normalise<T>("Dropdown", init.options ?? []);
    if (init.index === undefined && init.value === undefined && init.label === undefined) init.index = labels.length > 0 ? 0 : null;
    constructingEquals = equals as typeof constructingEquals;
    super(
      Dropdown.spec,
      { _options_labels: [], description: "", description_allow_html: false, disabled: false, index: null, options: [], value: null, label: null },
      init as DOMWidgetOptions<DropdownTraits<T>>,
      { style: DescriptionStyle, synced: DROPDOWN_SYNCED },
    );
    constructingEquals = undefined;
    this.equals = equals ?? Object.is;
  }

  protected override coerce(s: DropdownTraits<T>, assigned: ReadonlySet<keyof DropdownTraits<T>>): void {
    const { labels, values } = normalise<T>("Dropdown", s.options);
    s._options_labels = labels;
    const eq = this.equals ?? (constructingEquals as ((a: T, b: T) => boolean) | undefined) ?? Object.is;
    let index = s.index;
    if (assigned.has("value")) {
      index = s.value === null ? null : values.findIndex((v) => eq(v, s.value as T));
      if (index === -1) throw new KernelApiError("INVALID_ARGUMENT", `Dropdown: value ${String(s.value)} is not among the options`, { key: "value", hint: `labels: ${labels.join(", ")}` });
    } else if (assigned.has("label")) {
      index = s.label === null ? null : labels.indexOf(s.label);
      if (index === -1) throw new KernelApiError("INVALID_ARGUMENT", `Dropdown: label ${JSON.stringify(s.label)} is not among the options`, { key: "label", hint: `labels: ${labels.join(", ")}` });
    } else if (assigned.has("options") && !assigned.has("index")) {
      index = index === null ? null : labels.length > 0 ? 0 : null;
    }
    if (index !== null && (!Number.isInteger(index) || index < 0 || index >= labels.length)) {
      throw new KernelApiError("INVALID_ARGUMENT", `Dropdown: index ${index} is out of bounds for ${labels.length} options`, { key: "index" });
    }
    s.index = index;
    s.label = index === null ? null : labels[index]!;
    s.value = index === null ? null : values[index]!;
  }

  /** The option values, in order. */
  get optionValues(): readonly T[] {
    return normalise<T>("Dropdown", this.get("options")).values;
  }
}
defineTraitAccessors(Dropdown, [...DESCRIPTION_ACCESSORS, "disabled", "index", "options", "value", "label"]);

/** Traits of `SelectMultipleModel` plus the kernel-side `options`, `value` and `label`. */
export interface SelectMultipleTraits<T> extends DescriptionTraits<DescriptionStyle> {
  _options_labels: string[];
  disabled: boolean;
  index: number[];
  rows: number;
  options: SelectionOptions<T>;
  value: T[];
  label: string[];
}

export interface SelectMultiple<T = unknown> extends TraitAccessors<SelectMultipleTraits<T>> {}
/** Choose any number of options from a list box (`SelectMultipleModel` / `SelectMultipleView`). */
export class SelectMultiple<T = unknown> extends DOMWidget<SelectMultipleTraits<T>> {
  static readonly spec = controlsSpec("SelectMultipleModel", "SelectMultipleView");
  readonly equals: (a: T, b: T) => boolean;

  constructor(options: DOMWidgetOptions<SelectMultipleTraits<T>> & { equals?: (a: T, b: T) => boolean } = {}) {
    const { equals, ...rest } = options;
    constructingEquals = equals as typeof constructingEquals;
    super(
      SelectMultiple.spec,
      { _options_labels: [], description: "", description_allow_html: false, disabled: false, index: [], rows: 5, options: [], value: [], label: [] },
      rest as DOMWidgetOptions<SelectMultipleTraits<T>>,
      { style: DescriptionStyle, synced: [...DROPDOWN_SYNCED, "rows"] },
    );
    constructingEquals = undefined;
    this.equals = equals ?? Object.is;
  }

  protected override coerce(s: SelectMultipleTraits<T>, assigned: ReadonlySet<keyof SelectMultipleTraits<T>>): void {
    const { labels, values } = normalise<T>("SelectMultiple", s.options);
    s._options_labels = labels;
    const eq = this.equals ?? (constructingEquals as ((a: T, b: T) => boolean) | undefined) ?? Object.is;
    let index: number[];
    if (assigned.has("value")) {
      index = [...s.value].map((x) => {
        const i = values.findIndex((v) => eq(v, x));
        if (i < 0) throw new KernelApiError("INVALID_ARGUMENT", `SelectMultiple: value ${String(x)} is not among the options`, { key: "value", hint: `labels: ${labels.join(", ")}` });
        return i;
      });
    } else if (assigned.has("label")) {
      index = [...s.label].map((l) => {
        const i = labels.indexOf(l);
        if (i < 0) throw new KernelApiError("INVALID_ARGUMENT", `SelectMultiple: label ${JSON.stringify(l)} is not among the options`, { key: "label" });
        return i;
      });
    } else if (assigned.has("options") && !assigned.has("index")) {
      index = [];
    } else {
      index = [...s.index];
    }
    for (const i of index) {
      if (!Number.isInteger(i) || i < 0 || i >= labels.length) {
        throw new KernelApiError("INVALID_ARGUMENT", `SelectMultiple: index ${i} is out of bounds for ${labels.length} options`, { key: "index" });
      }
    }
    s.index = index;
    s.label = index.map((i) => labels[i]!);
    s.value = index.map((i) => values[i]!);
    s.rows = Math.trunc(s.rows);
  }
}
defineTraitAccessors(SelectMultiple, [...DESCRIPTION_ACCESSORS, "disabled", "index", "rows", "options", "value", "label"]);
