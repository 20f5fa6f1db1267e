/**
 * Simple controls of @jupyter-widgets/controls 2.0.0: `Button`, `Checkbox`, `Text`, `Label`,
 * `HTML` and `Image`, with the traits and defaults of ipywidgets 8.1.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import {
  ButtonStyle,
  CheckboxStyle,
  DESCRIPTION_ACCESSORS,
  DOM_ACCESSORS,
  DOMWidget,
  HTMLStyle,
  LabelStyle,
  TextStyle,
  type DOMWidgetOptions,
  type DOMWidgetTraits,
  type DescriptionTraits,
} from "./domWidget";
import { KernelApiError } from "./errors";
import { bytes } from "./serializers";
import { controlsSpec, defineTraitAccessors, type TraitAccessors } from "./widget";

/** Traits of `ButtonModel`. */
export interface ButtonTraits extends DOMWidgetTraits {
  button_style: "primary" | "success" | "info" | "warning" | "danger" | "";
  description: string;
  disabled: boolean;
  icon: string;
  style: ButtonStyle;
}
export interface Button extends TraitAccessors<ButtonTraits> {}
/**
 * A push button (`ButtonModel` / `ButtonView`). The frontend reports a click as the custom message
 * `{ event: "click" }`; handlers registered with {@link Button.onClick} then run in the kernel.
 */
