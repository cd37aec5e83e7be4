#!/usr/bin/env bash
# Installs every build and test dependency of Flotilla on Debian 12 / Ubuntu 22.04+.
# Idempotent and non-interactive: safe to run again; does nothing when all is present.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang-format
  # libraries by design (README lists the reasons)
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qtkeychain-qt6-dev libyaml-cpp-dev libarchive-dev libssl-dev libgl-dev
  # test peers started by the tests themselves on loopback
  postgresql sqlite3 libbenchmark-dev googletest
  python3-kubernetes curl openssl diffutils
  # benchmarks: HTTP load from a second process
  wrk
  xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PostgreSQL's Debian package starts a cluster service we do not use: the tests start
# their own server in a temp dir. Only the binaries are needed.
echo "install-deps: all dependencies present"
