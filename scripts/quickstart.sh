#!/bin/sh
# The README's first command: install sggen into .venv beside this checkout (never into the
# system's Python), then build the example project. Works where `python3 -m venv` cannot give
# the environment its own pip (Debian and Ubuntu without python3-venv): the environment is then
# made without pip and the system's pip installs into it.
set -eu
cd "$(dirname "$0")/.."

say() { printf 'quickstart: %s\n' "$*" >&2; }
remedy="install python3-venv (apt install python3-venv) or pipx (then: pipx install .), and run this again"

if ! command -v python3 >/dev/null 2>&1; then
    say "python3 not found: install Python 3.10 or newer"
    exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    say "sggen needs Python 3.10 or newer; python3 is $(python3 -c 'import platform; print(platform.python_version())')"
    exit 1
fi

if made=$(python3 -m venv .venv 2>&1); then
    .venv/bin/python -m pip install --disable-pip-version-check .
elif python3 -c 'import ensurepip' 2>/dev/null; then
    printf '%s\n' "$made" >&2  # not the missing ensurepip: venv's own message says what
    exit 1
# pip >= 22.3 installs into another interpreter with --python; the venv gets its own pip too,
# so that `pip install` in the activated environment never reaches the system's Python.
elif python3 -m venv --without-pip .venv >/dev/null 2>&1 &&
    python3 -m pip --python .venv/bin/python --version >/dev/null 2>&1; then
    python3 -m pip --python .venv/bin/python install --disable-pip-version-check pip .
else
    say "this Python can make no virtual environment with pip (ensurepip is missing): $remedy"
    exit 1
fi

.venv/bin/sggen build --project example
say "sggen is installed in .venv; to run it as sggen in this shell: . .venv/bin/activate"
