#!/usr/bin/env bash
# Declaration-submit benchmark (issue 14): each connection submits a complete declaration (试用期申报) and
# withdraws it again (撤回), over and over, so every request is a real state change with its row lock,
# attachment grants and audit event. Beside it, alternately in one run, three rounds, at 32 and 64
# connections: /healthz (the HTTP part) and pgbench running exactly the statements the server ran for one
# submit and one withdraw (read from log_statement), each client on its own declaration. Prints req/s,
# p50, p99, context switches per request, and `ratio-to-limit: 0.NN (32), 0.NN (64)` with
# limit = 1 / (1/pgbench_rate + 1/healthz_rate), pgbench's rate counted in requests (two per script run).
#
#   bash bench/declaration-submit.sh
#   ROUNDS=1 DURATION=5 bash bench/declaration-submit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

PORT=${PORT:-18092}

. bench/server.sh
. bench/lib/ratio.sh

DATABASE_URL="$db_url" "$binary" institutions import deploy/demo/institutions.csv >/dev/null
most=$(echo $CONCURRENCY | tr ' ' '\n' | sort -n | tail -1)
echo "setting up $((most + 1)) candidates with complete drafts through the API…" >&2
DATABASE_URL="$db_url" ATTACHMENTS_DIR="$work/attachments" python3 bench/lib/declarations.py "http://127.0.0.1:$PORT" "$binary" $((most + 1)) > "$work/candidates.txt" \
  || { tail -20 "$work/server.log"; exit 1; }

# The last candidate is captured once (submit, then withdraw); the others are wrk's and pgbench's.
read -r ctoken cdecl cversion caccount < <(tail -1 "$work/candidates.txt")
head -n "$most" "$work/candidates.txt" > "$work/clients.txt"
post() { curl -sf -X POST "http://127.0.0.1:$PORT$1" -H "Authorization: Bearer $ctoken" -H 'Content-Type: application/json' -d "$2"; }
submit_and_withdraw() {
  local answer version
  answer=$(post "/api/v1/trial/applications/$cdecl/submit" "{\"version\":$cversion}")
  version=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
  post "/api/v1/trial/applications/$cdecl/withdraw" "{\"version\":$version}" >/dev/null
}
capture_statements "$work/submit.sql" "decl=$cdecl" "acct=$caccount" -- submit_and_withdraw
# Each pgbench client works on its own declaration (client n on the n-th candidate's).
psql -q "$db_url" -c "CREATE TABLE public.bench_clients (n int PRIMARY KEY, account uuid, declaration uuid)"
awk '{ print NR - 1 "," $4 "," $2 }' "$work/clients.txt" | psql -q "$db_url" -c "\\copy public.bench_clients FROM STDIN WITH (FORMAT csv)"
{ echo 'SELECT account::text AS acct, declaration::text AS decl FROM public.bench_clients WHERE n = :client_id \gset'
  cat "$work/submit.sql"; } > "$work/pgbench.sql"
echo "statements the server runs for one submit and one withdraw (from log_statement):"
sed 's/^/    /' "$work/submit.sql"

# wrk: one connection per thread, each with its own candidate; submit, withdraw, submit… following the
# version each answer carries.
# Regenerated before every run from the database: the runs before (wrk's and pgbench's) leave each
# declaration submitted or not, at some version.
write_lua() {
psql -qAt -F ' ' "$db_url" -c "SELECT id, version, status FROM trial.applications" > "$work/states.txt"
python3 - "$work/clients.txt" "$work/states.txt" > "$work/submit.lua" <<'PY'
import sys
states = {line.split()[0]: line.split()[1:] for line in open(sys.argv[2])}
rows = [line.split() for line in open(sys.argv[1])]
for row in rows:
    version, status = states[row[1]]
    row[2] = version
    row.append(status)
print("local tokens = {" + ",".join(f'"{r[0]}"' for r in rows) + "}")
print("local declarations = {" + ",".join(f'"{r[1]}"' for r in rows) + "}")
print("local versions = {" + ",".join(r[2] for r in rows) + "}")
print("local states = {" + ",".join("true" if r[4] == "submitted" else "false" for r in rows) + "}")
print('''
local count = 0
function setup(thread)
  count = count + 1
  thread:set("slot", count)
end
function init(args)
  submitted = states[slot]
  version = versions[slot]
end
function request()
  local action = submitted and "withdraw" or "submit"
  return wrk.format("POST", "/api/v1/trial/applications/" .. declarations[slot] .. "/" .. action,
    {["Authorization"] = "Bearer " .. tokens[slot], ["Content-Type"] = "application/json"},
    '{"version":' .. version .. '}')
end
local reported = false
function response(status, headers, body)
  local v = body:match('"version":(%d+)')
  if status == 200 and v then
    version = tonumber(v)
    submitted = not submitted
  elseif not reported then
    reported = true
    io.stderr:write("unexpected answer " .. status .. ": " .. body .. "\\n")
  end
end''')
PY
}

echo "DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}, $ROUNDS rounds of ${DURATION}s runs at $CONCURRENCY connections"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONCURRENCY; do
    write_lua
    run_wrk "$round" submit-withdraw "$c" -t"$c" -s "$work/submit.lua" "http://127.0.0.1:$PORT"
    run_wrk "$round" healthz "$c" "http://127.0.0.1:$PORT/healthz"
    run_pgbench "$round" "$c" "$work/pgbench.sql" 2
  done
done
python3 bench/lib/ratio.py summary "$results"
