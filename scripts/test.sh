#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine and prints one summary line counted from the TRX results:
#   N passed, N failed, N skipped
# Exit code: 0 when nothing failed (and something ran), non-zero otherwise.
# Services that tests need (SMTP, PostgreSQL, Chromium) are installed and started here when later test suites need
# them, on loopback only, and stopped on exit.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- services the tests use, from Debian's packages, installed when missing -------------------------------------
apt_updated=0
need_package() { # $1 = Debian package, $2 = command that succeeds when it is usable
  if ! bash -c "$2" >/dev/null 2>&1; then
    echo "==> installing $1"
    if [ "$(id -u)" -ne 0 ]; then echo "need root to install $1 (sudo $0)"; exit 1; fi
    if [ "$apt_updated" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
    bash -c "$2" >/dev/null 2>&1 || { echo "$1 is still not usable after installing it"; exit 1; }
  fi
}
# A real SMTP server for the e-mail tests (each test starts its own on a free loopback port and stops it).
need_package python3-aiosmtpd "/usr/bin/python3 -c 'import aiosmtpd'"
# A real browser for the web UI tests (headless Chromium driven through ChromeDriver, started by each test).
need_package chromium "/usr/bin/chromium --version"
need_package chromium-driver "/usr/bin/chromedriver --version"
# A real PostgreSQL server for the suites that run on both providers: a throw-away cluster on loopback, stopped and
# deleted on exit (scripts/test-postgres.sh). Without it the PostgreSQL tests fail under CI=true and are ignored elsewhere.
need_package postgresql "ls /usr/lib/postgresql/*/bin/initdb"
source "$root/scripts/test-postgres.sh"
trap stop_test_postgres EXIT
if ! start_test_postgres; then
  echo "could not start the test PostgreSQL cluster"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "==> restore and build"
if ! dotnet build ZzutWorkflows.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "==> test"
dotnet test ZzutWorkflows.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results"
test_status=$?

shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "no test results were written"
  echo "0 passed, 1 failed"
  exit 1
fi

# Sum the <Counters> of every TRX file.
read -r passed failed skipped total < <(
  for f in "${trx_files[@]}"; do
    grep -o '<Counters [^>]*>' "$f"
  done | awk '
    function attr(name,   m) { if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
    { p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout") + attr("aborted"); t += attr("total"); n += attr("notExecuted") }
    END { print p, f, n, t }')

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
exit 0
