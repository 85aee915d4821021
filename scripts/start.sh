#!/usr/bin/env bash
# Starts the sample prediction service on embedded defaults: no database or cache server needed.
# Installs Node 24 and the dependencies when missing, builds, then runs `npm start`.
# Environment variables (PORT, DATABASE_URL, REDIS_URL, LOG_LEVEL, MODEL_PATH, ...) pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
ensure_dependencies
npm run --silent build >&2
exec npm start --silent
