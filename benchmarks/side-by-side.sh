#!/bin/bash
# jgrad vs PyTorch 1.13 on net7840, side by side in alternating rounds, printing ratios per round
# and, at the end, each ratio's median and range over the rounds beside its target (see
# RESULTS.md). Each round runs, back to back:
#   1. training-step benchmarks, batch 128, dropout 0, at 1 and at 2 threads: PyTorch's
#      benchmarks/pytorch/train_step_bench.py and jgrad's JMH TrainStepBench (twice, in the order
#      1, 2, 2, 1 threads; the mean of the two runs of each is compared);
#   2. full training epochs with the published recipe (dropout 0.05, rotation 7 degrees, one-cycle
#      LR), 60,000 images + evaluation each, at 2 threads: PyTorch's fastest loop
#      (benchmarks/pytorch/train_epoch_bench.py: data in memory, batches rotated with affine_grid +
#      grid_sample) and jgrad-mnist's `train`; the median images/s of epochs 3 to EPOCHS is
#      compared (on 2 cores the JIT compilers still take CPU time from the first two epochs, and
#      one epoch is a few seconds of a host whose speed drifts, see RESULTS.md). jgrad's epochs
#      are set beside the mean of its JMH step at the recipe's dropout run just before and just
#      after them. EPOCHS=0 skips this part;
#   3. with SCALING=1, jgrad's ThreadScaling: blocks of steps at 1 and at 2 threads alternating in
#      one JVM after 25 s of warm-up, so that drifts of the host and the JIT's late compilations
#      fall on both sides (the JMH pair of part 1 runs in two JVMs, one after the other), and its
#      yardstick: two independent 1-thread copies of the step at once, what the machine gives for
#      two cores of this work;
#   4. with LOOP=1, jgrad's LoopVsStep: whole `train` epochs of the recipe and as many JMH-style
#      steps at its dropout, alternating in one JVM (5 pairs), their ratio with and without the
#      evaluation;
#   5. with BUSY=1, jgrad's step at 1 and at 2 threads again (JMH in the order 1, 2, 2, 1, and
#      ThreadScaling with SCALING=1) while another process (`yes`) keeps core 1 busy (pinned with
#      taskset), to check that 2 threads are not slower than 1 then.
# and prints `uptime` before each round, since both programs share the machine's cores.
#
# Usage (from the repository root, after
#   mvn -q -B -pl benchmarks,mnist-examples -am -DskipTests package; needs Debian's python3-torch):
#   benchmarks/side-by-side.sh [ROUNDS]
# Run it on an otherwise idle machine. On a host that runs other work, `chrt -f 10
# benchmarks/side-by-side.sh` (root; PyTorch and the JMH forks inherit the priority) keeps that work
# off the cores while the benchmarks run; with autogroup scheduling on
# (/proc/sys/kernel/sched_autogroup_enabled), `nice` alone does not. Run the BUSY part with normal
# scheduling (real-time priority would let jgrad preempt `yes`).
# Environment: EPOCHS (default 5), DATA (MNIST folder, default the program's cache), JAVA (default
# java), JVM_OPTS (default --add-modules=jdk.incubator.vector; empty for the plain-Java path),
# JMH_OPTS (default "-wi 5 -w 5 -i 5 -r 2": the JIT compiles for ~13 s, see TrainStepBench),
# TRAIN_LIMIT (first N training images, for a quick check of the script; default 0 = all),
# JMH_IGNORE_LOCK=1 (run although another JMH holds /tmp/jmh.lock: only for checking the script,
# the figures are then disturbed).
set -euo pipefail
rounds=${1:-3}
epochs=${EPOCHS:-5}
data=$(realpath "${DATA:-${JGRAD_DATA:-$HOME/.cache/jgrad}/mnist}")
limit=${TRAIN_LIMIT:-0}
images=$((limit > 0 ? limit : 60000))
jmh_opts=${JMH_OPTS:--wi 5 -w 5 -i 5 -r 2}
java=${JAVA:-java}
jvm_opts=${JVM_OPTS---add-modules=jdk.incubator.vector}
bench=benchmarks/target/benchmarks.jar
mnist=mnist-examples/target/jgrad-mnist.jar
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { # numbers, one per line -> their median, as an integer
  sort -g | awk 'NF { v[++n] = $1 } END { if (n) printf "%d\n", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

ratio() { # a b [decimals, default 2] -> a / b, or n/a
  awk -v a="$1" -v b="$2" -v d="${3:-2}" \
    'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.*f", d, a / b; else print "n/a" }'
}

keep() { # name value: remembers one round's figure for the closing summary
  case "$2" in '' | n/a) ;; *) echo "$2" >> "$tmp/summary-$1" ;; esac
}

