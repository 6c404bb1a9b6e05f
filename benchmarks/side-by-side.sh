#!/bin/bash
# PyTorch and jgrad training throughput on net7840, side by side, in rounds (see RESULTS.md).
# Usage: benchmarks/side-by-side.sh [ROUNDS]   (from the repository root, after
#   mvn -q -B -pl benchmarks -am -DskipTests package; needs Debian's python3-torch)
# JDK25 may point at another JDK to compare (default: the Temurin 25 install of these machines).
set -euo pipefail
rounds=${1:-3}
jar=benchmarks/target/benchmarks.jar
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
echo "start $(date -u +%FT%TZ); $(uptime)"
for r in $(seq 1 "$rounds"); do
  echo "--- round $r: PyTorch"
  /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --threads 2
  echo "--- round $r: jgrad, $(java -version 2>&1 | head -1)"
  java -jar "$jar" TrainStepBench -p model=net7840 -p threads=2 | grep -A1 '^Benchmark'
  if [ -x "$jdk25" ]; then
    echo "--- round $r: jgrad, $("$jdk25" -version 2>&1 | head -1)"
    "$jdk25" -jar "$jar" TrainStepBench -p model=net7840 -p threads=2 | grep -A1 '^Benchmark'
  fi
done
