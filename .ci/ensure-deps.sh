#!/usr/bin/env bash
# Installs the project's npm packages when node_modules is missing or older than the lockfile.
# npm 11 runs a dependency's install script only when package.json's `allowScripts` approves it, and warns
# ("npm warn install-scripts ... not yet covered by allowScripts") about every package it has no answer for.
# Those warnings are not errors: nothing here needs those scripts, so package.json answers `false` for each:
#   esbuild            its postinstall only re-checks the binary; esbuild loads it from @esbuild/<platform>
#   @vscode/vsce-sign  vsce's signing helper (publishing to the Marketplace); packing a .vsix does not sign
#   keytar             vsce's credential store (publishing); not used to pack or run
#   core-js            its postinstall prints a funding message
# A new dependency with an install script makes npm warn again: decide for it there (true runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
