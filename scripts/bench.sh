#!/usr/bin/env bash
# Measures lifeboat on a generated tree: N directories copied from the fixtures (Terraform
# modules with their local modules, CloudFormation templates), plus the single-module
# startup case a pre-commit hook sees.
# Usage: scripts/bench.sh [N]   (default 1000). Prints wall-clock times; uses hyperfine
# when it is installed, else the shell's `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
cargo build --release --quiet
bin=target/release/lifeboat
tree=target/bench-tree
rm -rf "$tree" && mkdir -p "$tree"
cases=(fixtures/*/*/)
for ((i = 0; i < n; i++)); do
  src="${cases[$((i % ${#cases[@]}))]}"
  mkdir -p "$tree/m$i" && cp -r "$src". "$tree/m$i/"
done
files=$(find "$tree" -name '*.tf' -o -name '*.yaml' -o -name '*.json' | wc -l)
bytes=$(du -sb "$tree" | cut -f1)
echo "tree: $n modules, $files files, $bytes bytes"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 -N -i "$bin check $tree --format json --output /dev/null" \
    "$bin check examples/seed --format json --output /dev/null"
else
  for cmd in "$bin check $tree --format json --output /dev/null" "$bin check examples/seed --format json --output /dev/null"; do
    echo "== $cmd"
    for _ in 1 2 3; do /usr/bin/time -f "%e s, %M KiB max RSS" $cmd || true; done
  done
fi
