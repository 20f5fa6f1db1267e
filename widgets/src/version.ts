/**
 * Identity of this widget module as the kernel names it: every model of ours carries
 * `_model_module: "@radiogx/widgets"` and `_model_module_version: "^0.1.0"`, and the widget manager
 * matches that range against the version registered here (semver).
 */
export const MODULE_NAME = "@radiogx/widgets";
/** The version this frontend registers; keep equal to package.json. */
export const MODULE_VERSION = "0.1.0";
