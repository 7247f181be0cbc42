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
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

status=0
python3 -m pytest -W error -q "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "test.sh: no tests ran" >&2
    exit 1
fi
exit $status
