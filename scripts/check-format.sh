#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format's layout. `--fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cpp' '*.h')
((${#files[@]})) || exit 0
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/flotilla-format.log; then
  grep -oE '^[^: ]+\.(cpp|h):' /tmp/flotilla-format.log | sort -u | sed 's/:$//; s/^/  needs formatting: /'
  echo "check-format: run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ok (${#files[@]} files)"
