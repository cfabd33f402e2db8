#!/usr/bin/env bash
# Review-list benchmark (issue 14): a unit administrator's first page of submitted declarations
# (试用期审核), `GET /api/v1/units/{id}/trial-applications?status=submitted&limit=20`, over COUNT submitted
# declarations, beside /healthz and pgbench running exactly the statements the server ran for one such
# request (read from log_statement), alternately, three rounds, at 32 and 64 connections. Prints req/s,
# p50, p99, context switches per request and `ratio-to-limit: 0.NN (32), 0.NN (64)`.
#
#   bash bench/review-list.sh
#   ROUNDS=1 DURATION=5 COUNT=50 bash bench/review-list.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

COUNT=${COUNT:-200}
PORT=${PORT:-18093}

. bench/server.sh
. bench/lib/ratio.sh

DATABASE_URL="$db_url" "$binary" institutions import deploy/demo/institutions.csv >/dev/null
echo "setting up $COUNT submitted declarations through the API…" >&2
BENCH_SUBMIT=1 BENCH_UNIT_FILE="$work/unit.txt" DATABASE_URL="$db_url" ATTACHMENTS_DIR="$work/attachments" \
  python3 bench/lib/declarations.py "http://127.0.0.1:$PORT" "$binary" "$COUNT" > "$work/candidates.txt" \
  || { tail -20 "$work/server.log"; exit 1; }
read -r unit_token unit < "$work/unit.txt"
url="http://127.0.0.1:$PORT/api/v1/units/$unit/trial-applications?status=submitted&limit=20"
curl -sf "$url" -H "Authorization: Bearer $unit_token" >/dev/null
capture_statements "$work/list.sql" -- curl -sf "$url" -H "Authorization: Bearer $unit_token"
echo "statements the server runs for one page of the review list (from log_statement):"
sed 's/^/    /' "$work/list.sql"

echo "DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}, $ROUNDS rounds of ${DURATION}s runs at $CONCURRENCY connections"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONCURRENCY; do
    run_wrk "$round" review-list "$c" -H "Authorization: Bearer $unit_token" "$url"
    run_wrk "$round" healthz "$c" "http://127.0.0.1:$PORT/healthz"
    run_pgbench "$round" "$c" "$work/list.sql"
  done
done
python3 bench/lib/ratio.py summary "$results"
