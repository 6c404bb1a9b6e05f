#!/usr/bin/env bash
# jgrad GPU check, run from the bundle folder on a GPU machine: ./gpu-check.sh [MNIST_DIR]
#
# Parts: the probe (driver, device, cuDNN, the path each library family takes); the engine-cuda
# test suite with the GPU tests forced; the same suite again with both fallbacks forced (jgrad's
# GEMM kernel instead of cuBLAS, the shipped PTX instead of NVRTC); one epoch of MNIST training on
# the GPU and the same epoch on the CPU with the same seed, compared; a GPU throughput epoch.
# Writes gpu-check-report.txt (PASS/FAIL per part with its figures) and gpu-check-logs/; exits 0
# when every part passed, 1 otherwise. Without a usable GPU it prints the probe's reason, writes
# it to the report and exits 0 at once. MNIST_DIR defaults to the bundle's mnist/ folder.
# The environment variable GPU_CHECK_DEVICE (default cuda) exists for the no-GPU rehearsal only.
set -uo pipefail
cd "$(dirname "$0")"
bundle="$(pwd)"
java="$bundle/runtime/bin/java"
report="$bundle/gpu-check-report.txt"
logs="$bundle/gpu-check-logs"
data="${1:-$bundle/mnist}"
device="${GPU_CHECK_DEVICE:-cuda}"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}"
# cuDNN 9 installed as a Python package (nvidia-cudnn-cu13 / -cu12) keeps libcudnn.so.9 in its own
# folder: put that folder on the library path when the system loader does not know the library.
if ! ldconfig -p 2>/dev/null | grep -q 'libcudnn.so.9'; then
  for py in python3 python; do
    # The wheels' layout differs between CUDA 12 and 13 builds: search the nvidia package.
    dir="$("$py" -c 'import glob, os, nvidia
hits = [p for d in nvidia.__path__ for p in glob.glob(os.path.join(d, "**", "libcudnn.so.9"), recursive=True)]
print(os.path.dirname(sorted(hits)[0]) if hits else "")' 2>/dev/null)" || continue
    if [ -n "$dir" ] && [ -f "$dir/libcudnn.so.9" ]; then
      export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      break
    fi
  done
fi
jvm=(-Xss4m --add-modules jdk.incubator.vector -Djava.io.tmpdir="${TMPDIR:-/tmp}/jgrad-gpu-check-$$")
mkdir -p "${TMPDIR:-/tmp}/jgrad-gpu-check-$$"
rm -rf "$logs" && mkdir -p "$logs"
status=0
line() { echo "$1" | tee -a "$report"; }
{
  echo "jgrad GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ), host $(uname -n)"
  sed 's/^/  /' "$bundle/BUNDLE.txt" 2>/dev/null
  echo "  LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
} >"$report"

"$java" "${jvm[@]}" -cp "$bundle/lib/*" io.jgrad.backend.cuda.CudaProbe >"$logs/probe.txt" 2>&1
sed 's/^/  probe | /' "$logs/probe.txt" >>"$report"
if [ "$device" = cuda ] && ! grep -q '^jgrad cuda available: true' "$logs/probe.txt"; then
  reason="$(sed -n 's/^reason: //p' "$logs/probe.txt")"
  line "SKIP no usable GPU: ${reason:-the probe did not run, see $logs/probe.txt}"
  cat "$logs/probe.txt"
  exit 0
fi
line "PASS probe: $(grep -E '^(device|GEMM|kernels):' "$logs/probe.txt" | tr '\n' ';')"

# The GPU tests are forced (a GPU whose detection broke fails them instead of skipping them).
force=()
[ "$device" = cuda ] && force=(-Djgrad.test.cuda=true)
# One run of the engine-cuda suite (working directory: the bundled sources, as under Maven).
suite() {
  local name="$1"
  shift
  local t0=$SECONDS
  (cd "$bundle/engine-cuda" && timeout 300 "$java" "${jvm[@]}" "${force[@]}" \
    -Djgrad.conformance.dir="$bundle/conformance" "$@" \
    -cp "$bundle/tests/*:$bundle/lib/*" org.junit.platform.console.ConsoleLauncher execute \
    --fail-if-no-tests --select-package io.jgrad.backend.cuda --details=tree --disable-banner \
    --disable-ansi-colors) >"$logs/$name.txt" 2>&1
  local rc=$?
  local counts
  counts="$(grep -E '^\[ *[0-9]+ tests (successful|failed|skipped|aborted) *\]' "$logs/$name.txt" |
    tr -d '[]' | awk '{$1=$1};1' | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
  if [ $rc -eq 0 ]; then
    line "PASS $name: ${counts}; $((SECONDS - t0)) s"
  else
    line "FAIL $name (exit $rc): ${counts:-no summary}; $((SECONDS - t0)) s; see $logs/$name.txt"
    status=1
  fi
}
suite "gpu-suite"
suite "gpu-suite-fallbacks" -Djgrad.cuda.gemm=kernel -Djgrad.cuda.kernels=ptx

t0=$SECONDS
if [ -f "$data/train-images-idx3-ubyte.gz" ] || [ -f "$data/train-images-idx3-ubyte" ]; then
  timeout 420 "$java" "${jvm[@]}" -cp "$bundle/lib/*" \
    io.jgrad.examples.mnist.train.DeviceComparison "$data" "$logs/training" "${TRAIN_LIMIT:-0}" \
    "$device" >"$logs/training.txt" 2>&1
  rc=$?
  grep -E '^(PASS|FAIL) ' "$logs/training.txt" | sed 's/^\(PASS\|FAIL\) /\1 training /' | tee -a "$report"
  if [ $rc -ne 0 ]; then
    line "FAIL training (exit $rc, $((SECONDS - t0)) s): see $logs/training.txt"
    status=1
  else
    line "PASS training: all parts, $((SECONDS - t0)) s; per-batch losses in $logs/training/training.json"
  fi
else
  line "FAIL training: no MNIST files in $data (pass the folder of the 4 .gz files as the argument)"
  status=1
fi
line "RESULT $([ $status -eq 0 ] && echo PASS || echo FAIL), $SECONDS s in all; report $report"
exit $status
