#!/usr/bin/env bash
# Training tokens/s of the Java trainer against PyTorch on the reference shape (d 256, 6 layers,
# 8 heads, SwiGLU 704, vocabulary 23, batch 32 x 64, masked-diffusion loss, AdamW), interleaved
# in one run (these machines are noisy, so only ratios measured side by side mean anything).
#
#   scripts/train-vs-torch.sh [ROUNDS] [STEPS]      (defaults 3 and 10; THREADS=2)
#
# Java is dev.dilate.train.Throughput from dilate-cli/target/dilate.jar (built when missing; JAR=... picks
# another build); PyTorch is scripts/train_throughput_torch.py under Debian's /usr/bin/python3
# (which picks OpenBLAS when installed), run with OpenMP workers that sleep (PASSIVE, best on
# shared cores) and that spin (ACTIVE, best on quiet ones). Each round runs all three, rotating
# which goes first; prints every run with its round's ratio, the medians, Java over PyTorch's faster
# policy, and the median of the rounds' ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/jdk.sh"
rounds="${1:-3}" steps="${2:-10}" threads="${THREADS:-2}"
jar="${JAR:-$root/dilate-cli/target/dilate.jar}"
if [ ! -f "$jar" ] && [ -z "${JAR:-}" ]; then
  echo "train-vs-torch: building $jar ..." >&2
  (cd "$root" && mvn -q -DskipTests package) || { echo "train-vs-torch: the build failed" >&2; exit 2; }
fi
[ -f "$jar" ] || { echo "train-vs-torch: no $jar" >&2; exit 2; }
java_run() {
  java "${dilate_jvm_flags[@]}" -Ddilate.threads="$threads" \
    -cp "$jar" dev.dilate.train.Throughput "$steps" 2>/dev/null | grep -o "[0-9,]* tokens/s" | tr -d ', tokens/'
}
torch_run() {
  OMP_WAIT_POLICY="$1" /usr/bin/python3 "$root/scripts/train_throughput_torch.py" "$threads" "$steps" | tee -a /tmp/train-vs-torch.log |
    grep -o "[0-9,]* tokens/s" | tr -d ', tokens/'
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
: > /tmp/train-vs-torch.java; : > /tmp/train-vs-torch.passive; : > /tmp/train-vs-torch.active; : > /tmp/train-vs-torch.log
: > /tmp/train-vs-torch.ratio
for ((i = 0; i < rounds; i++)); do
  for ((slot = 0; slot < 3; slot++)); do
    case $(((i + slot) % 3)) in
      0) java_run >> /tmp/train-vs-torch.java ;;
      1) torch_run PASSIVE >> /tmp/train-vs-torch.passive ;;
      2) torch_run ACTIVE >> /tmp/train-vs-torch.active ;;
    esac
  done
  rj=$(tail -1 /tmp/train-vs-torch.java) rp=$(tail -1 /tmp/train-vs-torch.passive) ra=$(tail -1 /tmp/train-vs-torch.active)
  awk -v a="$rj" -v p="$rp" -v b="$ra" 'BEGIN {print a / (p > b ? p : b)}' >> /tmp/train-vs-torch.ratio
  printf "round %d: java %6d  pytorch passive %6d  active %6d tokens/s  ratio %.2f\n" $((i + 1)) "$rj" "$rp" "$ra" "$(tail -1 /tmp/train-vs-torch.ratio)"
done
head -1 /tmp/train-vs-torch.log | sed 's/, OMP_WAIT_POLICY.*//; s/:.*//'
j=$(median < /tmp/train-vs-torch.java); p=$(median < /tmp/train-vs-torch.passive); a=$(median < /tmp/train-vs-torch.active)
t=$((p > a ? p : a))
printf "medians over %d rounds, %d threads: java %d, pytorch %d passive / %d active tokens/s; java / pytorch (faster policy) = %.2f\n" \
  "$rounds" "$threads" "$j" "$p" "$a" "$(awk -v a="$j" -v b="$t" 'BEGIN {print a / b}')"
# The machines' speed drifts within minutes; a round's three runs are adjacent in time, so the
# median of the rounds' own ratios is the steadier figure.
printf "median of the rounds' ratios (java / the round's faster pytorch): %.2f\n" "$(median < /tmp/train-vs-torch.ratio)"
