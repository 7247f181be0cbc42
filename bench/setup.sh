#!/usr/bin/env bash
# Install what the benchmark needs besides sggen itself: pandoc (the baseline), GNU time
# (/usr/bin/time -v for a cross-check of max RSS) and pyinstrument (sampling profiler).
# Idempotent and non-interactive: a second run only checks. Run as root (or with sudo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
log() { printf 'bench/setup: %s\n' "$*"; }

APT_PACKAGES=(pandoc time)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done
if ((${#missing[@]})); then
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
else
    log "apt packages present: ${APT_PACKAGES[*]}"
fi

# sggen itself, editable, as the issue's benchmark measures the working tree.
if ! "$PYTHON" -c "import sggen" 2>/dev/null; then
    log "pip install -e $ROOT"
    "$PYTHON" -m pip install -q -e "$ROOT"
fi
if ! "$PYTHON" -c "import pyinstrument" 2>/dev/null; then
    log "pip install pyinstrument"
    "$PYTHON" -m pip install -q "pyinstrument>=4.6"
fi

log "$(pandoc --version | head -1); $("$PYTHON" -c 'import sggen; print("sggen", sggen.__version__)'); \
pyinstrument $("$PYTHON" -c 'import pyinstrument; print(pyinstrument.__version__)')"
