#!/usr/bin/env bash
# Builds Flotilla with AddressSanitizer + UndefinedBehaviorSanitizer (warnings as
# errors) and runs the whole test suite, including the PostgreSQL runs, which start
# their own server on loopback. Installs missing dependencies first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/check-format.sh

# ccache: paths relative to the checkout and no working-directory hash, so a fresh clone
# in another folder (as CI makes) still hits the cache of earlier builds.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

cmake --preset asan
cmake --build --preset asan
ctest --preset asan --output-on-failure --timeout 1200
