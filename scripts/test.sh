#!/usr/bin/env bash
# One command for the whole suite: system libraries + test peers, the package with its [test] and
# [build] extras in .venv (PyInstaller: tests/packaging builds the bundle), then pytest (headless:
# Qt offscreen, VTK through OSMesa). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh all
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[test,build]"
export QT_QPA_PLATFORM=offscreen VTK_DEFAULT_OPENGL_WINDOW=vtkOSOpenGLRenderWindow
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
# pytest exits 5 when nothing was collected (e.g. a -k filter): not a failure of the product.
[ "$rc" -eq 5 ] && rc=0
exit "$rc"
