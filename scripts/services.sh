# Sourced by scripts/test.sh: makes sure the PostgreSQL, Redis and brokers the tests use are there, and
# Prometheus's promtool and Alertmanager's amtool, which check what the project serves and generates.
# Uses TEST_DATABASE_URL / TEST_REDIS_URL when set; otherwise the local servers on 5432 and 6379,
# starting them (and installing Debian's packages, as root) when they are not running.

# Debian installs the brokers' servers (nats-server, mosquitto) and start-stop-daemon in the sbin
# folders, which a user's PATH may lack; the tests that start private brokers need them too.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;;
esac

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing $*: install them (Debian: apt-get install $*) or set TEST_DATABASE_URL/TEST_REDIS_URL." >&2
    return 1
  fi
  echo "Installing $* from Debian's packages" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

pg_up() { node -e "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }

ensure_postgres() {
  [ -n "${TEST_DATABASE_URL:-}" ] && return 0
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  if ! pg_up; then
    echo "Starting the local PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start >&2
    for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  fi
  # The tests connect as postgres over TCP without a password (trust), as on this project's machines.
  pg_up || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; return 1; }
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  [ -n "${TEST_REDIS_URL:-}" ] && return 0
  if ! redis_up; then
    echo "Starting a local Redis" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >&2
    for _ in $(seq 1 50); do redis_up && break; sleep 0.2; done
  fi
  redis_up || { echo "Redis is not reachable on 127.0.0.1:6379" >&2; return 1; }
}

port_up() { node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; }

# await_port PORT NAME TRIES: waits up to TRIES x 0.2 s for PORT, else says NAME is not reachable.
await_port() {
  for _ in $(seq 1 "$3"); do port_up "$1" && return 0; sleep 0.2; done
  echo "$2 is not reachable on 127.0.0.1:$1" >&2
  return 1
}

# The brokers the microservice tests use (NATS with JetStream, RabbitMQ, Mosquitto): running on this
# project's machines; started again with the machine's own commands when they stopped.
ensure_nats() {
  [ -n "${TEST_NATS_URL:-}" ] && return 0
  port_up 4222 && return 0
  command -v nats-server >/dev/null 2>&1 || apt_install nats-server
  echo "Starting the local NATS server" >&2
  start-stop-daemon --start --oknodo --background --exec "$(command -v nats-server)" -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log >&2
  await_port 4222 NATS 50
}

ensure_rabbitmq() {
  [ -n "${TEST_AMQP_URL:-}" ] && return 0
  port_up 5672 && return 0
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
  echo "Starting the local RabbitMQ" >&2
  rabbitmq-server -detached >&2
  await_port 5672 RabbitMQ 150
}

ensure_mosquitto() {
  [ -n "${TEST_MQTT_URL:-}" ] && return 0
  port_up 1883 && return 0
  command -v mosquitto >/dev/null 2>&1 || apt_install mosquitto
  echo "Starting the local MQTT broker (Mosquitto)" >&2
  mosquitto -d -c /etc/mosquitto/mosquitto.conf >&2
  await_port 1883 Mosquitto 50
}

ensure_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  # Debian's prometheus package ships promtool; its service is not started here (no systemd).
  apt_install prometheus
  command -v promtool >/dev/null 2>&1 || { echo "promtool is missing after installing prometheus" >&2; return 1; }
}

ensure_amtool() {
  command -v amtool >/dev/null 2>&1 && return 0
  # Debian's prometheus-alertmanager ships amtool, which checks the generated Alertmanager config.
  apt_install prometheus-alertmanager
  command -v amtool >/dev/null 2>&1 || { echo "amtool is missing after installing prometheus-alertmanager" >&2; return 1; }
}
