#!/usr/bin/env bash
# Measures an organization audit against moto (from .venv, see scripts/test.sh) at several
# sizes: N member accounts (plus the management account), each with a vault in two regions.
# Prints accounts, concurrency, wall seconds, API calls and peak memory per run.
#   scripts/org-scale.sh [BINARY] [SIZES...]     (default: target/debug/lifeboat 20 100 200)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/lifeboat}
shift || true
sizes=${*:-20 100 200}
export AWS_ACCESS_KEY_ID=AKIAEMULATORTESTKEY AWS_SECRET_ACCESS_KEY=emulator AWS_SESSION_TOKEN=emulator
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
printf '%-9s %-12s %-9s %-10s %-12s\n' accounts concurrency wall_s api_calls peak_rss_mb
for n in $sizes; do
  port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
  .venv/bin/moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  moto=$!
  trap 'kill $moto 2>/dev/null || true' EXIT
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
  .venv/bin/python tests/live/setup_org.py "http://127.0.0.1:$port" --scale "$n" >/dev/null
  for c in 4 16 64; do
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log.time" "$bin" audit --organization --role-name LifeboatAudit \
      --region us-east-1 --region us-west-2 --endpoint-url "http://127.0.0.1:$port" \
      --concurrency "$c" --format json --output /dev/null 2>"$log" || true
    calls=$(grep -Eo 'with [0-9]+ API calls' "$log" | grep -Eo '[0-9]+' || echo '?')
    read -r wall rss < <(tail -n 1 "$log.time")
    printf '%-9s %-12s %-9s %-10s %-12s\n' "$((n + 1))" "$c" "$wall" "$calls" "$((rss / 1024))"
    rm -f "$log" "$log.time"
  done
  kill "$moto" 2>/dev/null || true
  wait "$moto" 2>/dev/null || true
done
