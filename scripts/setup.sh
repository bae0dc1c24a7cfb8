#!/usr/bin/env bash
# Installs what wsbench needs on a fresh Debian machine: zlib, OpenSSL, nghttp2, ISA-L, libdeflate and jemalloc headers, pkg-config.
# As root it uses apt-get; otherwise it says what to install and exits non-zero.
# Usage: scripts/setup.sh [extra-debian-package ...]
set -euo pipefail

need=()
for pkg in zlib1g-dev libssl-dev libnghttp2-dev libisal-dev libdeflate-dev libjemalloc-dev pkg-config "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ! command -v swift >/dev/null 2>&1; then
    echo "wsbench: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first." >&2
    exit 1
fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "wsbench: installing ${need[*]} with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "wsbench: missing Debian packages: ${need[*]}" >&2
        echo "         run: sudo apt-get install ${need[*]}   (then run this command again)" >&2
        exit 1
    fi
fi
