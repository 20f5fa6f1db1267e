/**
 * `radiogx/kernel`: the kernel-side API for notebooks run by the radiogx kernel.
 *
 *     import { IntSlider, Image, HBox, display, interact, progress } from "radiogx/kernel";
 *
 * Widgets speak the Jupyter widget protocol 2.1.0 with the model names and versions of
 * @jupyter-widgets/controls 2.0.0, so they render in any JupyterLab with `jupyterlab_widgets`, and
 * their state is saved by nbclient/nbconvert. `display` shows any value richly (danfo tables,
 * Vega-Lite charts, MIME bundles); `progress` reports long loops in place.
 *
 * This module is CommonJS and loads with `require()`, as tslab compiles cells to CommonJS. It talks
 * to the kernel through the bridge on the process global (see `bridge.ts`), so any copy of it works;
 * outside a kernel widgets work locally and `display` prints text.
 */
export { Widget, WIDGET_PROTOCOL_VERSION, WIDGET_VIEW_MIME, controlsSpec, defineTraitAccessors } from "./widget";
export type { AnyWidget, ChangeEvent, CustomMessageHandler, ModelSpec, Serializers, TraitAccessors, TraitConfig } from "./widget";
export {
  DOMWidget,
  Layout,
  Style,
  ButtonStyle,
  CheckboxStyle,
  DescriptionStyle,
  HTMLStyle,
  LabelStyle,
  ProgressStyle,
  SliderStyle,
  TextStyle,
} from "./domWidget";
export type { DOMWidgetOptions, DOMWidgetTraits, DescriptionTraits, LayoutTraits, PublicTraits, TraitsOf } from "./domWidget";
export { IntSlider, FloatSlider, IntRangeSlider, Play, IntProgress } from "./sliders";
export type { IntSliderTraits, FloatSliderTraits, IntRangeSliderTraits, PlayTraits, IntProgressTraits } from "./sliders";
export { Dropdown, SelectMultiple } from "./selection";
export type { DropdownTraits, SelectMultipleTraits, SelectionOptions } from "./selection";
export { Button, Checkbox, Text, Label, HTML, Image } from "./controls";
export type { ButtonTraits, CheckboxTraits, TextTraits, LabelTraits, HTMLTraits, ImageTraits } from "./controls";
export { Output } from "./output";
export type { OutputItem, OutputTraits } from "./output";
export { HBox, VBox, Tab, Accordion } from "./boxes";
export type { BoxTraits, SelectionContainerTraits } from "./boxes";
export { jslink, jsdlink, link, Link, DirectionalLink } from "./links";
export type { TraitRef } from "./links";
export { interact, interactive, fixed, Fixed, Interactive } from "./interact";
export type { ControlAbbreviation, InteractOptions, ValueOf, ValuesOf } from "./interact";
export { display, clearOutput, DisplayHandle } from "./display";
export type { DisplayCallOptions } from "./display";
export { Progress, progress, progressAsync, formatDuration } from "./progress";
export type { ProgressOptions, ProgressState } from "./progress";
export * as serializers from "./serializers";
export type { NDArray, Serializer, TypedArray, DType } from "./serializers";
export { removeBuffers, putBuffers } from "./buffers";
export { getBridge } from "./bridge";
export type { CommHandle, CommMessage, KernelBridge, MimeBundle, SerializedState } from "./bridge";
export { KernelApiError } from "./errors";
export { toMimeBundle } from "../display/mimebundle";
export type { MimeOutput } from "../display/mimebundle";
// The radiogx widgets (SliceViewer, CorrelationMap, ROCExplorer, KaplanMeierExplorer), whose views
// are the @radiogx/widgets JupyterLab extension; their kernel classes live in kernel-ext/src/widgets.
export * from "../widgets";
