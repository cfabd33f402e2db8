# Sourced by the ratio benchmarks after bench/server.sh: runs wrk and pgbench and records one line per
# run in $results ("round kind connections req/s p50 p99 ctxsw/request").
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-"32 64"}
results="$work/results.txt"
: > "$results"
db_url="postgresql://postgres@/bench?host=$work/run"

# capture_statements OUT.sql [NAME=VALUE…] -- COMMAND…: runs COMMAND with log_statement=all and writes
# the statements the server executed meanwhile as a pgbench script; sets pgbench_defines to their
# parameters (-D …). Parameters equal to a VALUE become :NAME in the script instead.
capture_statements() {
  local out=$1; shift
  local substitutions=()
  while [ "$1" != "--" ]; do substitutions+=("$1"); shift; done
  shift
  psql -q "$db_url" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.3
  psql -q "$db_url" -c "SELECT 'bench-marker-start'" >/dev/null
  "$@" >/dev/null
  psql -q "$db_url" -c "SELECT 'bench-marker-end'" >/dev/null
  psql -q "$db_url" -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.3
  python3 bench/lib/ratio.py statements "$work/pg.log" bench-marker-start bench-marker-end "$out" ${substitutions[@]+"${substitutions[@]}"} > "$out.defines"
  pgbench_defines=()
  local define
  while IFS= read -r define; do
    [ -n "$define" ] && pgbench_defines+=(-D "$define")
  done < "$out.defines"
  echo "parameters: ${#pgbench_defines[@]} -D arguments" >&2
}

ctxsw() { python3 bench/lib/ratio.py ctxsw "$server_pid"; }

# run_wrk ROUND KIND CONNECTIONS wrk-arguments…
run_wrk() {
  local round=$1 kind=$2 c=$3; shift 3
  local before after figures requests
  before=$(ctxsw)
  wrk -t2 -c"$c" -d"${DURATION}s" --latency "$@" > "$work/wrk.txt" 2> "$work/wrk.err" || { cat "$work/wrk.err"; return 1; }
  if [ -s "$work/wrk.err" ]; then head -3 "$work/wrk.err" >&2; fi
  after=$(ctxsw)
  figures=$(python3 bench/lib/ratio.py wrk "$work/wrk.txt")
  requests=$(grep -Eo '^ +[0-9]+ requests' "$work/wrk.txt" | tr -dc 0-9)
  local per=$(python3 -c "print(f'{($after - $before) / max(1, $requests):.1f}')")
  echo "$round $kind $c $figures $per" | tee -a "$results"
}

# run_pgbench ROUND CONNECTIONS SCRIPT [REQUESTS_PER_RUN]: the statements as prepared statements, one
# script run per request's worth (or per REQUESTS_PER_RUN requests: the rate is multiplied and the
# latencies divided by it), with per-run latencies logged for p50/p99.
run_pgbench() {
  local round=$1 c=$2 script=$3 per_run=${4:-1}
  rm -f "$work"/pglog.*
  (cd "$work" && pgbench -n -M prepared -c "$c" -j 2 -T "$DURATION" -f "$script" "${pgbench_defines[@]}" \
    -l --log-prefix=pglog "$db_url" > "$work/pgbench.txt" 2>&1) || { cat "$work/pgbench.txt"; return 1; }
  if grep -Eq 'number of failed transactions: [1-9]|aborted|error' "$work/pgbench.txt"; then
    cat "$work/pgbench.txt"; return 1
  fi
  local tps latency
  tps=$(grep -Eo 'tps = [0-9.]+' "$work/pgbench.txt" | head -1 | tr -dc '0-9.')
  latency=$(python3 bench/lib/ratio.py pgbench "$work" pglog "$per_run")
  echo "$round pgbench $c $(python3 -c "print(round($tps * $per_run))") $latency -" | tee -a "$results"
}

# db_traffic: "round_trips statements" the server has sent so far, from its private /metrics listener.
db_traffic() {
  curl -sf "http://127.0.0.1:${METRICS_PORT:-9464}/metrics" | awk '
    /^health_talent_db_round_trips_total/ { trips = $2 } /^health_talent_db_statements_total/ { statements = $2 }
    END { printf "%d %d\n", trips, statements }'
}
