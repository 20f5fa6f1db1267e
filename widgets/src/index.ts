/**
 * @radiogx/widgets — the JupyterLab side of the radiogx widgets. Each kernel-side class of
 * `radiogx/kernel` (SliceViewer, CorrelationMap, ROCExplorer, KaplanMeierExplorer) names one model and
 * one view exported here, under the module "@radiogx/widgets".
 */
export { MODULE_NAME, MODULE_VERSION } from "./version";
export { SliceViewerModel, SliceViewerView } from "./slice/sliceViewer";
export { CorrelationMapModel, CorrelationMapView } from "./correlation/correlationMap";
export { ROCExplorerModel, ROCExplorerView } from "./roc/rocExplorer";
export { KaplanMeierExplorerModel, KaplanMeierExplorerView } from "./km/kaplanMeierExplorer";
