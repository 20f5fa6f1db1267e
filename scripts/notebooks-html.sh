#!/usr/bin/env bash
# Exports the notebooks, with their saved outputs, to HTML in notebooks/html/ (gitignored) with nbconvert:
# charts as their SVG renderings, widgets from the state saved in the notebook (their radiogx views need the
# JupyterLab extension; the standard controls render from the CDN).
#
#   bash scripts/notebooks-html.sh                        # every notebook (npm run notebooks:html)
#   bash scripts/notebooks-html.sh notebooks/01-*.ipynb   # some of them
#
# Run scripts/run-notebooks.sh first to refresh the outputs. Needs .venv with nbconvert
# (scripts/requirements-notebooks.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
py=".venv/bin/python"
if ! "$py" -c "import nbconvert" 2>/dev/null; then
  echo "notebooks-html: .venv lacks nbconvert; run: npm run setup:python" >&2
  exit 1
fi
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(notebooks/*.ipynb); fi
mkdir -p notebooks/html
"$py" -m nbconvert --to html --output-dir notebooks/html "${notebooks[@]}"
echo "notebooks-html: wrote $(ls notebooks/html/*.html | wc -l) files to notebooks/html/"
