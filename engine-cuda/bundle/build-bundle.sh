#!/usr/bin/env bash
# Builds the GPU-check bundle: a self-contained folder to copy to a bare GPU machine (NVIDIA driver
# and cuDNN 9 only; no Java, no Maven, no network) and run with ./gpu-check.sh.
#
#   engine-cuda/bundle/build-bundle.sh [OUT_DIR]      (default engine-cuda/target/gpu-bundle)
#
# Environment: MVN (default mvn), MVN_ARGS (extra Maven flags, e.g. -o), JLINK (default: jlink of
# the JDK running Maven's java, else from the PATH), MNIST_DIR (the 4 MNIST .gz files to carry,
# default the program's cache ${JGRAD_DATA:-~/.cache/jgrad}/mnist when it holds them; MNIST_DIR=none
# leaves them out, and gpu-check.sh then needs a folder argument), CONFORMANCE_DIR (the PyTorch
# conformance cases, default the repository's conformance/).
#
# Contents: runtime/ (a jlink image of JDK 17 with only java.base, java.logging, jdk.unsupported,
# jdk.zipfs (JUnit scans the test jar with it) and jdk.incubator.vector; no AWT, no XML), lib/ (the jars the backend and the training need; JCuda's natives without
# the PTX compiler library jgrad never loads), tests/ (engine-cuda's test classes, engine-core's
# test jar, the JUnit console launcher), engine-cuda/src/main (the sources the launch-site tests
# read), conformance/, mnist/ (optional), gpu-check.sh and BUNDLE.txt (how it was built).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/engine-cuda/target/gpu-bundle}"
mvn="${MVN:-mvn}"
junit_version=1.10.2
# The conformance cases come from the repository; MNIST (optional) from MNIST_DIR, else the
# program's download cache when it holds the four files.
cache="${JGRAD_DATA:-$HOME/.cache/jgrad}/mnist"
mnist="${MNIST_DIR:-$cache}"
conformance="${CONFORMANCE_DIR:-$repo/conformance}"
started=$(date +%s)

cd "$repo"
# shellcheck disable=SC2086
"$mvn" -B -q ${MVN_ARGS:-} -pl mnist-examples -am package -DskipTests -Dspotless.check.skip=true \
  dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
rm -rf "$out"
mkdir -p "$out/lib" "$out/tests" "$out/engine-cuda/src/main" "$out/conformance"
# shellcheck disable=SC2086
"$mvn" -B -q -N ${MVN_ARGS:-} dependency:copy -Dmdep.stripVersion=true \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" \
  -DoutputDirectory="$out/tests"

# The runtime jars: jgrad's modules, JCuda, Jackson, picocli. The plotting and progress-bar
# libraries stay out (the training in gpu-check.sh draws no plot and shows no bar).
for jar in engine-core/target/engine-core-*-SNAPSHOT.jar engine-cuda/target/engine-cuda-*-SNAPSHOT.jar \
  nn/target/nn-*-SNAPSHOT.jar mnist-examples/target/mnist-examples-*-SNAPSHOT.jar; do
  case "$jar" in *-tests.jar) continue ;; esac
  cp "$jar" "$out/lib/"
done
tr ':' '\n' <mnist-examples/target/runtime.classpath | while read -r dep; do
  case "$dep" in
    */org/jcuda/jcuda-natives/*)
      # Drop the nvPTXCompiler JNI library (24 MB unpacked): jgrad never loads it.
      tmp="$(mktemp -d)"
      (cd "$tmp" && jar xf "$dep" && rm -f lib/libJNvPTXCompiler-* && jar cf "$out/lib/$(basename "$dep")" .)
      rm -rf "$tmp"
      ;;
    */org/jcuda/* | */com/fasterxml/* | */info/picocli/*) cp "$dep" "$out/lib/" ;;
  esac
done
(cd engine-cuda/target/test-classes && jar cf "$out/tests/engine-cuda-tests.jar" .)
cp engine-core/target/engine-core-*-SNAPSHOT-tests.jar "$out/tests/"
cp -r engine-cuda/src/main/java engine-cuda/src/main/resources "$out/engine-cuda/src/main/"
cp -r "$conformance/." "$out/conformance/"
if [ "$mnist" != none ] && [ -f "$mnist/train-images-idx3-ubyte.gz" ]; then
  mkdir -p "$out/mnist"
  cp "$mnist"/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz "$out/mnist/"
fi
cp engine-cuda/bundle/gpu-check.sh "$out/"
chmod +x "$out/gpu-check.sh"

jlink="${JLINK:-$(dirname "$(readlink -f "$(command -v java)")")/jlink}"
[ -x "$jlink" ] || jlink=jlink
"$jlink" --add-modules java.base,java.logging,jdk.unsupported,jdk.zipfs,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/runtime" 2>&1 |
  grep -v 'Using incubator modules' || true
# The symbol table of libjvm.so (3-4 MB) only names frames in crash logs.
if command -v strip >/dev/null; then
  strip --strip-unneeded "$out/runtime/lib/server/libjvm.so"
fi

{
  echo "jgrad GPU-check bundle"
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m), $("$out/runtime/bin/java" -version 2>&1 | head -1)"
  echo "mnist: $([ -d "$out/mnist" ] && echo included || echo 'not included (pass a folder to gpu-check.sh)')"
} >"$out/BUNDLE.txt"
size=$(du -sb "$out" | cut -f1)
echo "bundle: $out, $((size / 1024 / 1024)) MiB ($size bytes), built in $(($(date +%s) - started)) s"
