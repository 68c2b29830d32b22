#!/usr/bin/env bash
# Installs what building and testing headroom needs, and nothing when it is already there.
# Sourced by scripts/test and scripts/run; runnable alone. Debian 12 / Ubuntu with apt; Node >= 20
# is expected on PATH (Debian's own Node 18 is too old for Playwright).
set -euo pipefail

# fonts-wqy-microhei: Chinese glyphs for the Chinese page's screenshots (tests/e2e/zh.spec.mjs checks one is there).
HEADROOM_APT_PACKAGES=(build-essential cmake python3 emscripten nlohmann-json3-dev catch2 chromium fonts-wqy-microhei)

_hr_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

_hr_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "deps: need root (or sudo) to run: $*" >&2; return 1
  fi
}

_hr_missing_apt() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$p"
  done
}

headroom_install_deps() {
  local root missing=()
  root=$(_hr_root)
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    mapfile -t missing < <(_hr_missing_apt "${HEADROOM_APT_PACKAGES[@]}")
    # Debian's npm conflicts with a NodeSource/setup-node Node: only when npm is missing.
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if [ "${#missing[@]}" -gt 0 ]; then
      echo "deps: installing ${missing[*]}"
      _hr_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      _hr_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
  else
    echo "deps: no apt here; expecting ${HEADROOM_APT_PACKAGES[*]} (or equivalents) installed" >&2
  fi

  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "deps: warning: Node $(node --version 2>/dev/null || echo missing) found; Node >= 20 is needed for Playwright" >&2
  fi

  # npm ci only when the lock file changed since the last successful install.
  if [ -f "$root/package.json" ]; then
    local stamp="$root/node_modules/.headroom-lock.sha256" want
    want=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
      echo "deps: npm ci"
      (cd "$root" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
      echo "$want" > "$stamp"
    fi
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  headroom_install_deps
fi
