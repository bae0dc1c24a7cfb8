#!/usr/bin/env bash
# Makes Python's `websockets` (PyPI) importable for the interop check (scripts/interop.sh): installs it
# with pip when running as root or inside a virtualenv. Exit 0: importable; exit 3: not installed, with
# the reason on stderr (the interop check is then skipped, saying so).
set -uo pipefail
if python3 -c 'import websockets' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] || [ -n "${VIRTUAL_ENV:-}" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore websockets 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages websockets 2>&1
    if python3 -c 'import websockets' 2>/dev/null; then exit 0; fi
    echo "interop-setup.sh: pip could not install websockets for $(command -v python3)" >&2
    exit 3
fi
echo "interop-setup.sh: Python's websockets is not installed and this is neither root nor a virtualenv;" \
    "install it (python3 -m pip install --user websockets) or run in a venv" >&2
exit 3