summary() { # name label: "label median (min-max)" of the rounds' figures, if any
  [ -s "$tmp/summary-$1" ] || return 0
  sort -g "$tmp/summary-$1" | awk -v label="$2" '{ v[++n] = $1 } END {
    m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "  %s: median %s (%s-%s over %d rounds)\n", label, m, v[1], v[n], n }'
}

torch_step() { # threads -> images/s of training steps
  "$py" benchmarks/pytorch/train_step_bench.py --threads "$1" --rounds 3 |
    awk '/ train: / { for (i = 1; i <= NF; i++) if ($i == "images/s") print $(i - 1) }'
}

jgrad_step() { # threads dropout -> "median mean" images/s of JMH's measurement iterations
  # The median is set beside PyTorch's (its script prints the median of its rounds), the mean (JMH's
  # score: all images / all time) beside a whole epoch's images / time.
  local iterations
  # shellcheck disable=SC2086
  iterations=$("$java" ${JMH_IGNORE_LOCK:+-Djmh.ignoreLock=true} -jar "$bench" TrainStepBench \
    -p model=net7840 -p threads="$1" -p dropout="$2" $jmh_opts \
    -jvmArgsAppend "${jvm_opts:+$jvm_opts }-Xmx2g" |
    awk '/^Iteration +[0-9]+: / { if ($3 != "") print $3; else late = 1; next } # the last
      late && /^[0-9.]+ ops\/s/ { print $1; late = 0 }')                           # after teardown's line
  echo "$(median <<< "$iterations") $(awk 'NF { s += $1; k++ } END { if (k) printf "%d", s / k }' <<< "$iterations")"
}

jgrad_steps() { # dropout -> JMH medians at 1, 2, 2 and 1 threads, in that order
  # A run of 35 s differs from the next by up to +-20% on a shared host, whose speed drifts over
  # seconds to minutes (RESULTS.md): the order 1, 2, 2, 1 puts a drift on both thread counts, and
  # the two 1-thread runs show how far runs of the same thing differ.
  local th out=()
  for th in 1 2 2 1; do
    out+=("$(jgrad_step "$th" "$1" | cut -d' ' -f1)")
  done
  echo "${out[@]}"
}

mean() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%d", (a + b) / 2 }'; }

jgrad_scaling() { # lines -> ThreadScaling's summary lines matching the pattern, joined by "; "
  # ("median step": 1 and 2 threads and their ratio; "rate": the ratio of steps per block time;
  # "yardstick": two independent 1-thread copies; "machine": register-only and memory-copying work)
  # shellcheck disable=SC2086
  "$java" $jvm_opts -cp "$bench" io.jgrad.benchmarks.e2e.ThreadScaling --warmup-seconds 25 \
    --blocks 16 2>/dev/null | grep -E "^($1)" | sed ':a;N;$!ba;s/\n/; /g'
}

scaling_ratio() { # ThreadScaling's summary line -> its 2 threads / 1 ratio of median steps
  sed -n 's/.*median step: [^;]*; median ratio \([0-9.]*\).*/\1/p'
}

later_median() { # one figure per line, epochs in order -> median of epochs 3..N (the last if N < 3)
  awk '{ v[++n] = $1 } END { if (n) for (i = n < 3 ? n : 3; i <= n; i++) print v[i] }' | median
}

torch_epoch() { # -> images/s, median of epochs 3..N
  (cd benchmarks/pytorch && "$py" train_epoch_bench.py --data "$data" --threads 2 \
    --epochs "$epochs" --train-limit "$limit") | tee -a "$tmp/torch-epochs.txt" |
    awk '/ epoch / { for (i = 2; i <= NF; i++) if ($i == "images/s,") print $(i - 1) }' |
    later_median
}

jgrad_epoch() { # -> images/s (training images / the epoch's seconds, evaluation included), median of
  # epochs 3..N; the seconds come from metrics.json (the log line rounds them to 0.1 s, 2% of an epoch)
  rm -rf "$tmp/run"
  # shellcheck disable=SC2086
  "$java" $jvm_opts -jar "$mnist" train --model net7840 --epochs "$epochs" --threads 2 \
    --train-limit "$limit" --data "$data" --out "$tmp/run" 2>/dev/null | tr '\r' '\n' \
    >> "$tmp/jgrad-epochs.txt"
  "$py" -c 'import json, sys
for e in json.load(open(sys.argv[1]))["epochs"]:
    print("%.1f" % (int(sys.argv[2]) / e["seconds"]))' "$tmp/run/metrics.json" "$images" |
    later_median
}

echo "start $(date -u +%FT%TZ); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
echo "jgrad $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $("$java" -version 2>&1 | head -1);" \
  "JVM options: ${jvm_opts:-none}; $("$py" -c 'import torch; print("torch", torch.__version__)')"
for r in $(seq 1 "$rounds"); do
  echo "=== round $r: $(uptime)"
  declare -A t j
  t[1]=$(torch_step 1)
  t[2]=$(torch_step 2)
  read -r j1 j2 j2b j1b <<< "$(jgrad_steps 0.0)"
  j[1]=$(mean "$j1" "$j1b")
  j[2]=$(mean "$j2" "$j2b")
  for th in 1 2; do
    echo "step, $th thread(s): PyTorch ${t[$th]} images/s, jgrad ${j[$th]} images/s," \
      "jgrad/PyTorch $(ratio "${j[$th]}" "${t[$th]}")"
    keep "step$th" "$(ratio "${j[$th]}" "${t[$th]}")"
  done
  echo "step, 2 threads / 1 thread: PyTorch $(ratio "${t[2]}" "${t[1]}")," \
    "jgrad $(ratio "${j[2]}" "${j[1]}") (jgrad's runs in the order 1, 2, 2, 1 threads: $j1, $j2," \
    "$j2b, $j1b images/s)"
  if [ "$epochs" -gt 0 ]; then
    te=$(torch_epoch)
    # the step just before and just after the epochs: a drift of the host falls on both sides
    jd1=$(jgrad_step 2 0.05 | cut -d' ' -f2)
    je=$(jgrad_epoch)
    jd2=$(jgrad_step 2 0.05 | cut -d' ' -f2)
    jd=$(mean "$jd1" "$jd2")
    echo "epochs 3-$epochs, median (recipe, 2 threads): PyTorch $te images/s, jgrad $je images/s," \
      "jgrad/PyTorch $(ratio "$je" "$te"); jgrad step at dropout 0.05 (JMH mean, before and" \
      "after the epochs): $jd1, $jd2 images/s, epoch/step $(ratio "$je" "$jd" 3)"
    keep epochs "$(ratio "$je" "$te")"
    keep loop "$(ratio "$je" "$jd" 3)"
  fi
  if [ "${SCALING:-0}" = 1 ]; then
    line=$(jgrad_scaling 'median step|rate|yardstick|machine')
    echo "ThreadScaling: $line"
    keep scaling "$(scaling_ratio <<< "$line")"
  fi
  if [ "${LOOP:-0}" = 1 ]; then
    # shellcheck disable=SC2086
    line=$("$java" $jvm_opts -Xmx2g -cp "$bench" io.jgrad.benchmarks.e2e.LoopVsStep \
      --pairs 5 --train-limit "$limit" --data "$data" 2>/dev/null | grep '^median' || true)
    echo "LoopVsStep: $line"
    keep loopOneJvm "$(sed -n 's/^median epoch\/step: \([0-9.]*\) with evaluation.*/\1/p' <<< "$line")"
  fi
  if [ "${BUSY:-0}" = 1 ]; then
    taskset -c 1 yes > /dev/null &
    busy=$!
    read -r b1 b2 b2b b1b <<< "$(jgrad_steps 0.0)"
    echo "step with core 1 busy (order 1, 2, 2, 1): jgrad 1 thread $b1, $b1b images/s," \
      "2 threads $b2, $b2b images/s; 2 threads / 1 thread" \
      "$(ratio "$(mean "$b2" "$b2b")" "$(mean "$b1" "$b1b")")" \
      "(second 1-thread run / first $(ratio "$b1b" "$b1"))"
    keep busy "$(ratio "$(mean "$b2" "$b2b")" "$(mean "$b1" "$b1b")")"
    if [ "${SCALING:-0}" = 1 ]; then
      # the yardstick's copies would share the busy core with `yes`: not a ceiling then
      line=$(jgrad_scaling 'median step|rate')
      echo "ThreadScaling with core 1 busy: $line"
      keep busyScaling "$(scaling_ratio <<< "$line")"
    fi
    kill "$busy"
  fi
done
echo "summary (the targets: steps >= 2x PyTorch, epochs >= 2.5x, epoch/step >= 0.9, 2 threads >= 1.8x"
echo "  1 thread and, with core 1 busy, >= 1 thread):"
summary step1 "step, 1 thread, jgrad/PyTorch"
summary step2 "step, 2 threads, jgrad/PyTorch"
summary epochs "recipe epochs, jgrad/PyTorch"
summary loop "jgrad epoch/step, JMH before and after (separate JVMs)"
summary loopOneJvm "jgrad epoch/step, LoopVsStep (one JVM)"
summary scaling "jgrad 2 threads / 1, ThreadScaling"
summary busy "core 1 busy: jgrad 2 threads / 1, JMH"
summary busyScaling "core 1 busy: jgrad 2 threads / 1, ThreadScaling"
echo "end $(date -u +%FT%TZ); $(uptime)"
