#!/usr/bin/env bash
# Regenerates the ahead-of-time PTX of jgrad's own kernels, the build resource the backend loads
# through the driver API when NVRTC (libnvrtc.so.12) is not installed. Run it after changing any
# kernels/*.cu file (KernelPtxTest fails until you do):
#
#   engine-cuda/scripts/regenerate-ptx.sh            # uses nvcc from the PATH
#   NVCC=/usr/local/cuda-13.0/bin/nvcc engine-cuda/scripts/regenerate-ptx.sh
#
# The PTX targets the virtual architecture compute_75 (the oldest CUDA 13 supports), so the driver
# compiles it for any newer GPU on load. A driver runs PTX only from a toolkit no newer than
# itself: the manifest records nvcc's version, and the probe refuses the PTX on an older driver.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$here/src/main/resources/io/jgrad/backend/cuda/kernels"
out="$src/ptx"
nvcc="${NVCC:-nvcc}"
arch=compute_75
mkdir -p "$out"
release="$("$nvcc" --version | sed -n 's/.*release \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')"
read -r major minor <<<"$release"
manifest="$out/ptx.properties"
{
  echo "# Written by engine-cuda/scripts/regenerate-ptx.sh; do not edit."
  echo "nvcc.cuda=$((major * 1000 + minor * 10))"
  echo "arch=$arch"
} >"$manifest.tmp"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  "$nvcc" -ptx -arch="$arch" -Werror all-warnings -o "$out/$name.ptx" "$cu"
  echo "$name.cu.sha256=$(sha256sum "$cu" | cut -d' ' -f1)" >>"$manifest.tmp"
done
mv "$manifest.tmp" "$manifest"
echo "wrote $(ls "$out"/*.ptx | wc -l) PTX files and $manifest with nvcc $major.$minor"
