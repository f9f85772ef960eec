#!/usr/bin/env bash
# Editor support (docs/editors.md), checked with a real client: yaml-language-server, the server
# of VS Code's YAML extension, Neovim, Helix and others, at the version tests/editor's lock file
# pins (integrity-checked by npm ci, no install scripts run), talks LSP over stdio with
# tests/editor/lsp-check.mjs about the example `tollgate init` writes. The server is installed
# once per lock file into a cache folder outside the project (seconds; about 20 MB), so no
# node_modules ever appears in the checkout. A server that cannot be installed, does not start
# or does not answer fails the check; nothing is skipped.
#
# Needs: Node.js 20 or later and npm. The server declares Node.js 22.13 or later (CI sets up 22);
# it passes this check on 20 as well.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: the editor check needs Node.js (20 or later) and npm on PATH" >&2
  exit 2
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "error: the editor check needs Node.js 20 or later; this is $(node --version)" >&2
  exit 2
fi
lock=tests/editor/package-lock.json
key=$(cat tests/editor/package.json "$lock" | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/tollgate-ci/yaml-language-server-$key"
server="$cache/node_modules/yaml-language-server/bin/yaml-language-server"
if [ ! -f "$server" ]; then
  mkdir -p "$(dirname "$cache")"
  tmp=$(mktemp -d "$(dirname "$cache")/install.XXXXXX")
  cp tests/editor/package.json "$lock" "$tmp/"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  rm -rf "$cache"
  mv "$tmp" "$cache"
fi
echo "yaml-language-server $(node -p "require('$cache/node_modules/yaml-language-server/package.json').version") on Node.js $(node --version)"
cargo build --locked --quiet
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target="$(pwd)/$target" ;; esac
node tests/editor/lsp-check.mjs --server "$server" --tollgate "$target/debug/tollgate"
