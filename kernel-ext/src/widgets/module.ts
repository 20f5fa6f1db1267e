/**
 * The frontend module of the radiogx widgets: models and views live in the JupyterLab extension
 * `@radiogx/widgets` (widgets/ in this repository), registered under that name and version. The kernel
 * names a semver range; the widget manager loads the registered version that satisfies it.
 */
import type { ModelSpec } from "../kernel/widget";

export const WIDGETS_MODULE = "@radiogx/widgets";
/** Range of frontend versions these kernel classes speak to (the extension registers 0.1.0). */
export const WIDGETS_MODULE_VERSION = "^0.1.0";

/** The spec of model `<name>Model` with view `<name>View` in @radiogx/widgets. */
export function radiogxSpec(name: string): ModelSpec {
  return {
    modelName: `${name}Model`,
    modelModule: WIDGETS_MODULE,
    modelModuleVersion: WIDGETS_MODULE_VERSION,
    viewName: `${name}View`,
    viewModule: WIDGETS_MODULE,
    viewModuleVersion: WIDGETS_MODULE_VERSION,
  };
}

/** A list of strings from any array-like of values (ids, names). */
export function stringList(values: ArrayLike<unknown>): string[] {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = String(values[i]);
  return out;
}
