#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the workstation needs.
#   runtime: what Qt (xcb/EGL) and VTK (Mesa, OSMesa) need to open windows and render without a GPU
#   peers:   the real DICOM peers the tests talk to (Orthanc, DCMTK, dicom3tools, xorriso, OpenJPH,
#            poppler's pdftotext for our PDFs, Xvfb)
# Usage: scripts/system-packages.sh runtime|peers|all
set -euo pipefail
want=${1:-runtime}
runtime=(python3-venv python3-pip libgl1 libegl1 libosmesa6 libglib2.0-0 libfontconfig1 libdbus-1-3
         libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
         fonts-dejavu-core)
peers=(orthanc orthanc-dicomweb dcmtk dicom3tools xorriso openjph-tools poppler-utils xvfb xauth)
case "$want" in
  runtime) pkgs=("${runtime[@]}") ;;
  peers) pkgs=("${peers[@]}") ;;
  all) pkgs=("${runtime[@]}" "${peers[@]}") ;;
  *) echo "usage: $0 runtime|peers|all" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
