#!/usr/bin/env bash
# The GitHub Action's run step: reads its inputs from LIFEBOAT_* variables so it can be
# tested outside Actions. Writes SARIF first (never failing), then runs the gating check.
set -uo pipefail
read -r -a paths <<< "${LIFEBOAT_PATHS:-.}"
read -r -a extra <<< "${LIFEBOAT_ARGS:-}"
common=()
if [ -n "${LIFEBOAT_CONFIG:-}" ]; then
  common+=(--config "$LIFEBOAT_CONFIG")
fi
if [ -n "${LIFEBOAT_SARIF_OUTPUT:-}" ]; then
  sarif=(--format sarif --output "$LIFEBOAT_SARIF_OUTPUT" --fail-on never)
  if [ -n "${LIFEBOAT_SARIF_CATEGORY:-}" ]; then
    sarif+=(--sarif-category "$LIFEBOAT_SARIF_CATEGORY")
  fi
  lifeboat check "${paths[@]}" "${common[@]}" "${extra[@]}" "${sarif[@]}"
  status=$?
  if [ "$status" -ne 0 ]; then
    exit "$status"
  fi
fi
exec lifeboat check "${paths[@]}" "${common[@]}" "${extra[@]}" \
  --format "${LIFEBOAT_FORMAT:-github}" --fail-on "${LIFEBOAT_FAIL_ON:-error}"
