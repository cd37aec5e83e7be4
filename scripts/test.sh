#!/usr/bin/env bash
# Builds Flotilla with AddressSanitizer + UndefinedBehaviorSanitizer (warnings as
# errors) and runs the whole test suite, including the PostgreSQL runs, which start
# their own server on loopback. Installs missing dependencies first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/check-format.sh

cmake --preset asan
cmake --build --preset asan
ctest --preset asan --output-on-failure
