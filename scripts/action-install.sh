#!/usr/bin/env bash
# The GitHub Action's install step. LIFEBOAT_INSTALL chooses how lifeboat gets on PATH:
#   pypi    pip install lifeboat-cli at this action's version into a venv under RUNNER_TEMP:
#           the prebuilt wheel, seconds
#   source  cargo install --locked from the action's checkout: minutes, needs Rust
#   path    a lifeboat already on PATH (installed by an earlier step)
set -euo pipefail
action_path=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$action_path/Cargo.toml" | head -1)
case "${LIFEBOAT_INSTALL:-source}" in
  pypi)
    # A venv of its own: runners' system Pythons refuse pip installs (PEP 668).
    venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/lifeboat-venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "lifeboat-cli==$version"
    if [ -n "${GITHUB_PATH:-}" ]; then echo "$venv/bin" >> "$GITHUB_PATH"; fi
    PATH="$venv/bin:$PATH"
    ;;
  source)
    cargo install --locked --quiet --path "$action_path"
    ;;
  path)
    ;;
  *)
    echo "lifeboat action: install must be pypi, source or path, not '${LIFEBOAT_INSTALL}'" >&2
    exit 2
    ;;
esac
if ! command -v lifeboat >/dev/null 2>&1; then
  echo "lifeboat action: no lifeboat on PATH after install '${LIFEBOAT_INSTALL:-source}'" >&2
  exit 2
fi
installed=$(lifeboat --version)
if [ "$installed" != "lifeboat $version" ]; then
  echo "lifeboat action: PATH has '$installed', the action is $version" >&2
  [ "${LIFEBOAT_INSTALL:-source}" = path ] || exit 2
fi
echo "$installed"
