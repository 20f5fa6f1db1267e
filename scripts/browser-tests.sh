#!/usr/bin/env bash
# Browser tests of the radiogx JupyterLab widgets: a real JupyterLab server with the radiogx kernel,
# driven by Playwright (playwright-core) in Debian's Chromium. Never downloads a browser.
#
#   bash scripts/browser-tests.sh            # builds what it needs, runs widgets/test/browser
#   bash scripts/browser-tests.sh -t benchmark   # extra arguments go to vitest (here: one test)
#   BROWSER_TESTS_SKIP_BUILD=1 bash scripts/browser-tests.sh   # reuse the last builds
#
# Needs: node_modules (npm ci), /usr/bin/chromium (apt-get install -y chromium; CHROMIUM=path to
# override), and .venv with JupyterLab (created here from scripts/requirements-jupyter.txt if missing).
# Screenshots, the server log and benchmark.json go to test-artifacts/browser/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
venv="$repo/.venv"
art="$repo/test-artifacts/browser"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  echo "browser-tests: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM)" >&2
  exit 1
fi

# 1. Python: JupyterLab 4, the widget manager, jupyter-builder.
if ! "$venv/bin/python" -c "import jupyterlab, jupyterlab_widgets, jupyter_builder" 2>/dev/null; then
  [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-jupyter.txt
fi

# 2. Builds: the library (the notebook's statistics come from dist/), the kernel (kernel-ext, with the
#    widget classes), and the extension, installed into the venv.
if [ "${BROWSER_TESTS_SKIP_BUILD:-0}" != 1 ]; then
echo "browser-tests: building the library, the kernel and the extension"
mkdir -p "$repo/test-artifacts"
if ! npx tsc -p tsconfig.build.json > "$repo/test-artifacts/library-build.log" 2>&1; then
  echo "browser-tests: the library build reported errors (see test-artifacts/library-build.log); using what it emitted"
fi
for f in dist/index.js dist/models/roc.js dist/survival/logRank.js dist/stats/correlationMap.js; do
  [ -f "$f" ] || { echo "browser-tests: $f was not built" >&2; exit 1; }
done
npm run -s build -w kernel-ext
bash widgets/scripts/build-labextension.sh --venv "$venv" --install > "$repo/test-artifacts/labextension-build.log" 2>&1 || {
  tail -30 "$repo/test-artifacts/labextension-build.log" >&2
  exit 1
}
fi

# 3. The radiogx kernelspec in the venv (what `radiogx kernel install --sys-prefix` does).
node -e 'require("./kernel-ext/dist").installKernelspec({ prefix: process.argv[1] })' "$venv"
# The widget classes come from radiogx/kernel once it re-exports them, else straight from kernel-ext's build.
widgets_import="$(node -e 'const k = require("./kernel-ext/dist/kernel"); process.stdout.write(typeof k.SliceViewer === "function" ? "radiogx/kernel" : "@radiogx/kernel-ext/dist/widgets")')"
if [ "$widgets_import" != "radiogx/kernel" ]; then
  echo "browser-tests: note: radiogx/kernel does not re-export the widget classes yet; the notebook imports $widgets_import"
fi

# 4. A fresh server on a free port, with settings of its own: no notebook windowing (every cell stays
#    in the DOM), no news or update checks.
rm -rf "$art"
mkdir -p "$art/notebooks" "$art/settings/@jupyterlab/notebook-extension" "$art/settings/@jupyterlab/apputils-extension" "$art/workspaces"
echo '{ "windowingMode": "none" }' > "$art/settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
echo '{ "fetchNews": "false", "checkForUpdates": false }' > "$art/settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export JUPYTERLAB_SETTINGS_DIR="$art/settings" JUPYTERLAB_WORKSPACES_DIR="$art/workspaces"
"$venv/bin/jupyter" lab --allow-root --no-browser --ip=127.0.0.1 --port="$port" \
  --IdentityProvider.token='' --ServerApp.password='' --ServerApp.root_dir="$art/notebooks" \
  --LabApp.expose_app_in_browser=True > "$art/jupyterlab.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  if "$venv/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url/api/status" 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "browser-tests: JupyterLab exited" >&2; tail -30 "$art/jupyterlab.log" >&2; exit 1; fi
  sleep 0.5
done
echo "browser-tests: JupyterLab at $url (log: test-artifacts/browser/jupyterlab.log)"

# 5. The suite.
status=0
JUPYTER_URL="$url" JUPYTER_ROOT="$art/notebooks" ARTIFACTS_DIR="$art" WIDGETS_IMPORT="$widgets_import" CHROMIUM="$chromium" \
  npx vitest run --config widgets/vitest.browser.config.mts "$@" || status=$?
echo "browser-tests: screenshots in test-artifacts/browser/"
exit "$status"
