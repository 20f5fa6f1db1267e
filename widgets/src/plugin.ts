/**
 * The JupyterLab plugin: registers the "@radiogx/widgets" module with the Jupyter widget manager
 * (`@jupyter-widgets/jupyterlab-manager`, from the `jupyterlab_widgets` package). The models and views
 * load lazily, the first time a notebook displays one of our widgets.
 */
import { IJupyterWidgetRegistry, type ExportMap } from "@jupyter-widgets/base";
import type { IPlugin } from "@lumino/coreutils";
import { MODULE_NAME, MODULE_VERSION } from "./version";
import "../style/index.css";

const plugin: IPlugin<unknown, void> = {
  id: "@radiogx/widgets:plugin",
  description: "radiogx widgets: slice viewer, correlation map, ROC and Kaplan–Meier explorers",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: async (): Promise<ExportMap> => (await import("./index")) as unknown as ExportMap,
    });
  },
};

export default plugin;
