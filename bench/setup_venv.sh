#!/usr/bin/env bash
# Create the project's Python venv (<repo>/.venv, gitignored) and install the
# pinned packages of bench/requirements.txt into it. Idempotent: does nothing
# when the venv exists and already satisfies the requirements. Works from any cwd.
#
#   bash bench/setup_venv.sh            # then: .venv/bin/python ...
#   PYTHON=python3.11 bash bench/setup_venv.sh
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
VENV="$REPO_DIR/.venv"
REQ="$SCRIPT_DIR/requirements.txt"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup_venv: creating $VENV with $($PYTHON --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi

# Are the pinned requirements already satisfied? (exact == pins only)
if "$VENV/bin/python" - "$REQ" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
ok = True
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = version(name.strip())
    except PackageNotFoundError:
        have = None
    if have != want.strip():
        print(f"setup_venv: {name.strip()} wanted {want.strip()}, have {have}")
        ok = False
sys.exit(0 if ok else 1)
PY
then
    echo "setup_venv: $VENV already satisfies $REQ"
    exit 0
fi

"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQ"
echo "setup_venv: installed $REQ into $VENV"
