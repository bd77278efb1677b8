#!/usr/bin/env bash
# Build the installable bundle from build.spec, check it with its own --self-test, and pack it
# with the version from the package metadata in the name (README: Installer and bundle).
#
#   scripts/build_bundle.sh [--dist DIR] [--work DIR] [--no-test] [--no-archive]
#
# Output: DIST/workstation/ (the one-folder bundle) and
#   Linux:   DIST/workstation-<version>-linux-<arch>.tar.gz
#   macOS:   DIST/Workstation.app and DIST/workstation-<version>-macos-<arch>.zip
#   Windows: DIST/workstation-<version>-windows-<arch>-setup.exe (Inno Setup's iscc on PATH; Git Bash)
# The Python that builds is $PYTHON, else .venv/bin/python, else python3; it needs the package
# installed with the build extra: pip install -e ".[build]".
set -euo pipefail
cd "$(dirname "$0")/.."
dist=dist work=build/pyinstaller selftest=1 archive=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-test) selftest=0; shift ;;
    --no-archive) archive=0; shift ;;
    *) echo "usage: $0 [--dist DIR] [--work DIR] [--no-test] [--no-archive]" >&2; exit 2 ;;
  esac
done
python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
version=$("$python" -c "from importlib.metadata import version; print(version('workstation'))")
arch=$(uname -m)
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) os=$(uname -s | tr '[:upper:]' '[:lower:]') ;;
esac
name="workstation-$version-$os-$arch"

start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$dist" --workpath "$work" build.spec
seconds=$(( $(date +%s) - start ))
# Linux: the menu entry and its installer sit next to the executables (README: Installer and bundle)
[ "$os" = linux ] && cp packaging/linux/install.sh packaging/linux/workstation.desktop "$dist/workstation/"
size=$(du -sm "$dist/workstation" | cut -f1)
echo "bundle: $dist/workstation (workstation $version) built in ${seconds} s, ${size} MB"

if [ "$selftest" = 1 ]; then
  exe="$dist/workstation/workstation"
  [ "$os" = windows ] && exe="$exe.exe"
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$exe" --self-test
fi

if [ "$archive" = 1 ]; then
  case "$os" in
    linux)
      tar -C "$dist" --transform "s,^workstation,$name," -cf - workstation | gzip -1 > "$dist/$name.tar.gz"
      echo "archive: $dist/$name.tar.gz ($(du -sm "$dist/$name.tar.gz" | cut -f1) MB)" ;;
    macos)
      ditto -c -k --keepParent "$dist/Workstation.app" "$dist/$name.zip"
      echo "archive: $dist/$name.zip" ;;
    windows)
      iscc //Q "//DAppVersion=$version" "//DSourceDir=$(cygpath -w "$PWD/$dist/workstation")" \
           "//O$(cygpath -w "$PWD/$dist")" "//F$name-setup" packaging/windows/workstation.iss
      echo "installer: $dist/$name-setup.exe" ;;
  esac
fi
