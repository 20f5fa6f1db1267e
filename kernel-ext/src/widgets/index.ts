/**
 * Kernel-side classes of the radiogx widgets (frontend: the `@radiogx/widgets` JupyterLab extension).
 * Re-exported by `radiogx/kernel`.
 */
export { SliceViewer } from "./sliceViewer";
export type { SliceViewerOptions, SliceViewerTraits, VolumeLike, Plane, WindowPreset } from "./sliceViewer";
export { CorrelationMap } from "./correlationMap";
export type { CorrelationMapData, CorrelationMapOptions, CorrelationMapTraits, CorrelationResultLike, SelectedPair, ValuesByName } from "./correlationMap";
export { ROCExplorer } from "./rocExplorer";
export type { ROCExplorerOptions, ROCExplorerTraits, RocComparisonInput, RocResultLike } from "./rocExplorer";
export { KaplanMeierExplorer } from "./kaplanMeierExplorer";
export type { KaplanMeierExplorerInput, KaplanMeierExplorerOptions, KaplanMeierExplorerResult, KaplanMeierExplorerTraits } from "./kaplanMeierExplorer";
export { averageLinkage, rowDistances, leaves, type Linkage } from "./clustering";
export { WIDGETS_MODULE, WIDGETS_MODULE_VERSION } from "./module";
