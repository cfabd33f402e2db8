#!/usr/bin/env bash
# Authenticated-request benchmark (issue 14): GET /api/v1/me with a bearer token beside the two parts of
# its work done directly, alternately in one run, three rounds, at 32 and 64 connections:
#   - /me through the server (wrk);
#   - /healthz through the server: the HTTP part alone;
#   - pgbench running exactly the statements the server ran for one /me, with the same parameters:
#     they are read from PostgreSQL's log (log_statement=all) around one request, not copied by hand.
# The machine's limit for /me is 1 / (1/pgbench_tps + 1/healthz_rps): both parts on the same two cores.
# Prints req/s, p50, p99 and the server's context switches per request for each run, the medians, and
# `ratio-to-limit: 0.NN (32), 0.NN (64)`. wrk, pgbench and the server share the machine.
#
#   bash bench/authenticated-requests.sh
#   ROUNDS=1 DURATION=5 bash bench/authenticated-requests.sh          # a quick look
#   BINARY=/path/to/older/health-talent bash bench/authenticated-requests.sh   # "before"
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

PORT=${PORT:-18090}

. bench/server.sh
. bench/lib/ratio.sh

curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $token" >/dev/null
capture_statements "$work/me.sql" -- curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $token"
echo "statements the server runs for one GET /api/v1/me (from log_statement):"
sed 's/^/    /' "$work/me.sql"

echo "DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}, $ROUNDS rounds of ${DURATION}s runs at $CONCURRENCY connections"
traffic_before=$(db_traffic)
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONCURRENCY; do
    run_wrk "$round" me "$c" -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me"
    run_wrk "$round" healthz "$c" "http://127.0.0.1:$PORT/healthz"
    run_pgbench "$round" "$c" "$work/me.sql"
  done
done
read -r trips statements <<< "$(python3 -c "import sys; a, b = '$traffic_before'.split(), '$(db_traffic)'.split(); print(int(b[0]) - int(a[0]), int(b[1]) - int(a[1]))")"
echo "the server's round trips during the /me runs: $trips for $statements statements ($(python3 -c "print(f'{$statements / max(1, $trips):.2f}')") per round trip; standalone statements queued behind a busy pool share one, docs/adr/0016)"
python3 bench/lib/ratio.py summary "$results"
