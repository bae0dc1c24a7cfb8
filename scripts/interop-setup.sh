#!/usr/bin/env bash
# Makes Python's `websockets`, `h2`, `wsproto` and `hypercorn` (PyPI) importable for the interop checks
# (scripts/interop.sh; h2 + wsproto make the independent RFC 8441 client; hypercorn is the RFC 8441 server
# scripts/interop-hypercorn.sh drives): installs them with pip when running as root or inside a virtualenv.
# Exit 0: importable; exit 3: not installed, with the reason on stderr (the interop check is then skipped,
# saying so).
set -uo pipefail
packages="websockets h2 wsproto hypercorn"
importable() { python3 -c 'import websockets, h2, wsproto, hypercorn' 2>/dev/null; }
if importable; then exit 0; fi
if [ "$(id -u)" = 0 ] || [ -n "${VIRTUAL_ENV:-}" ]; then
    # shellcheck disable=SC2086
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore $packages 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages $packages 2>&1
    if importable; then exit 0; fi
    echo "interop-setup.sh: pip could not install $packages for $(command -v python3)" >&2
    exit 3
fi
echo "interop-setup.sh: Python's $packages are not all installed and this is neither root nor a virtualenv;" \
    "install them (python3 -m pip install --user $packages) or run in a venv" >&2
exit 3
