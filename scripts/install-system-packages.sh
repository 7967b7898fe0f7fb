#!/usr/bin/env bash
# Installs the system libraries and tools Holdout needs on Debian 12 (run as root or with sudo):
# FFTW 3 and HDF5 (linked by the solvers and the data files), bubblewrap (the plugin sandbox),
# and numpy/h5py for the system Python (the example plugin and the h5py compatibility test).
set -euo pipefail
packages=(libfftw3-dev libhdf5-dev pkg-config bubblewrap util-linux python3 python3-numpy python3-h5py)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
