#!/usr/bin/env bash
# What a newcomer does: clone HEAD into an empty folder (nothing beside it), with an empty HOME and
# an empty jgrad data cache, run the README's two commands there. MNIST then comes through the
# program's downloader from the mirror list (JGRAD_MNIST_MIRRORS when set, else the public mirrors).
# Maven's own repository is kept (-Dmaven.repo.local): it holds Maven plugins and libraries, not
# project state. Usage: .ci/fresh-clone-verify.sh WORKDIR [--no-train] (WORKDIR: a new folder).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
m2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
work=${1:?usage: fresh-clone-verify.sh WORKDIR [--no-train]}
mkdir -p "$work/home"
git clone -q "$repo" "$work/jgrad"
cd "$work/jgrad"
echo "fresh clone of $(git rev-parse --short HEAD) in $work/jgrad (HOME=$work/home," \
  "JGRAD_DATA=$work/home/.cache/jgrad, mirrors: ${JGRAD_MNIST_MIRRORS:-the public ones})"
export HOME="$work/home" JGRAD_DATA="$work/home/.cache/jgrad"
status=0
# The README's first command.
mvn -B verify -Dmaven.repo.local="$m2" || status=$?
if [ "$status" = 0 ]; then
  # The kernel fuzz, determinism, resume, bit-identity and end-to-end suites again on the plain path
  # (-Djgrad.simd=off); their reports go to target/surefire-reports-plain.
  mvn -B verify -Dmaven.repo.local="$m2" -pl mnist-examples -am -Djgrad.simd=off \
    -Djgrad.reports.suffix=-plain -Dspotless.check.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='SimdPathTest,KernelFuzz*,DeterminismTest,ResumeTest,KillAndResumeTest,EndToEndTest,SafetensorsResumeTest,ModelConformanceTest,Net7840ConformanceTest,*BitIdentity*' \
    || status=$?
fi
if [ "$status" = 0 ]; then
  # The GPU-check bundle for a bare machine: built, size-checked and run from a clean folder with
  # no Java, Maven or ~/.m2 on the path, reaching its clean no-GPU exit.
  MVN_ARGS="-Dmaven.repo.local=$m2" engine-cuda/bundle/rehearse.sh || status=$?
fi
if [ "$status" = 0 ] && [ "${2:-}" != "--no-train" ]; then
  # The README's second command, verbatim.
  mnist-examples/target/jgrad-mnist train --model net7826 --recipe steplr || status=$?
fi
exit "$status"
