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
ensure_wrk

CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
PORT=${PORT:-18090}

. bench/server.sh
curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $token" >/dev/null

echo "GET /api/v1/me, $CONNECTIONS connections, $DURATION, DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me"
echo "GET /healthz (no database, no authentication), for comparison:"
wrk -t2 -c"$CONNECTIONS" -d5s --latency "http://127.0.0.1:$PORT/healthz" | grep -E "Requests/sec|50%|99%|Non-2xx"
