#!/usr/bin/env bash
# Authenticated-request benchmark: GET /api/v1/me with a bearer token, the path every signed-in request
# takes (session lookup with roles, then the account and its verification). wrk drives it from the same
# machine, so client and server share the cores.
#
#   bash bench/authenticated-requests.sh              # 32 connections, 15 s
#   CONNECTIONS=64 DURATION=30s bash bench/authenticated-requests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
if ! command -v wrk >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
PORT=${PORT:-18090}

mkdir -p .data
work=$(mktemp -d "$(pwd)/.data/bench.XXXXXX")
chmod 755 "$work"
server_pid=""
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  stop_cluster "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

swift build -c release --product health-talent >&2
binary="$(swift build -c release --show-bin-path)/health-talent"
init_cluster "$work/pg"
give_to_cluster_owner "$work/run"; chmod 755 "$work/run"
start_cluster "$work/pg" "$work/pg.log" "-c listen_addresses='' -k $work/run"
psql -q "postgresql://postgres@/postgres?host=$work/run" -c "CREATE DATABASE bench"

DATABASE_URL="postgresql://postgres@/bench?host=$work/run" ATTACHMENTS_DIR="$work/attachments" \
  HTTP_PORT=$PORT LOG_LEVEL=warning LOG_FORMAT=text "$binary" serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

token=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/wechat" -H 'Content-Type: application/json' \
  -d '{"code":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $token" >/dev/null

echo "GET /api/v1/me, $CONNECTIONS connections, $DURATION, DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me"
echo "GET /healthz (no database, no authentication), for comparison:"
wrk -t2 -c"$CONNECTIONS" -d5s --latency "http://127.0.0.1:$PORT/healthz" | grep -E "Requests/sec|50%|99%|Non-2xx"
