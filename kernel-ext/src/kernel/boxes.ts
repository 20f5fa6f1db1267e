/**
 * Containers of @jupyter-widgets/controls 2.0.0: `HBox`, `VBox`, `Tab` and `Accordion`.
 * `children` are widgets, sent as `"IPY_MODEL_<id>"` references. As in ipywidgets 8.1, `titles` of
 * a Tab/Accordion are padded with "" to the number of children, a `selected_index` out of bounds is
 * an error, and a Tab with children selects its first page unless told otherwise.
 */
import { DOM_ACCESSORS, DOMWidget, type DOMWidgetOptions, type DOMWidgetTraits } from "./domWidget";
import { KernelApiError } from "./errors";
import { widgetList } from "./serializers";
import { controlsSpec, defineTraitAccessors, type AnyWidget, type ModelSpec, type TraitAccessors } from "./widget";

/** Traits of `BoxModel` and its subclasses. */
export interface BoxTraits extends DOMWidgetTraits {
  box_style: "success" | "info" | "warning" | "danger" | "";
  children: AnyWidget[];
}

function checkChildren(cls: string, children: unknown): void {
  if (!Array.isArray(children)) throw new KernelApiError("INVALID_ARGUMENT", `${cls}.children must be a list of widgets`, { key: "children" });
  children.forEach((c: unknown, i) => {
    if (c === null || typeof c !== "object" || typeof (c as { modelId?: unknown }).modelId !== "string") {
      throw new KernelApiError("INVALID_ARGUMENT", `${cls}.children[${i}] is not a widget`, { key: "children" });
    }
  });
}

abstract class BoxBase<S extends BoxTraits> extends DOMWidget<S> {
  protected constructor(spec: ModelSpec, extra: Omit<S, keyof BoxTraits>, children: readonly AnyWidget[], options: DOMWidgetOptions<S>) {
    super(spec, { box_style: "", children: [], ...extra } as unknown as Omit<S, keyof DOMWidgetTraits | "style">, { ...options, children: [...children] } as DOMWidgetOptions<S>, {
      serializers: { children: widgetList() } as never,
    });
  }
  protected override coerce(s: S, _assigned?: ReadonlySet<keyof S>): void {
    checkChildren(this.constructor.name, s.children);
  }
}

export interface HBox extends TraitAccessors<BoxTraits> {}
/** Children side by side (`HBoxModel` / `HBoxView`). */
export class HBox extends BoxBase<BoxTraits> {
  static readonly spec = controlsSpec("HBoxModel", "HBoxView");
  constructor(children: readonly AnyWidget[] = [], options: DOMWidgetOptions<BoxTraits> = {}) {
    super(HBox.spec, {}, children, options);
  }
}
defineTraitAccessors(HBox, [...DOM_ACCESSORS, "box_style", "children"]);

export interface VBox extends TraitAccessors<BoxTraits> {}
/** Children stacked vertically (`VBoxModel` / `VBoxView`). */
export class VBox extends BoxBase<BoxTraits> {
  static readonly spec = controlsSpec("VBoxModel", "VBoxView");
  constructor(children: readonly AnyWidget[] = [], options: DOMWidgetOptions<BoxTraits> = {}) {
    super(VBox.spec, {}, children, options);
  }
}
defineTraitAccessors(VBox, [...DOM_ACCESSORS, "box_style", "children"]);

/** Traits of the selection containers (`TabModel`, `AccordionModel`). */
export interface SelectionContainerTraits extends BoxTraits {
  selected_index: number | null;
  titles: string[];
}

function coerceContainer(cls: string, s: SelectionContainerTraits, tab: boolean, assigned: ReadonlySet<keyof SelectionContainerTraits>): void {
  checkChildren(cls, s.children);
  const n = s.children.length;
  const titles = [...s.titles].slice(0, Math.max(n, s.titles.length));
  while (titles.length < n) titles.push("");
  s.titles = titles.map(String);
  if (tab && !assigned.has("selected_index")) {
    // ipywidgets' Tab._reset_selected_index: none without pages, else keep a valid one, else the last.
    if (n === 0) s.selected_index = null;
    else if (s.selected_index === null) s.selected_index = 0;
    else if (s.selected_index >= n) s.selected_index = n - 1;
  } else if (!tab && !assigned.has("selected_index") && s.selected_index !== null && s.selected_index >= n) {
    s.selected_index = null;
  }
  const i = s.selected_index;
  if (i !== null && (!Number.isInteger(i) || i < 0 || i >= n)) {
    throw new KernelApiError("INVALID_ARGUMENT", `${cls}: selected_index ${i} is out of bounds for ${n} children`, { key: "selected_index" });
  }
}

export interface Tab extends TraitAccessors<SelectionContainerTraits> {}
/** Children as tabbed pages (`TabModel` / `TabView`). */
export class Tab extends BoxBase<SelectionContainerTraits> {
  static readonly spec = controlsSpec("TabModel", "TabView");
  constructor(children: readonly AnyWidget[] = [], options: DOMWidgetOptions<SelectionContainerTraits> = {}) {
    super(Tab.spec, { selected_index: null, titles: [] }, children, options);
  }
  protected override coerce(s: SelectionContainerTraits, assigned: ReadonlySet<keyof SelectionContainerTraits>): void {
    coerceContainer("Tab", s, true, assigned);
  }
  /** Sets the title of page `index`. */
  setTitle(index: number, title: string): this {
    const titles = [...this.get("titles")];
    titles[index] = title;
    this.set({ titles });
    return this;
  }
}
defineTraitAccessors(Tab, [...DOM_ACCESSORS, "box_style", "children", "selected_index", "titles"]);

export interface Accordion extends TraitAccessors<SelectionContainerTraits> {}
/** Children as collapsible sections (`AccordionModel` / `AccordionView`); none open by default. */
export class Accordion extends BoxBase<SelectionContainerTraits> {
  static readonly spec = controlsSpec("AccordionModel", "AccordionView");
  constructor(children: readonly AnyWidget[] = [], options: DOMWidgetOptions<SelectionContainerTraits> = {}) {
    super(Accordion.spec, { selected_index: null, titles: [] }, children, options);
  }
  protected override coerce(s: SelectionContainerTraits, assigned: ReadonlySet<keyof SelectionContainerTraits>): void {
    coerceContainer("Accordion", s, false, assigned);
  }
  /** Sets the title of section `index`. */
  setTitle(index: number, title: string): this {
    const titles = [...this.get("titles")];
    titles[index] = title;
    this.set({ titles });
    return this;
  }
}
defineTraitAccessors(Accordion, [...DOM_ACCESSORS, "box_style", "children", "selected_index", "titles"]);
