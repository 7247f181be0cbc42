#!/usr/bin/env bash
# Install everything the test suite needs, then run it. This is the README's test command and
# what CI runs. Exits non-zero when a test fails or when no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "$(id -u)" -eq 0 ]]; then
    bash scripts/install-test-tools.sh   # LibreOffice, fonts, the Open XML validator
else
    echo "test.sh: not root; LibreOffice and validator checks need: sudo bash scripts/install-test-tools.sh"
fi
# The .venv that scripts/quickstart.sh made, unless another environment is active: a system
# Python may refuse packages (externally managed).
python=python3
if [[ -z "${VIRTUAL_ENV:-}" && -x .venv/bin/python ]]; then
    python=.venv/bin/python
fi
"$python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

status=0
# A test module per worker on every core: a module renders its documents once (its fixtures)
# and checks many things on them, so modules, not tests, are shared out. pytest-benchmark,
# where the environment has it, would warn that it cannot time across workers: the suite
# times nothing (bench/ does).
"$python" -m pytest -W error -q --durations=30 -n auto --dist loadfile -p no:benchmark "$@" \
    || status=$?
if [[ $status -eq 5 ]]; then
    echo "test.sh: no tests ran" >&2
    exit 1
fi
exit $status
