#!/usr/bin/env bash
# Installs dependencies, builds a release Flotilla and starts it with the embedded
# control plane on the default SQLite store. Extra arguments go to `flotilla`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

data_dir="${FLOTILLA_DATA_DIR:-$HOME/.local/share/Flotilla/flotilla}"
echo "Starting Flotilla (data dir: $data_dir; stop with Ctrl-C)"
exec build/release/app/flotilla --headless --data-dir "$data_dir" "$@"
