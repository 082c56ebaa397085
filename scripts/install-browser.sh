#!/usr/bin/env bash
# Ensure a headless Chromium and its matching chromedriver are available for
# the browser end-to-end tests (crates/kuager-browser). Uses Debian packages:
# `chromium` (/usr/bin/chromium) and `chromium-driver` (/usr/bin/chromedriver).
# Also ensures DejaVu Sans (`fonts-dejavu-core`), the font the server-rendered
# charts of crates/kuager-charts draw their text with.
set -euo pipefail

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

# Install the font before the browser check below can exit early.
if [ ! -f "$FONT" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
    elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        sudo apt-get update -qq
        sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
    fi
    if [ -f "$FONT" ]; then
        echo "install-browser: installed fonts-dejavu-core"
    else
        echo "install-browser: $FONT missing; charts will be drawn without text (install fonts-dejavu-core)" >&2
    fi
fi

have_both() {
    command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1
}

versions() {
    local c d
    c="$(chromium --version 2>/dev/null | head -n1 || echo 'chromium: unknown version')"
    d="$(chromedriver --version 2>/dev/null | head -n1 || echo 'chromedriver: unknown version')"
    echo "${c}; ${d}"
}

if have_both; then
    echo "install-browser: already present: $(versions)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-browser: chromium/chromedriver missing and not root, and sudo is not available;" >&2
    echo "install-browser: please install the Debian packages 'chromium' and 'chromium-driver' as root." >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: apt-get not found; install chromium and chromedriver by other means" >&2
    echo "install-browser: (or point KUAGER_CHROMIUM / KUAGER_CHROMEDRIVER at them)." >&2
    exit 1
fi

"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null

if ! have_both; then
    echo "install-browser: apt-get finished but chromium/chromedriver are still not on PATH" >&2
    exit 1
fi

echo "install-browser: installed: $(versions)"
