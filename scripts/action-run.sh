#!/usr/bin/env bash
# The GitHub Action's run step: reads its inputs from LIFEBOAT_* variables so it can be
# tested outside Actions. Writes SARIF first (never failing), then runs the gating check.
set -uo pipefail
read -r -a paths <<< "${LIFEBOAT_PATHS:-.}"
read -r -a extra <<< "${LIFEBOAT_ARGS:-}"

# Registry and git modules are read from .terraform/modules: download them first, or the
# resources inside them go unchecked (the report counts such calls).
get_modules() {
  local dir
  find "${paths[@]}" -name '*.tf' -not -path '*/.terraform/*' -print0 2>/dev/null \
    | xargs -0 -r -n1 dirname | sort -u | while read -r dir; do
      if grep -qsE '^[[:space:]]*source[[:space:]]*=[[:space:]]*"[^.]' "$dir"/*.tf; then
        terraform -chdir="$dir" get -no-color >/dev/null 2>&1 \
          || echo "::warning::terraform get failed in $dir; modules it calls are not checked"
      fi
    done
}
case "${LIFEBOAT_TERRAFORM_GET:-auto}" in
  true) get_modules ;;
  auto) if command -v terraform >/dev/null 2>&1; then get_modules; fi ;;
esac
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
# The coverage map, for people reading the job (never failing the job).
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "${LIFEBOAT_COVERAGE_SUMMARY:-true}" = "true" ]; then
  lifeboat coverage --format markdown "${paths[@]}" "${common[@]}" "${extra[@]}" \
    >> "$GITHUB_STEP_SUMMARY" 2>/dev/null || true
fi
exec lifeboat check "${paths[@]}" "${common[@]}" "${extra[@]}" \
  --format "${LIFEBOAT_FORMAT:-github}" --fail-on "${LIFEBOAT_FAIL_ON:-error}"
