#!/usr/bin/env bash
# Measures the lifeboat binary on the scale cases benches/check.rs generates (200,000
# resources in one file, 40,000 coverage groups, 10,000 findings in one file, a 100 x 100
# module fan-out, 2,000 fixture modules): wall time, peak memory (max RSS) and memory per
# input byte, plus the single-module startup a pre-commit hook sees. Timings of the parser
# floor against the whole check come from `cargo bench --bench check` (divan).
# Usage: scripts/bench.sh [CORPUS_DIR...]   (extra directories, e.g. a fetched monorepo)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
# Generating the cases is the bench binary's first step; `--list` stops it there.
cargo bench --quiet --bench check -- --list >/dev/null
bin=target/release/lifeboat
printf '%-28s %10s %9s %12s %8s\n' case "input MB" "wall s" "max RSS MB" "RSS/in"
measure() {
  local name=$1 dir=$2
  local bytes
  bytes=$(find "$dir" \( -name '*.tf' -o -name '*.yaml' -o -name '*.json' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  local stats
  stats=$(mktemp)
  /usr/bin/time -o "$stats" -f "%e %M" "$bin" check "$dir" --format json --output /dev/null >/dev/null 2>&1 || true
  read -r wall rss < <(tail -1 "$stats")
  rm -f "$stats"
  awk -v n="$name" -v b="$bytes" -v w="$wall" -v r="$rss" \
    'BEGIN { printf "%-28s %10.1f %9.2f %12.0f %8.1f\n", n, b/1e6, w, r/1024, (r*1024)/(b>0?b:1) }'
}
for dir in target/bench-cases/full/*/; do
  measure "$(basename "$dir")" "$dir"
done
for dir in "$@"; do
  measure "$(basename "$dir")" "$dir"
done
measure "startup (examples/seed)" examples/seed
