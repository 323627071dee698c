#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: formatting, lints, unit and integration tests.
# Installs what the tests need and the machine may lack, inside the repository:
#   .tools/  Microsoft's SARIF multitool (npm), to validate SARIF output
#   .venv/   pre-commit (PyPI), to run the real hook in a test repository,
#            moto[server] (PyPI), the AWS API emulator the live-audit tests run against,
#            maturin (PyPI), which builds the Python wheel that carries the binary, and
#            lxml (PyPI), which validates the JUnit output against an XML schema
#   .tools/wheels/  setuptools, the pre-commit mirror's build backend (installed offline)
# and, from Debian's packages when it is missing, chromium: the coverage map's HTML is
# rendered in it headless.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add rustfmt clippy >/dev/null 2>&1 || true

if [ ! -x .tools/node_modules/.bin/sarif-multitool ]; then
  echo "installing @microsoft/sarif-multitool into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
# Every Python package at the exact version scripts/test-requirements.txt pins; the venv is
# made again when that file changes.
if ! cmp -s scripts/test-requirements.txt .venv/requirements.txt; then
  echo "installing pre-commit, moto[server], maturin and lxml into .venv/ (pinned)"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r scripts/test-requirements.txt
  .venv/bin/pip check >/dev/null
  cp scripts/test-requirements.txt .venv/requirements.txt
fi
# The build backend of the pre-commit mirror, for the offline hook install in tests/wheel.rs.
setuptools=84.2.1
if [ ! -f ".tools/wheels/setuptools-$setuptools-py3-none-any.whl" ]; then
  rm -f .tools/wheels/setuptools-*.whl
  .venv/bin/pip download --quiet --disable-pip-version-check --no-deps --dest .tools/wheels "setuptools==$setuptools"
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

cargo fmt --check
cargo clippy --all-targets --all-features --locked -- -D warnings
# One build of everything; the wheel (maturin, the same dev profile and features) reuses
# what it can. Measured on a fresh clone, it still compiles the AWS SDK crates again
# (about ten minutes on two cores): the test-only dependencies widen their features
# (likely aws-smithy-http-client's test-util), which a bin-only build does not share.
# tests/wheel.rs installs that wheel in a fresh venv.
cargo build --all-targets --all-features --locked
rm -f target/wheels/lifeboat_cli-*.whl
.venv/bin/maturin build --quiet --profile dev --locked --compatibility linux --out target/wheels
# The container image, where a container engine runs. None runs on the machines this suite
# was written on (the docker client is there, the engine is not): there the Dockerfile is
# not built, as the README says.
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  docker build --quiet --tag lifeboat:test .
  set +e
  docker run --rm --volume "$PWD/examples:/src:ro" lifeboat:test check /src/seed >/dev/null
  code=$?
  set -e
  [ "$code" -eq 1 ] || { echo "the image's lifeboat exited $code on examples/seed, not 1"; exit 1; }
  echo "container image built and run"
else
  echo "no container engine: the Dockerfile is not built (see the README)"
fi
# All targets (unit and integration tests; there are no doc tests), then one totals line.
log=$(mktemp)
cargo test --all-targets --all-features --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '; [0-9]+ failed' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"
