/**
 * Widgets with a view in the page: `DOMWidget` (layout, CSS classes, tooltip), the `Layout` model
 * every one of them references, and the style models of the controls.
 *
 * Like ipywidgets 8, each DOM widget owns a `Layout` widget (`@jupyter-widgets/base` 2.0.0
 * `LayoutModel`, CSS properties, all null by default) and each control owns a style widget
 * (`@jupyter-widgets/controls` 2.0.0 `SliderStyleModel`, `DescriptionStyleModel`, …, viewed by the
 * base `StyleView`); the parent's state references them as `"IPY_MODEL_<id>"`. Passing a plain
 * object as `layout` or `style` creates the model with those values.
 */
import type { ModelSpec, Serializers, TraitConfig } from "./widget";
import { Widget, defineTraitAccessors, type TraitAccessors } from "./widget";
import { widget } from "./serializers";

/** The traits of a widget type (its state interface). */
export type TraitsOf<W> = W extends Widget<infer T> ? T : never;
/** The traits a user may pass: the public ones, each optional. */
export type PublicTraits<S> = { [K in keyof S as K extends `_${string}` ? never : K]: S[K] };

const BASE = "@jupyter-widgets/base";

// ---------------------------------------------------------------------------------------------
// Layout

/** CSS properties of `LayoutModel` (@jupyter-widgets/base 2.0.0); null leaves the default. */
export interface LayoutTraits {
  align_content: string | null;
  align_items: string | null;
  align_self: string | null;
  border_bottom: string | null;
  border_left: string | null;
  border_right: string | null;
  border_top: string | null;
  bottom: string | null;
  display: string | null;
  flex: string | null;
  flex_flow: string | null;
  grid_area: string | null;
  grid_auto_columns: string | null;
  grid_auto_flow: string | null;
  grid_auto_rows: string | null;
  grid_column: string | null;
  grid_gap: string | null;
  grid_row: string | null;
  grid_template_areas: string | null;
  grid_template_columns: string | null;
  grid_template_rows: string | null;
  height: string | null;
  justify_content: string | null;
  justify_items: string | null;
  left: string | null;
  margin: string | null;
  max_height: string | null;
  max_width: string | null;
  min_height: string | null;
  min_width: string | null;
  object_fit: string | null;
  object_position: string | null;
  order: string | null;
  overflow: string | null;
  padding: string | null;
  right: string | null;
  top: string | null;
  visibility: string | null;
  width: string | null;
}

const LAYOUT_KEYS: readonly (keyof LayoutTraits)[] = [
  "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top", "bottom",
  "display", "flex", "flex_flow", "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows", "grid_column",
  "grid_gap", "grid_row", "grid_template_areas", "grid_template_columns", "grid_template_rows", "height",
  "justify_content", "justify_items", "left", "margin", "max_height", "max_width", "min_height", "min_width",
  "object_fit", "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
];

export interface Layout extends TraitAccessors<LayoutTraits> {}
/** CSS layout of a DOM widget (`LayoutModel` / `LayoutView`, @jupyter-widgets/base 2.0.0). */
export class Layout extends Widget<LayoutTraits> {
  static readonly spec: ModelSpec = {
    modelName: "LayoutModel",
    modelModule: BASE,
    modelModuleVersion: "2.0.0",
    viewName: "LayoutView",
    viewModule: BASE,
    viewModuleVersion: "2.0.0",
  };
  constructor(options: Partial<LayoutTraits> = {}) {
    const defaults = Object.fromEntries(LAYOUT_KEYS.map((k) => [k, null])) as unknown as LayoutTraits;
    super(Layout.spec, defaults, options);
  }
}
defineTraitAccessors(Layout, LAYOUT_KEYS);

// ---------------------------------------------------------------------------------------------
// Styles

function styleSpec(modelName: string): ModelSpec {
  return {
    modelName,
    modelModule: "@jupyter-widgets/controls",
    modelModuleVersion: "2.0.0",
    viewName: "StyleView",
    viewModule: BASE,
    viewModuleVersion: "2.0.0",
  };
}

/** A style model: state only, viewed by the base `StyleView` of its owner. */
export abstract class Style<S extends object> extends Widget<S> {}

/** Defines a style class from its model name and default traits. */
function styleClass<S extends object>(modelName: string, defaults: S) {
  const spec = styleSpec(modelName);
  const cls = class extends Style<S> {
    static readonly spec = spec;
    constructor(options: Partial<S> = {}) {
      super(spec, { ...defaults }, options);
    }
  };
  defineTraitAccessors(cls, Object.keys(defaults));
  return cls as unknown as { new (options?: Partial<S>): Style<S> & TraitAccessors<S>; readonly spec: ModelSpec };
}

export interface DescriptionStyleTraits {
  description_width: string;
}
export interface SliderStyleTraits extends DescriptionStyleTraits {
  handle_color: string | null;
}
export interface ProgressStyleTraits extends DescriptionStyleTraits {
  bar_color: string | null;
}
export interface CheckboxStyleTraits extends DescriptionStyleTraits {
  background: string | null;
}
export interface TextStyleTraits extends DescriptionStyleTraits {
  background: string | null;
  font_size: string | null;
  text_color: string | null;
}
export type HTMLStyleTraits = TextStyleTraits;
export interface LabelStyleTraits extends TextStyleTraits {
  font_family: string | null;
  font_style: string | null;
  font_variant: string | null;
  font_weight: string | null;
  text_decoration: string | null;
}
export interface ButtonStyleTraits {
  button_color: string | null;
  font_family: string | null;
  font_size: string | null;
  font_style: string | null;
  font_variant: string | null;
  font_weight: string | null;
  text_color: string | null;
  text_decoration: string | null;
}

