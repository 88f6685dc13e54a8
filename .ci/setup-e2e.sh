#!/usr/bin/env bash
# Installs what the browser and end-to-end tests need; idempotent and offline apart from the npm
# registry and Debian packages:
#   1. Debian packages (chromium, ripgrep, a C toolchain and libkrb5-dev for code-server's native modules):
#      installed when root, otherwise the exact apt-get command is printed and the script fails.
#   2. The ripgrep download cache seeded with the apt binary (@vscode/ripgrep would fetch it from GitHub).
#   3. `npm ci` in test/e2e (code-server, pinned), skipped when the pinned version is already installed.
# npm 11 runs dependency install scripts only when approved: test/e2e/package.json's `allowScripts`
# approves code-server's postinstall (which builds VS Code's native modules) and argon2's build.
set -euo pipefail
cd "$(dirname "$0")/.."

CS_VERSION=4.100.3          # code-server pinned in test/e2e/package.json (VS Code 1.100.3, Node 20)
RG_PKG_VERSION=1.15.11      # @vscode/ripgrep version in that code-server's lib/vscode shrinkwrap
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev)

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
command -v pkg-config >/dev/null || missing+=(pkg-config)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== apt-get install ${APT_PACKAGES[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}"
  else
    echo "setup-e2e: missing Debian packages: ${missing[*]}. Run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
fi

installed=""
if [ -x test/e2e/node_modules/.bin/code-server ]; then
  installed=$(node -p 'require("./test/e2e/node_modules/code-server/package.json").version' 2>/dev/null || true)
fi
if [ "$installed" = "$CS_VERSION" ] && [ -d test/e2e/node_modules/code-server/lib/vscode/node_modules ]; then
  echo "== code-server $CS_VERSION already installed"
  exit 0
fi

cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG_VERSION"
if [ ! -f "$cache/$RG_ASSET" ]; then
  stage=$(mktemp -d)
  cp "$(command -v rg)" "$stage/rg"
  mkdir -p "$cache"
  tar czf "$cache/$RG_ASSET" -C "$stage" rg
  rm -rf "$stage"
fi

# node-gyp must find the running Node's headers locally (it would download them otherwise).
nodedir="${npm_config_nodedir:-}"
if [ -z "$nodedir" ]; then
  prefix=$(dirname "$(dirname "$(command -v node)")")
  if [ -f "$prefix/include/node/node.h" ]; then nodedir="$prefix"; else
    echo "setup-e2e: no Node headers under $prefix/include/node; set npm_config_nodedir to a Node $(node -v) prefix" >&2
    exit 1
  fi
fi

echo "== npm ci in test/e2e (code-server $CS_VERSION; builds native modules, ~2 min)"
# unsafe_perm: code-server's postinstall refuses to run as root without it; yes: node-pty's postinstall uses npx.
(cd test/e2e && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$nodedir" \
  npm ci --no-audit --no-fund --loglevel=error)
test/e2e/node_modules/.bin/code-server --config /dev/null --version >/dev/null
echo "== code-server $CS_VERSION installed"
