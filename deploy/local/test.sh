#!/usr/bin/env bash
# `make test`: a throwaway cluster in a temporary directory, a migrated template database, then
# `swift test`; every test clones its own database from the template. The cluster is removed on
# success and on failure. Extra arguments go to `swift test` (e.g. --filter PoolTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/postgres.sh

ensure_system_packages

tmp=$(mktemp -d /tmp/health-talent-test.XXXXXX)
chmod 755 "$tmp"
cleanup() {
  set +e
  stop_cluster "$tmp/data"
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

init_cluster "$tmp/data"
give_to_cluster_owner "$tmp/run"
chmod 755 "$tmp/run"
# Durability is pointless for a throwaway cluster; sockets only, so nothing collides on a port.
start_cluster "$tmp/data" "$tmp/postgres.log" \
  "-c listen_addresses='' -k $tmp/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"

export TEST_DATABASE_URL="postgresql://postgres@/postgres?host=$tmp/run"
# The server's own log, which tests read to prove what it does not contain (document numbers).
export TEST_POSTGRES_LOG="$tmp/postgres.log"
export TEST_DATABASE_TEMPLATE=health_talent_template
ensure_command curl curl
# The unit files are checked with systemd-analyze (only the tool is used; nothing is started).
ensure_command systemd-analyze systemd
psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $TEST_DATABASE_TEMPLATE"

swift build --build-tests
DATABASE_URL="postgresql://postgres@/$TEST_DATABASE_TEMPLATE?host=$tmp/run" LOG_FORMAT=text \
  "$(swift build --show-bin-path)/health-talent" migrate

swift test --skip-build "$@"

# The contract and the proxy, unless only some tests were asked for.
if [ $# -eq 0 ] || [ "${CONTRACT:-}" = 1 ]; then
  TEST_SOCKET_DIR="$tmp/run" bash deploy/local/contract.sh
fi
if [ $# -eq 0 ] || [ "${BROWSER:-}" = 1 ]; then
  TEST_SOCKET_DIR="$tmp/run" bash deploy/local/browser.sh
fi
if [ $# -eq 0 ] || [ "${PROXY:-}" = 1 ]; then
  TEST_SOCKET_DIR="$tmp/run" bash deploy/check-proxy.sh
fi
if [ $# -eq 0 ] || [ "${OPERATIONS:-}" = 1 ]; then
  TEST_SOCKET_DIR="$tmp/run" bash deploy/check-operations.sh
fi
