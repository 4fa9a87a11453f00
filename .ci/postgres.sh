# Sourced by .ci/run: makes a throw-away PostgreSQL cluster on loopback for the Host store tests and
# exports DTSMDRL_TEST_POSTGRES (an Npgsql connection string). Without that variable the PostgreSQL
# tests report as skipped. Installs Debian's server package with apt-get when it is missing.
#   DTSMDRL_PG_PORT  port (default 55432)   DTSMDRL_PG_DIR  cluster folder (default /tmp/dtsmdrl-ci-postgres)
pg_port="${DTSMDRL_PG_PORT:-55432}"
pg_dir="${DTSMDRL_PG_DIR:-${TMPDIR:-/tmp}/dtsmdrl-ci-postgres}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  echo ".ci: installing PostgreSQL (apt-get install postgresql)" >&2
  if [ "$(id -u)" = "0" ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  apt_log="${TMPDIR:-/tmp}/dtsmdrl-ci-postgres-apt.log"
  { "${sudo_cmd[@]}" apt-get -q update && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -q install -y --no-install-recommends postgresql; } >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; echo ".ci: apt-get install postgresql failed (log: $apt_log)" >&2; exit 1; }
fi
bin="$(pg_bin)"
[ -x "$bin/initdb" ] || { echo ".ci: PostgreSQL server binaries not found after install" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user (created by the package).
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

as_pg "$bin/pg_ctl" -D "$pg_dir" stop -m fast >/dev/null 2>&1 || true
rm -rf "$pg_dir" && mkdir -p "$pg_dir"
[ "$(id -u)" = "0" ] && chown postgres:postgres "$pg_dir"
as_pg "$bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
as_pg "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }
"$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres dtsmdrl_test
export DTSMDRL_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=dtsmdrl_test"
stop_postgres() { as_pg "$bin/pg_ctl" -D "$pg_dir/data" stop -m fast >/dev/null 2>&1 || true; }
echo ".ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (DTSMDRL_TEST_POSTGRES)" >&2
