#!/bin/sh
# Install an extracted Linux bundle (workstation-<version>-linux-<arch>/) where it lies:
# `workstation` and `workstation-media-viewer` on PATH, the menu entry, and the handlers for
# workstation:// links and DICOM files. As root for everyone (/usr/local/bin,
# /usr/share/applications), otherwise for this user (~/.local/bin, ~/.local/share/applications).
# Ends with the bundle's self-test. Uninstall: remove the two links and workstation.desktop.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then
  bin=/usr/local/bin apps=/usr/share/applications
else
  bin="$HOME/.local/bin" apps="$HOME/.local/share/applications"
fi
mkdir -p "$bin" "$apps"
ln -sf "$here/workstation" "$bin/workstation"
ln -sf "$here/media-viewer" "$bin/workstation-media-viewer"
sed -e "s|^Exec=workstation|Exec=$here/workstation|" -e "s|^TryExec=workstation|TryExec=$here/workstation|" \
  "$here/workstation.desktop" > "$apps/workstation.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" || true
command -v xdg-mime >/dev/null && xdg-mime default workstation.desktop x-scheme-handler/workstation || true
echo "installed: $bin/workstation -> $here/workstation"
if "$here/workstation" --self-test; then
  echo "The workstation is ready. Calibrate the diagnostic monitors before reading (README: Installer and bundle)."
else
  echo "The self-test failed: read the FAIL lines above." >&2
  exit 1
fi
