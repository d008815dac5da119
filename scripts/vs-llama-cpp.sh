#!/usr/bin/env bash
# dilate against llama.cpp's llama-diffusion-cli on the same GGUF files, interleaved in one run
# (these machines are noisy, so only ratios measured side by side mean anything).
#
#   scripts/vs-llama-cpp.sh LLAMA_DIFFUSION_CLI MODEL.gguf [MODEL.gguf ...]
#   MODE=decode scripts/vs-llama-cpp.sh LLAMA_DIFFUSION_CLI MODEL.gguf [...]
#
# Default mode, time per forward: a 64-token prompt (BOS + 63 bytes; the bench models' chat
# template passes text through) and a 256-position canvas in blocks of 32, 2 threads. llama.cpp
# runs one full forward per step with logits for every position; dilate's figure is the median of
# `dilate bench` (head over one block of 32) and again with --full-head (llama.cpp's work).
# MODE=decode, a whole decode: a 512-token prompt, 256 generated positions in blocks of 32, 5
# calls a block (40 in all, DUS's count). dilate runs `bench --decode` with DUS under the caches
# none, dual and delayed; llama.cpp has no cache, so its decode is 40 of its forwards.
# llama.cpp's time per forward is differential (the difference between its runs at 1 and 2 steps
# per block over the difference in forwards counted in its log), so its load and first forward are
# left out as dilate's warm-up call is; each dilate figure is the median of its timed calls.
# BLAS=onednn:bf16 (or onednn, onednn:int8, openblas, a BLAS library's path; several with commas)
# adds, in forward mode, dilate's times with its products on each native kernel (DILATE_BLAS),
# head over the block and full head, beside the Java kernels' in the same rounds.
# ROUNDS (default 3) rounds, medians; LLAMA_COMMIT names the llama.cpp commit in the output
# (default: COMMIT.txt two folders above the binary, if there is one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n 2,22p "$0"; exit 2; }
IFS=, read -r -a kernels <<<"${BLAS:-}"
cli="$1"; shift
[ -x "$cli" ] || { echo "vs-llama-cpp: $cli is not an executable llama-diffusion-cli" >&2; exit 2; }
rounds="${ROUNDS:-3}"
mode="${MODE:-forward}"
commit="${LLAMA_COMMIT:-$(head -c 40 "$(dirname "$cli")/../../COMMIT.txt" 2>/dev/null || echo unknown)}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
sentence="The dilated scheduler reveals tokens that are far apart, so the "
if [ "$mode" = decode ]; then prompt_tokens=512; canvas=256; calls=40; else prompt_tokens=64; canvas=256; calls=0; fi
prompt="$(printf "%s" "$(for _ in $(seq 12); do printf "%s" "$sentence"; done)" | head -c $((prompt_tokens - 1)))"
length=$((prompt_tokens + canvas)); blocks=$((length / 32))
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs), model $(grep -m1 '^model[[:space:]]' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo "vs-llama-cpp ($mode): llama.cpp $commit, $cpu, 2 threads, ${rounds} rounds (medians)${BLAS:+; native kernel columns: $BLAS}"

# One llama-diffusion-cli run at $2 steps per block: "forwards milliseconds".
llama_run() {
  local log forwards total
  log=$("$cli" -m "$1" -p "$prompt" -t 2 -ub "$length" -b "$length" --diffusion-steps $((blocks * $2)) --diffusion-block-length 32 \
        --seed 42 --temp 0 2>&1 | tr '\r' '\n')
  forwards=$(grep -ac "diffusion step:" <<<"$log" || true)
  total=$(grep -ao "total time: [0-9.]*ms" <<<"$log" | grep -o "[0-9.]*" | head -1)
  [ -n "$total" ] && [ "$forwards" -gt 0 ] || { echo "llama-diffusion-cli printed no timing for $1:" >&2; tail -5 <<<"$log" >&2; exit 1; }
  echo "$forwards $total"
}

# Seconds per forward of llama-diffusion-cli, differentially: runs at 1 and at 2 steps per block
# differ only in the forwards they make, so its load, first forward (page-in of the file) and
# warm-up cancel, as dilate's warm-up call is left out of `bench`.
llama_forward() {
  local one two
  one=$(llama_run "$1" 1); two=$(llama_run "$1" 2)
  awk -v a="$one" -v b="$two" 'BEGIN {split(a, x, " "); split(b, y, " "); print (y[2] - x[2]) / 1000 / (y[1] - x[1])}'
}
field() { grep -o "\"$1\": [0-9.]*" | grep -o "[0-9.]*$"; }

if [ "$mode" = decode ]; then
  printf "%-24s %10s %12s %10s %10s %10s %8s %8s %10s\n" model "llama s/fwd" "llama 40 s" "none s" "dual s" "delayed s" "dual/ll" "del/ll" "none/ll"
else
  printf "%-24s %12s %12s %14s %9s %14s" model "llama s/fwd" "dilate s/NFE" "dilate full s" ratio "ratio (full)"
  for kernel in "${kernels[@]}"; do printf " %14s %7s %14s %12s" "$kernel" ratio "$kernel full" "ratio (full)"; done
  echo
fi
for model in "$@"; do
  : > "$tmp/llama"; : > "$tmp/a"; : > "$tmp/b"; : > "$tmp/c"
  for j in "${!kernels[@]}"; do : > "$tmp/head$j"; : > "$tmp/full$j"; done
  for ((i = 0; i < rounds; i++)); do
    llama_forward "$model" >> "$tmp/llama"
    if [ "$mode" = decode ]; then
      json=$("$root/dilate" bench --decode -m "$model" --prompt 512 --canvas 256 --block 32 --planners dus --cache none,dual,delayed --json 2>/dev/null)
      field seconds <<<"$json" | sed -n 1p >> "$tmp/a"
      field seconds <<<"$json" | sed -n 2p >> "$tmp/b"
      field seconds <<<"$json" | sed -n 3p >> "$tmp/c"
    else
      "$root/dilate" bench -m "$model" --repeats 3 --json 2>/dev/null | field secondsPerNfe >> "$tmp/a"
      "$root/dilate" bench -m "$model" --repeats 1 --full-head --json 2>/dev/null | field secondsPerNfe >> "$tmp/b"
      for j in "${!kernels[@]}"; do
        DILATE_BLAS="${kernels[$j]}" "$root/dilate" bench -m "$model" --repeats 3 --json 2>/dev/null | field secondsPerNfe >> "$tmp/head$j"
        DILATE_BLAS="${kernels[$j]}" "$root/dilate" bench -m "$model" --repeats 1 --full-head --json 2>/dev/null | field secondsPerNfe >> "$tmp/full$j"
      done
    fi
  done
  l=$(median < "$tmp/llama"); a=$(median < "$tmp/a"); b=$(median < "$tmp/b")
  if [ "$mode" = decode ]; then
    c=$(median < "$tmp/c"); l40=$(awk -v l="$l" -v n="$calls" 'BEGIN {print l * n}')
    printf "%-24s %10.3f %12.2f %10.2f %10.2f %10.2f %8s %8s %10s\n" "$(basename "$model")" "$l" "$l40" "$a" "$b" "$c" \
      "$(ratio "$b" "$l40")" "$(ratio "$c" "$l40")" "$(ratio "$a" "$l40")"
  else
    printf "%-24s %12.3f %12.3f %14.3f %9s %14s" "$(basename "$model")" "$l" "$a" "$b" "$(ratio "$a" "$l")" "$(ratio "$b" "$l")"
    for j in "${!kernels[@]}"; do
      h=$(median < "$tmp/head$j"); f=$(median < "$tmp/full$j")
      printf " %14.3f %7s %14.3f %12s" "$h" "$(ratio "$h" "$l")" "$f" "$(ratio "$f" "$l")"
    done
    echo
  fi
done
