#!/usr/bin/env bash
# Training tokens/s of the Java trainer against PyTorch on the reference shape (d 256, 6 layers,
# 8 heads, SwiGLU 704, vocabulary 23, batch 32 x 64, masked-diffusion loss, AdamW), interleaved
# in one run (these machines are noisy, so only ratios measured side by side mean anything).
#
#   scripts/train-vs-torch.sh [ROUNDS] [STEPS]      (defaults 3 and 10; THREADS=2)
#
# Java is dev.dilate.train.Throughput from target/dilate.jar (build it first; JAR=... picks
# another build); PyTorch is scripts/train_throughput_torch.py under Debian's /usr/bin/python3
# (which picks OpenBLAS when installed). Each round runs one of each, alternating which goes
# first; prints every run, then the medians and Java / PyTorch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/jdk.sh"
rounds="${1:-3}" steps="${2:-10}" threads="${THREADS:-2}"
jar="${JAR:-$root/target/dilate.jar}"
[ -f "$jar" ] || { echo "train-vs-torch: build $jar first (mvn -o -DskipTests package)" >&2; exit 2; }
java_run() {
  java --add-modules jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 -Ddilate.threads="$threads" \
    -cp "$jar" dev.dilate.train.Throughput "$steps" 2>/dev/null | grep -o "[0-9,]* tokens/s" | tr -d ', tokens/'
}
torch_run() {
  /usr/bin/python3 "$root/scripts/train_throughput_torch.py" "$threads" "$steps" | tee -a /tmp/train-vs-torch.log |
    grep -o "[0-9,]* tokens/s" | tr -d ', tokens/'
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
: > /tmp/train-vs-torch.java; : > /tmp/train-vs-torch.torch; : > /tmp/train-vs-torch.log
for ((i = 0; i < rounds; i++)); do
  if ((i % 2 == 0)); then j=$(java_run); t=$(torch_run); else t=$(torch_run); j=$(java_run); fi
  echo "$j" >> /tmp/train-vs-torch.java; echo "$t" >> /tmp/train-vs-torch.torch
  printf "round %d: java %6d  pytorch %6d tokens/s\n" $((i + 1)) "$j" "$t"
done
head -1 /tmp/train-vs-torch.log | sed 's/:.*//'
j=$(median < /tmp/train-vs-torch.java); t=$(median < /tmp/train-vs-torch.torch)
printf "median over %d rounds, %d threads: java %d, pytorch %d tokens/s, java / pytorch = %.2f\n" \
  "$rounds" "$threads" "$j" "$t" "$(awk -v a="$j" -v b="$t" 'BEGIN {print a / b}')"
