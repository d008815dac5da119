#!/usr/bin/env bash
# Time per NFE of dilate against llama.cpp's llama-diffusion-cli on the same GGUF files, interleaved
# in one run (these machines are noisy, so only ratios measured side by side mean anything).
#
#   scripts/vs-llama-cpp.sh LLAMA_DIFFUSION_CLI MODEL.gguf [MODEL.gguf ...]
#
# Both sides see a 64-token prompt (BOS + 63 bytes; the bench models' chat template passes text
# through) and a 256-position canvas in blocks of 32, with 2 threads. llama.cpp runs 10 steps, one per
# block of its 320-position sequence, each a full forward with logits for every position; its time
# per forward is its total time over the forwards it made. dilate's is the median of `dilate bench`,
# which computes the head for one block's 32 positions, and again with --full-head.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n 2,11p "$0"; exit 2; }
cli="$1"; shift
[ -x "$cli" ] || { echo "vs-llama-cpp: $cli is not an executable llama-diffusion-cli" >&2; exit 2; }
rounds="${ROUNDS:-3}"
prompt="The dilated scheduler reveals tokens that are far apart, so the"   # 63 bytes
[ "${#prompt}" -eq 63 ] || { echo "prompt must be 63 bytes" >&2; exit 1; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf "%-28s %12s %12s %14s %9s %14s\n" model "llama s/fwd" "dilate s/NFE" "dilate full s" ratio "ratio (full)"
for model in "$@"; do
  : > /tmp/vs.llama; : > /tmp/vs.dilate; : > /tmp/vs.full
  for ((i = 0; i < rounds; i++)); do
    log=$("$cli" -m "$model" -p "$prompt" -t 2 -ub 320 -b 320 --diffusion-steps 10 --diffusion-block-length 32 \
          --seed 42 --temp 0 2>&1 | tr '\r' '\n')
    forwards=$(grep -c "diffusion step:" <<<"$log" || true)
    total=$(grep -o "total time: [0-9.]*ms" <<<"$log" | grep -o "[0-9.]*" | head -1)
    [ -n "$total" ] && [ "$forwards" -gt 0 ] || { echo "llama-diffusion-cli printed no timing for $model:" >&2; tail -5 <<<"$log" >&2; exit 1; }
    awk -v t="$total" -v n="$forwards" 'BEGIN {print t / 1000 / n}' >> /tmp/vs.llama
    "$root/dilate" bench -m "$model" --repeats 3 --json 2>/dev/null | grep -o '"secondsPerNfe": [0-9.]*' | grep -o "[0-9.]*$" >> /tmp/vs.dilate
    "$root/dilate" bench -m "$model" --repeats 1 --full-head --json 2>/dev/null | grep -o '"secondsPerNfe": [0-9.]*' | grep -o "[0-9.]*$" >> /tmp/vs.full
  done
  l=$(median < /tmp/vs.llama); d=$(median < /tmp/vs.dilate); f=$(median < /tmp/vs.full)
  printf "%-28s %12.3f %12.3f %14.3f %9.2f %14.2f\n" "$(basename "$model")" "$l" "$d" "$f" \
    "$(awk -v a="$d" -v b="$l" 'BEGIN {print a / b}')" "$(awk -v a="$f" -v b="$l" 'BEGIN {print a / b}')"
done
