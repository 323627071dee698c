#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: formatting, lints, unit and integration tests.
# Needs only the Rust toolchain (cargo, rustfmt, clippy); installs nothing else yet.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --check
cargo clippy --all-targets --all-features --locked -- -D warnings
cargo test --all-features --locked
