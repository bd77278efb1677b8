#!/usr/bin/env bash
# One command from a fresh Debian/Ubuntu machine to the viewer on demo data:
# system libraries for Qt/VTK, a venv in .venv, the package, demo studies into the local store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh runtime
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
exec .venv/bin/workstation demo "$@"
