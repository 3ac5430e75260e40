#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, sourced by scripts/test.sh (or by hand: `source scripts/test-postgres.sh;
# start_test_postgres`, then `stop_test_postgres`). It runs Debian's server binaries from a temporary folder as an
# unprivileged user (`nobody` when run as root), listens on 127.0.0.1 on a free port only, requires a password
# (SCRAM, a random one per run), and is stopped and deleted by stop_test_postgres. It exports
#   ZZUT_TEST_POSTGRES  a connection string of the superuser to the `postgres` database; each test fixture creates
#                       (and drops) a database of its own with it, so fixtures run in parallel.
# Durability settings are off (fsync, synchronous_commit): the cluster is thrown away, and the tests are about
# behaviour, not about surviving a power loss.

test_postgres_dir=""
test_postgres_bin=""
test_postgres_user=""

start_test_postgres() {
  test_postgres_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$test_postgres_bin" ] || [ ! -x "$test_postgres_bin/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql (Debian package postgresql)"
    return 1
  fi

  test_postgres_dir="$(mktemp -d /tmp/zzut-test-postgres.XXXXXX)"
  chmod 700 "$test_postgres_dir"
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    test_postgres_user=nobody
    chown nobody "$test_postgres_dir"
    run=(runuser -u nobody --)
  fi

  local password port
  password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  printf '%s\n' "$password" > "$test_postgres_dir/pwfile"
  [ -n "$test_postgres_user" ] && chown "$test_postgres_user" "$test_postgres_dir/pwfile"
  if ! (cd "$test_postgres_dir" && "${run[@]}" "$test_postgres_bin/initdb" -D "$test_postgres_dir/data" -U zzut \
        --pwfile="$test_postgres_dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$test_postgres_dir/initdb.log" 2>&1); then
    cat "$test_postgres_dir/initdb.log"
    return 1
  fi
  rm -f "$test_postgres_dir/pwfile"

  if ! (cd "$test_postgres_dir" && "${run[@]}" "$test_postgres_bin/pg_ctl" -D "$test_postgres_dir/data" -l "$test_postgres_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $test_postgres_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
        start >/dev/null); then
    cat "$test_postgres_dir/server.log"
    return 1
  fi

  export ZZUT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=zzut;Password=$password;Database=postgres"
  echo "==> PostgreSQL $("$test_postgres_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away cluster in $test_postgres_dir)"
}

stop_test_postgres() {
  if [ -n "$test_postgres_dir" ] && [ -d "$test_postgres_dir/data" ]; then
    local run=()
    [ -n "$test_postgres_user" ] && run=(runuser -u "$test_postgres_user" --)
    (cd "$test_postgres_dir" && "${run[@]}" "$test_postgres_bin/pg_ctl" -D "$test_postgres_dir/data" -m immediate -w stop >/dev/null 2>&1)
  fi
  [ -n "$test_postgres_dir" ] && rm -rf "$test_postgres_dir"
  test_postgres_dir=""
  unset ZZUT_TEST_POSTGRES
}
