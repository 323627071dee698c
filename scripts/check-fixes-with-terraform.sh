#!/usr/bin/env bash
# Checks lifeboat's fixes against Terraform itself (not part of the test command: it needs
# a `terraform` binary). Every fixture case, and every directory given as an argument (a
# public corpus), is copied to a scratch directory, fixed with `--fix --unsafe-fixes`, and
# then:
#   - `terraform fmt -check` must accept every file it accepted before the fix (a fix never
#     leaves a file that Terraform cannot parse or that fmt would lay out differently);
#   - `terraform validate` runs where `terraform init -backend=false` can install the
#     providers (it cannot without network access to the registry: then it is reported as
#     not run, never as passed).
# Usage: scripts/check-fixes-with-terraform.sh [DIR...]   (builds lifeboat first)
set -uo pipefail
cd "$(dirname "$0")/.."
command -v terraform >/dev/null || { echo "terraform is not installed"; exit 2; }
cargo build --quiet || exit 2
lifeboat="$PWD/target/debug/lifeboat"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# An empty CLI configuration: a missing one named by the environment makes terraform
# warn on every command.
: > "$scratch/terraformrc"
export TF_CLI_CONFIG_FILE="$scratch/terraformrc"

cases=()
for d in fixtures/*/*fail*/; do
  ls "$d"*.tf >/dev/null 2>&1 && cases+=("$d")
done
for d in "$@"; do cases+=("$d"); done

checked=0 fixed=0 worse=0 validated=0 invalid=0 not_validated=0
for case in "${cases[@]}"; do
  name=$(echo "$case" | tr '/' '_')
  work="$scratch/$name"
  mkdir -p "$work" && cp -R "$case"/. "$work"/
  mkdir -p "$work/.git"
  before=$(cd "$work" && terraform fmt -check -recursive -list=true 2>/dev/null | sort)
  # Files fmt cannot parse are listed by neither run: their errors are counted instead.
  parse_errors_before=$(cd "$work" && terraform fmt -check -recursive 2>&1 >/dev/null | grep -c "Error:")
  snapshot=$(cd "$work" && find . -name '*.tf' -type f -exec md5sum {} + | sort)
  "$lifeboat" check --fix --unsafe-fixes "$work" >/dev/null 2>"$scratch/fix.err"
  checked=$((checked + 1))
  after_snapshot=$(cd "$work" && find . -name '*.tf' -type f -exec md5sum {} + | sort)
  [ "$snapshot" = "$after_snapshot" ] && continue
  fixed=$((fixed + 1))
  after=$(cd "$work" && terraform fmt -check -recursive -list=true 2>/dev/null | sort)
  parse_errors_after=$(cd "$work" && terraform fmt -check -recursive 2>&1 >/dev/null | grep -c "Error:")
  newly=$(comm -13 <(echo "$before") <(echo "$after"))
  if [ -n "$newly" ] || [ "$parse_errors_after" -gt "$parse_errors_before" ]; then
    worse=$((worse + 1))
    echo "FMT: $case: the fixed files are not as terraform fmt writes them (or do not parse):"
    (cd "$work" && terraform fmt -check -recursive -diff 2>&1 | head -40)
  fi
  if (cd "$work" && timeout 120 terraform init -backend=false -input=false >/dev/null 2>&1); then
    if (cd "$work" && terraform validate -no-color >"$scratch/validate.out" 2>&1); then
      validated=$((validated + 1))
    else
      invalid=$((invalid + 1))
      echo "VALIDATE: $case:"; head -20 "$scratch/validate.out"
    fi
  else
    not_validated=$((not_validated + 1))
  fi
done
echo "cases: $checked; changed by --fix: $fixed; fmt worse after the fix: $worse"
echo "terraform validate: $validated passed, $invalid failed, $not_validated not run (providers could not be installed)"
[ "$worse" -eq 0 ] && [ "$invalid" -eq 0 ]
