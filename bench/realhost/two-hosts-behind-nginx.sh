#!/usr/bin/env bash
# Two real hosts (dotnet run -c Release) on one PostgreSQL database behind nginx with deploy/nginx/zzut-workflows.conf,
# driven from outside with curl. Checks: the hosts answer through the proxy over HTTPS without redirect loops; a
# sign-in through nginx and its cookie work on either host; each client address behind nginx has its own sign-in limit
# (curl binds to 127.0.0.2 and 127.0.0.3, both loopback) while the proxy's own address is never counted; a client that
# connects to a host directly cannot choose its address with X-Forwarded-For.
# Needs: Debian's nginx and postgresql (scripts/test-postgres.sh starts a throw-away cluster), a Release build.
# Usage: bash bench/realhost/two-hosts-behind-nginx.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/zzut-nginx.XXXXXX)"
password='Choose-A-Long-Passw0rd-2026'
pids=()
source "$root/scripts/test-postgres.sh"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
  stop_test_postgres || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_test_postgres >/dev/null
database="${ZZUT_TEST_POSTGRES/Database=postgres/Database=zzut_nginx}"
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$ZZUT_TEST_POSTGRES")"
pg_password="$(sed -E 's/.*Password=([^;]+).*/\1/' <<<"$ZZUT_TEST_POSTGRES")"
PGPASSWORD="$pg_password" "$test_postgres_bin/psql" -h 127.0.0.1 -p "$pg_port" -U zzut -d postgres -qc "CREATE DATABASE zzut_nginx" >/dev/null

# nginx from the sample: the hosts on 127.0.0.1:5011/5012, TLS with a throw-away certificate on 127.0.0.1:18443.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null
sed -e "s|/etc/ssl/certs/workflows.zzut.edu.cn.pem|$work/cert.pem|; s|/etc/ssl/private/workflows.zzut.edu.cn.key|$work/key.pem|" \
    -e 's|listen 80;|listen 127.0.0.1:18080;|; s|listen 443 ssl http2;|listen 127.0.0.1:18443 ssl http2;|; /listen \[::\]/d' \
    -e 's|10.0.0.11:5000|127.0.0.1:5011|; s|10.0.0.12:5000|127.0.0.1:5012|' "$root/deploy/nginx/zzut-workflows.conf" > "$work/site.conf"
mkdir -p "$work/tmp"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
  log_format upstream '\$request_uri \$upstream_addr \$status';
  access_log $work/nginx-access.log upstream;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  include $work/site.conf;
}
EOF
nginx -t -c "$work/nginx.conf" 2>&1 | tail -n 1

for port in 5011 5012; do
  ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$port" Bootstrap__AdminPassword="$password" \
  Workflows__Database__Provider=PostgreSql ConnectionStrings__Workflows="$database" Workflows__DataPath="$work/data-$port" \
  Workflows__Proxy__KnownProxies__0=127.0.0.1 Workflows__Auth__SignInPermitLimit=5 \
    dotnet run -c Release --no-build --no-launch-profile --project "$root/src/Host" > "$work/host-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "host $port did not start"; tail -n 30 "$work/host-$port.log"; exit 1; }
done
nginx -c "$work/nginx.conf"

B=https://127.0.0.1:18443
code() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1 ($2)"; else echo "FAIL $1: got $2, expected $3"; fail=1; fi; }

check "health through nginx over HTTPS" "$(code $B/health)" 200
check "plain HTTP redirected to HTTPS by nginx" "$(code http://127.0.0.1:18080/)" 301
check "a page through nginx is not redirected again (X-Forwarded-Proto)" "$(code $B/login)" 200

# Sign in through nginx with a cookie; the next requests land on both hosts (round robin) and keep the session.
check "cookie sign-in through nginx" "$(code -c "$work/jar" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" $B/api/auth/cookie)" 200
ok=0; for _ in 1 2 3 4 5 6; do [ "$(code -b "$work/jar" $B/api/auth/me)" = 200 ] && ok=$((ok + 1)); done
check "the cookie is accepted on every request (6 requests)" "$ok" 6
check "those requests were served by both hosts" "$(grep '^/api/auth/me ' "$work/nginx-access.log" | awk '{print $2}' | sort -u | wc -l)" 2

# Each client behind nginx has its own sign-in limit (5 per minute here).
wrong() { code --interface "$1" -k -H 'content-type: application/json' -d '{"userName":"admin","password":"wrong-guess-1"}' $B/api/auth/login; }
codes=""; for _ in 1 2 3 4 5 6; do codes="$codes $(wrong 127.0.0.2)"; done
check "client 127.0.0.2: five refusals, then the limit" "$codes" " 401 401 401 401 401 429"
check "client 127.0.0.3 behind the same nginx is not limited by 127.0.0.2" "$(wrong 127.0.0.3)" 401
# Directly at a host, X-Forwarded-For from a non-proxy address is ignored: changing it does not escape the limit.
codes=""; for i in 1 2 3 4 5 6; do codes="$codes $(code --interface 127.0.0.4 -H "X-Forwarded-For: 198.51.100.$i" -H 'content-type: application/json' -d '{"userName":"admin","password":"wrong"}' http://127.0.0.1:5011/api/auth/login)"; done
check "a direct client naming other addresses in X-Forwarded-For is still limited" "${codes##* }" 429

echo "hosts' logs: $work (deleted on exit)"
exit $fail
