#!/usr/bin/env bash
# Installs the system libraries NumSwift links against (Debian/Ubuntu), only when missing.
# Open MPI (libopenmpi-dev, openmpi-bin: mpirun; pkg-config finds it) is for the NumSwiftMPI product, `--distributed`
# and the multi-rank tests; the NumSwift, InfoMap and WordMining products do not need it.
set -euo pipefail
need=()
for pkg in libopenblas-dev liblapacke-dev zlib1g-dev libopenmpi-dev openmpi-bin pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