const text = { background: null, description_width: "", font_size: null, text_color: null };
const font = { font_family: null, font_style: null, font_variant: null, font_weight: null, text_decoration: null };

/** `DescriptionStyleModel`: width of the description label. */
export const DescriptionStyle = styleClass<DescriptionStyleTraits>("DescriptionStyleModel", { description_width: "" });
export type DescriptionStyle = InstanceType<typeof DescriptionStyle>;
/** `SliderStyleModel`: description width and handle colour. */
export const SliderStyle = styleClass<SliderStyleTraits>("SliderStyleModel", { description_width: "", handle_color: null });
export type SliderStyle = InstanceType<typeof SliderStyle>;
/** `ProgressStyleModel`: description width and bar colour. */
export const ProgressStyle = styleClass<ProgressStyleTraits>("ProgressStyleModel", { bar_color: null, description_width: "" });
export type ProgressStyle = InstanceType<typeof ProgressStyle>;
/** `CheckboxStyleModel`. */
export const CheckboxStyle = styleClass<CheckboxStyleTraits>("CheckboxStyleModel", { background: null, description_width: "" });
export type CheckboxStyle = InstanceType<typeof CheckboxStyle>;
/** `TextStyleModel`. */
export const TextStyle = styleClass<TextStyleTraits>("TextStyleModel", { ...text });
export type TextStyle = InstanceType<typeof TextStyle>;
/** `HTMLStyleModel`. */
export const HTMLStyle = styleClass<HTMLStyleTraits>("HTMLStyleModel", { ...text });
export type HTMLStyle = InstanceType<typeof HTMLStyle>;
/** `LabelStyleModel`. */
export const LabelStyle = styleClass<LabelStyleTraits>("LabelStyleModel", { ...text, ...font });
export type LabelStyle = InstanceType<typeof LabelStyle>;
/** `ButtonStyleModel`. */
export const ButtonStyle = styleClass<ButtonStyleTraits>("ButtonStyleModel", { button_color: null, font_size: null, text_color: null, ...font });
export type ButtonStyle = InstanceType<typeof ButtonStyle>;

// ---------------------------------------------------------------------------------------------
// DOMWidget

/** Traits every DOM widget has (`DOMWidgetModel`, @jupyter-widgets/base 2.0.0). */
export interface DOMWidgetTraits {
  _dom_classes: string[];
  layout: Layout;
  tabbable: boolean | null;
  tooltip: string | null;
}

/** Constructor options of a DOM widget: its public traits; `layout`/`style` as a model or values. */
export type DOMWidgetOptions<S> = Partial<Omit<PublicTraits<S>, "layout" | "style">> & {
  layout?: Layout | Partial<LayoutTraits>;
} & (S extends { style: infer St } ? { style?: St | Partial<TraitsOf<St>> } : unknown);

function isWidget(x: unknown): x is Widget<object> {
  return x instanceof Widget || (typeof x === "object" && x !== null && typeof (x as { modelId?: unknown }).modelId === "string" && typeof (x as { serializedState?: unknown }).serializedState === "function");
}

/**
 * A widget rendered in the page. `defaults` holds the class's own traits; the DOM traits, the
 * layout and (with `style`) the style model are added here.
 */
export abstract class DOMWidget<S extends DOMWidgetTraits> extends Widget<S> {
  protected constructor(
    spec: ModelSpec,
    defaults: Omit<S, keyof DOMWidgetTraits | "style">,
    options: DOMWidgetOptions<S>,
    config: TraitConfig<S> & { style?: new (o?: never) => unknown } = {},
  ) {
    const { layout, style, ...rest } = options as { layout?: unknown; style?: unknown } & Record<string, unknown>;
    const full: Record<string, unknown> = { _dom_classes: [], layout: null, tabbable: null, tooltip: null, ...defaults };
    full.layout = isWidget(layout) ? layout : new Layout((layout ?? {}) as Partial<LayoutTraits>);
    const serializers: Record<string, unknown> = { layout: widget(), ...(config.serializers ?? {}) };
    if (config.style) {
      full.style = isWidget(style) ? style : new config.style((style ?? {}) as never);
      serializers.style = widget();
    }
    super(spec, full as unknown as S, rest as unknown as Partial<S>, { ...config, serializers: serializers as Serializers<S> });
  }

  /** Adds a CSS class to every view. */
  addClass(className: string): this {
    const classes = this.get("_dom_classes");
    if (!classes.includes(className)) this.set({ _dom_classes: [...classes, className] } as Partial<S>);
    return this;
  }

  /** Removes a CSS class from every view. */
  removeClass(className: string): this {
    const classes = this.get("_dom_classes");
    if (classes.includes(className)) this.set({ _dom_classes: classes.filter((c) => c !== className) } as Partial<S>);
    return this;
  }
}

/** Traits of the controls with a description label (`DescriptionModel`). */
export interface DescriptionTraits<St> extends DOMWidgetTraits {
  description: string;
  description_allow_html: boolean;
  style: St;
}

/** The accessor names of the DOM traits (for `defineTraitAccessors`). */
export const DOM_ACCESSORS = ["layout", "tabbable", "tooltip"] as const;
/** The accessor names of the description traits. */
export const DESCRIPTION_ACCESSORS = [...DOM_ACCESSORS, "description", "description_allow_html", "style"] as const;
