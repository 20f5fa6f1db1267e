#!/usr/bin/env bash
# `npm start`: JupyterLab 4 on notebooks/ with the radiogx kernel and widgets, from a fresh checkout.
#
#   1. npm packages (npm ci) when node_modules is missing;
#   2. .venv with JupyterLab 4, jupyterlab_widgets and jupyter-builder (scripts/requirements-jupyter.txt;
#      the light path: the Python peers of the test suites are not needed to use the notebooks);
#   3. builds the library (dist/), the kernel (kernel-ext/dist/) and the @radiogx/widgets extension,
#      and installs the extension into .venv/share/jupyter/labextensions (rebuilt only when its sources
#      changed);
#   4. registers the "radiogx" kernelspec in .venv (`radiogx kernel install --sys-prefix`);
#   5. starts JupyterLab on notebooks/ and prints the URL.
#
# Environment: PORT (default 8888), NO_BROWSER=1 to not open a browser (implied without a display),
# PYTHON (the Python that creates .venv, default python3). Extra arguments go to `jupyter lab`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
venv="$repo/.venv"
port="${PORT:-8888}"

say() { printf 'radiogx: %s\n' "$*"; }

# 1. npm packages.
if [ ! -d node_modules/@jupyter-widgets/base ] || [ ! -d node_modules/tslab ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# 2. Python environment.
if ! "$venv/bin/python" -c "import jupyterlab, jupyterlab_widgets, jupyter_builder" 2>/dev/null; then
  if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  say "installing JupyterLab into .venv (scripts/requirements-jupyter.txt)"
  "$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-jupyter.txt
fi

# 3. Builds.
if [ ! -f dist/index.js ] || [ -n "$(find src -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  say "building the library (dist/)"
  npm run -s build || say "warning: the library build reported errors; notebooks use what was emitted"
fi
say "building the kernel (kernel-ext/)"
npm run -s build -w kernel-ext
ext="$venv/share/jupyter/labextensions/@radiogx/widgets/package.json"
if [ ! -f "$ext" ] || [ -n "$(find widgets/src widgets/style widgets/package.json -newer "$ext" -print -quit)" ]; then
  say "building and installing the @radiogx/widgets extension"
  bash widgets/scripts/build-labextension.sh --venv "$venv" --install
fi

# 4. The kernelspec, in the venv (Jupyter finds it there for this JupyterLab only).
node bin/radiogx.js kernel install --prefix "$venv" >/dev/null
say "kernel \"TypeScript (radiogx)\" installed in .venv"

# 5. JupyterLab.
mkdir -p notebooks
args=(--ServerApp.root_dir="$repo/notebooks" --port="$port")
[ "$(id -u)" = 0 ] && args+=(--allow-root)
if [ "${NO_BROWSER:-0}" = 1 ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; }; then
  args+=(--no-browser)
fi
say "starting JupyterLab on notebooks/ — open the URL printed below (http://localhost:$port/lab?token=…)"
exec "$venv/bin/jupyter" lab "${args[@]}" "$@"
