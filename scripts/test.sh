#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: formatting, lints, unit and integration tests.
# Installs what the tests need and the machine may lack, inside the repository:
#   .tools/  Microsoft's SARIF multitool (npm), to validate SARIF output
#   .venv/   pre-commit (PyPI), to run the real hook in a test repository
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add rustfmt clippy >/dev/null 2>&1 || true

if [ ! -x .tools/node_modules/.bin/sarif-multitool ]; then
  echo "installing @microsoft/sarif-multitool into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
if [ ! -x .venv/bin/pre-commit ]; then
  echo "installing pre-commit into .venv/"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "pre-commit==4.*"
fi

cargo fmt --check
cargo clippy --all-targets --all-features --locked -- -D warnings
cargo test --all-features --locked