export class Button extends DOMWidget<ButtonTraits> {
  static readonly spec = controlsSpec("ButtonModel", "ButtonView");
  readonly #clickHandlers: ((b: Button) => void)[] = [];
  constructor(options: DOMWidgetOptions<ButtonTraits> = {}) {
    super(Button.spec, { button_style: "", description: "", disabled: false, icon: "" }, options, { style: ButtonStyle });
  }
  /** Runs `handler` at every click. */
  onClick(handler: (b: Button) => void): this {
    this.#clickHandlers.push(handler);
    return this;
  }
  /** Removes a click handler. */
  offClick(handler: (b: Button) => void): this {
    const i = this.#clickHandlers.indexOf(handler);
    if (i >= 0) this.#clickHandlers.splice(i, 1);
    return this;
  }
  /** Runs the click handlers as a frontend click does. */
  click(): void {
    for (const h of [...this.#clickHandlers]) h(this);
  }
  protected override handleCustomMessage(content: Record<string, unknown>): void {
    if (content.event === "click") this.click();
  }
}
defineTraitAccessors(Button, [...DOM_ACCESSORS, "button_style", "description", "disabled", "icon", "style"]);

/** Traits of `CheckboxModel`. */
export interface CheckboxTraits extends DescriptionTraits<CheckboxStyle> {
  disabled: boolean;
  indent: boolean;
  value: boolean;
}
export interface Checkbox extends TraitAccessors<CheckboxTraits> {}
/** A check box (`CheckboxModel` / `CheckboxView`). */
export class Checkbox extends DOMWidget<CheckboxTraits> {
  static readonly spec = controlsSpec("CheckboxModel", "CheckboxView");
  constructor(options: DOMWidgetOptions<CheckboxTraits> = {}) {
    super(Checkbox.spec, { description: "", description_allow_html: false, disabled: false, indent: true, value: false }, options, { style: CheckboxStyle });
  }
  protected override coerce(s: CheckboxTraits): void {
    s.value = Boolean(s.value);
  }
}
defineTraitAccessors(Checkbox, [...DESCRIPTION_ACCESSORS, "disabled", "indent", "value"]);

/** ipywidgets' placeholder default: a zero-width space, so an empty label keeps its height. */
const ZERO_WIDTH_SPACE = "\u200b";

/** Traits of `TextModel`. */
export interface TextTraits extends DescriptionTraits<TextStyle> {
  continuous_update: boolean;
  disabled: boolean;
  placeholder: string;
  value: string;
}
export interface Text extends TraitAccessors<TextTraits> {}
/** A one-line text input (`TextModel` / `TextView`). */
export class Text extends DOMWidget<TextTraits> {
  static readonly spec = controlsSpec("TextModel", "TextView");
  constructor(options: DOMWidgetOptions<TextTraits> = {}) {
    super(Text.spec, { continuous_update: true, description: "", description_allow_html: false, disabled: false, placeholder: ZERO_WIDTH_SPACE, value: "" }, options, { style: TextStyle });
  }
  protected override coerce(s: TextTraits): void {
    s.value = String(s.value);
  }
}
defineTraitAccessors(Text, [...DESCRIPTION_ACCESSORS, "continuous_update", "disabled", "placeholder", "value"]);

/** Traits of `LabelModel`. */
export interface LabelTraits extends DescriptionTraits<LabelStyle> {
  placeholder: string;
  value: string;
}
export interface Label extends TraitAccessors<LabelTraits> {}
/** Plain text (`LabelModel` / `LabelView`). */
export class Label extends DOMWidget<LabelTraits> {
  static readonly spec = controlsSpec("LabelModel", "LabelView");
  constructor(options: DOMWidgetOptions<LabelTraits> = {}) {
    super(Label.spec, { description: "", description_allow_html: false, placeholder: ZERO_WIDTH_SPACE, value: "" }, options, { style: LabelStyle });
  }
  protected override coerce(s: LabelTraits): void {
    s.value = String(s.value);
  }
}
defineTraitAccessors(Label, [...DESCRIPTION_ACCESSORS, "placeholder", "value"]);

/** Traits of `HTMLModel`. */
export interface HTMLTraits extends DescriptionTraits<HTMLStyle> {
  placeholder: string;
  value: string;
}
export interface HTML extends TraitAccessors<HTMLTraits> {}
/** An HTML fragment (`HTMLModel` / `HTMLView`); the frontend sanitizes it. */
export class HTML extends DOMWidget<HTMLTraits> {
  static readonly spec = controlsSpec("HTMLModel", "HTMLView");
  constructor(options: DOMWidgetOptions<HTMLTraits> = {}) {
    super(HTML.spec, { description: "", description_allow_html: false, placeholder: ZERO_WIDTH_SPACE, value: "" }, options, { style: HTMLStyle });
  }
  protected override coerce(s: HTMLTraits): void {
    s.value = String(s.value);
  }
}
defineTraitAccessors(HTML, [...DESCRIPTION_ACCESSORS, "placeholder", "value"]);

/** Traits of `ImageModel`: `value` holds the encoded image bytes, sent as one binary buffer. */
export interface ImageTraits extends DOMWidgetTraits {
  format: string;
  height: string;
  width: string;
  value: Uint8Array;
}
export interface Image extends TraitAccessors<ImageTraits> {}
/**
 * An encoded image (PNG, JPEG, GIF, SVG as `svg+xml`, …) shown by the browser (`ImageModel` /
 * `ImageView`). The bytes travel as a binary buffer, never base64.
 */
export class Image extends DOMWidget<ImageTraits> {
  static readonly spec = controlsSpec("ImageModel", "ImageView");
  constructor(options: DOMWidgetOptions<ImageTraits> = {}) {
    super(Image.spec, { format: "png", height: "", width: "", value: new Uint8Array(0) }, options, { serializers: { value: bytes } });
  }
  protected override coerce(s: ImageTraits): void {
    if (!(s.value instanceof Uint8Array)) {
      if (ArrayBuffer.isView(s.value)) {
        const v = s.value as ArrayBufferView;
        s.value = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      } else {
        throw new KernelApiError("INVALID_ARGUMENT", "Image.value must be the encoded image bytes (a Uint8Array)", { key: "value" });
      }
    }
  }
  /** An image widget showing a file; the format comes from the extension (`.jpg` → `jpeg`, `.svg` → `svg+xml`). */
  static fromFile(path: string, options: DOMWidgetOptions<ImageTraits> = {}): Image {
    const ext = extname(path).slice(1).toLowerCase();
    const format = ext === "jpg" ? "jpeg" : ext === "svg" ? "svg+xml" : ext === "tif" ? "tiff" : ext;
    if (format === "") throw new KernelApiError("INVALID_ARGUMENT", `${path}: cannot tell the image format without an extension`, { hint: "pass format explicitly" });
    return new Image({ format, ...options, value: readFileSync(path) });
  }
}
defineTraitAccessors(Image, [...DOM_ACCESSORS, "format", "height", "width", "value"]);
