#!/usr/bin/env bash
# Makes Python's `websockets` and `hypercorn` (PyPI) importable for the interop checks (scripts/interop.sh,
# scripts/interop-hypercorn.sh): installs them with pip when running as root or inside a virtualenv.
# Exit 0: importable; exit 3: not installed, with the reason on stderr (the interop check is then skipped, saying so).
set -uo pipefail
if python3 -c 'import websockets, hypercorn' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] || [ -n "${VIRTUAL_ENV:-}" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore websockets hypercorn 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages websockets hypercorn 2>&1
    if python3 -c 'import websockets, hypercorn' 2>/dev/null; then exit 0; fi
    echo "interop-setup.sh: pip could not install websockets and hypercorn for $(command -v python3)" >&2
    exit 3
fi
echo "interop-setup.sh: Python's websockets or hypercorn is not installed and this is neither root nor a virtualenv;" \
    "install them (python3 -m pip install --user websockets hypercorn) or run in a venv" >&2
exit 3
