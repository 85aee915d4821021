#!/usr/bin/env bash
# Runs the whole test suite: installs Node 24 and the dependencies when missing, makes sure
# PostgreSQL, Redis, NATS, RabbitMQ and Mosquitto are running (starting or installing them as needed) and that promtool is
# installed (and amtool), then runs every test.
# Ends with the line `N passed, N failed`. Extra arguments go to Jest (e.g. a path filter).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
. scripts/services.sh
ensure_dependencies
ensure_postgres
ensure_redis
ensure_nats
ensure_rabbitmq
ensure_mosquitto
ensure_promtool
ensure_amtool
# Tests that pack the library or run the sample as built use the library's own build.
npm run --silent build:library >&2
exec npm test --silent -- "$@"
