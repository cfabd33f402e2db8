#!/usr/bin/env bash
# Console pages benchmark (issue 15): a unit with COUNT submitted declarations (COUNT verified, bound
# candidates), every page a unit administrator opens, each fetched by wrk over one connection for
# DURATION seconds (so the latency is the page's own time on the server, nothing queued before it),
# then at 16 connections for the rate. Goal: every page under 50 ms.
#
#   bash bench/console-pages.sh
#   COUNT=200 DURATION=5 bash bench/console-pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

COUNT=${COUNT:-1000}
DURATION=${DURATION:-10}
PORT=${PORT:-18094}

. bench/server.sh
db_url="postgresql://postgres@/bench?host=$work/run"

DATABASE_URL="$db_url" "$binary" institutions import deploy/demo/institutions.csv >/dev/null
echo "setting up $COUNT submitted declarations through the API…" >&2
started=$(date +%s)
BENCH_SUBMIT=1 BENCH_UNIT_FILE="$work/unit.txt" DATABASE_URL="$db_url" ATTACHMENTS_DIR="$work/attachments" \
  python3 bench/lib/declarations.py "http://127.0.0.1:$PORT" "$binary" "$COUNT" > "$work/candidates.txt" \
  || { tail -20 "$work/server.log"; exit 1; }
echo "set up in $(( $(date +%s) - started )) s" >&2
read -r unit_token unit < "$work/unit.txt"
read -r _ declaration _ account < "$work/candidates.txt"
year=$(python3 -c 'import datetime; print(datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).year)')

# The console takes the same session tokens as the API, in its cookie.
cookie="Cookie: ht_console=$unit_token"
base="http://127.0.0.1:$PORT/console/units/$unit"
pages=(
  "home|$base"
  "unit-info|$base/info"
  "unit-info-search|$base/info?q=%E7%8E%8B"
  "review-list|$base/trial-applications"
  "review-list-by-name|$base/trial-applications?status=all&q=%E7%8E%8B"
  "declaration|$base/trial-applications/$declaration"
  "records-list|$base/exam-records?year=$year"
  "record-form|$base/exam-records/$year/$account"
)
for entry in "${pages[@]}"; do
  url=${entry#*|}
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$url")
  [ "$status" = 200 ] || { echo "${entry%%|*} answered $status" >&2; exit 1; }
done

printf '%-22s %10s %10s %10s %12s\n' page "p50 ms" "p99 ms" "req/s(1)" "req/s(16)"
for entry in "${pages[@]}"; do
  name=${entry%%|*}; url=${entry#*|}
  one=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H "$cookie" "$url" | python3 bench/lib/ratio.py wrk /dev/stdin)
  many=$(wrk -t2 -c16 -d"${DURATION}s" --latency -H "$cookie" "$url" | python3 bench/lib/ratio.py wrk /dev/stdin)
  read -r rps p50 p99 <<< "$one"
  read -r rps16 _ _ <<< "$many"
  printf '%-22s %10s %10s %10s %12s\n' "$name" "$p50" "$p99" "$rps" "$rps16"
done
