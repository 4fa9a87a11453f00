# Sourced by .ci/run: starts a throw-away Redis on loopback for the cluster's multi-process test (Redis membership)
# and exports DTSMDRL_TEST_REDIS (a StackExchange.Redis connection string). Without that variable the test reports
# as skipped. Installs Debian's redis-server with apt-get when it is missing. Nothing is persisted (no RDB, no AOF).
#   DTSMDRL_REDIS_PORT  port (default: a free loopback port)   DTSMDRL_REDIS_DIR  folder (default /tmp/dtsmdrl-ci-redis)
redis_dir="${DTSMDRL_REDIS_DIR:-${TMPDIR:-/tmp}/dtsmdrl-ci-redis}"

if ! command -v redis-server >/dev/null 2>&1; then
  echo ".ci: installing Redis (apt-get install redis-server)" >&2
  if [ "$(id -u)" = "0" ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  redis_apt_log="${TMPDIR:-/tmp}/dtsmdrl-ci-redis-apt.log"
  { "${sudo_cmd[@]}" apt-get -q update && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -q install -y --no-install-recommends redis-server; } >"$redis_apt_log" 2>&1 \
    || { tail -n 20 "$redis_apt_log" >&2; echo ".ci: apt-get install redis-server failed (log: $redis_apt_log)" >&2; exit 1; }
fi

# A free loopback port, unless one is given.
redis_port="${DTSMDRL_REDIS_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}"
rm -rf "$redis_dir" && mkdir -p "$redis_dir"
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" --save "" --appendonly no --daemonize yes \
  --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null \
  || { cat "$redis_dir/redis.log" >&2 2>/dev/null; echo ".ci: redis-server did not start" >&2; exit 1; }
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 || { cat "$redis_dir/redis.log" >&2; echo ".ci: redis-server does not answer" >&2; exit 1; }
export DTSMDRL_TEST_REDIS="127.0.0.1:$redis_port"
stop_redis() { redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; }
echo ".ci: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$redis_port (DTSMDRL_TEST_REDIS)" >&2
