#!/usr/bin/env bash
# Builds the @radiogx/widgets JupyterLab extension and, with --install, copies it into a Python
# environment's share/jupyter/labextensions (a "prebuilt" extension: no JupyterLab rebuild needed).
#
#   widgets/scripts/build-labextension.sh [--venv DIR] [--install] [--dev]
#
# --venv DIR   the Python environment with jupyterlab and jupyter-builder (default: <repo>/.venv)
# --install    copy the built extension to DIR/share/jupyter/labextensions/@radiogx/widgets
# --dev        unminified development build (faster to build, source maps)
#
# `jupyter labextension build` comes from jupyter-builder in JupyterLab 4.6. It needs the description
# of the JupyterLab core it targets (shared singletons and their versions). By default it downloads
# @jupyterlab/core-meta from npm, which is published only for some releases (not 4.6.5/4.6.6); the
# installed JupyterLab ships the same description as jupyterlab/staging/package.json, so we pass that:
# no download, and an exact match with the JupyterLab the extension is installed into.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
venv="$root/.venv"
install=0
dev=0
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) venv="$2"; shift 2 ;;
    --install) install=1; shift ;;
    --dev) dev=1; shift ;;
    *) echo "build-labextension: unknown option $1 (expected --venv DIR, --install, --dev)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$venv/bin/jupyter" ]; then
  echo "build-labextension: no Jupyter in $venv (run scripts/setup-python.sh or scripts/start-jupyterlab.sh)" >&2
  exit 1
fi
if [ ! -d "$root/node_modules/@jupyter-widgets/base" ] || [ ! -d "$root/node_modules/@jupyterlab/builder" ]; then
  echo "build-labextension: npm packages missing; run 'npm ci' at $root" >&2
  exit 1
fi
export PATH="$venv/bin:$PATH"
core="$("$venv/bin/python" -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging", "package.json"))')"
cd "$here"
"$root/node_modules/.bin/tsc" -p tsconfig.json
rm -rf labextension
if [ "$dev" = 1 ]; then
  "$venv/bin/jupyter" labextension build --development True --core-package-file "$core" .
else
  "$venv/bin/jupyter" labextension build --core-package-file "$core" .
fi
if [ "$install" = 1 ]; then
  dest="$venv/share/jupyter/labextensions/@radiogx/widgets"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  cp -r labextension "$dest"
  echo "installed @radiogx/widgets into $dest"
fi
