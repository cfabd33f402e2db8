#!/usr/bin/env bash
# A newcomer's path and an operator's, checked for real against the server binary:
#   1. the demo loads (deploy/demo/load.py, as `make run` does), and a second load changes nothing;
#   2. every command of docs/walkthrough.md runs, in order, exactly as written;
#   3. deploy/backup.sh backs the result up while the server runs, deploy/restore.sh restores it into a
#      fresh cluster and folder, `attachments verify` passes there, and every table has the same rows.
# Called by test.sh with its cluster (TEST_DATABASE_URL, TEST_DATABASE_TEMPLATE, TEST_SOCKET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh

work=$(mktemp -d /tmp/health-talent-operations.XXXXXX)
chmod 755 "$work"
database=operations_$$
server_pid=
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  stop_cluster "$work/restore-data"
  psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

binary="$(swift build --show-bin-path)/health-talent"
psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $database TEMPLATE $TEST_DATABASE_TEMPLATE"
# The demo's sample institutions, as `make run` imports them.
export DATABASE_URL="postgresql://postgres@/$database?host=$TEST_SOCKET_DIR"
export ATTACHMENTS_DIR="$work/attachments" LOG_FORMAT=json METRICS_PORT=0
"$binary" institutions import deploy/demo/institutions.csv >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
HTTP_PORT=$port "$binary" serve --no-migrate >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# 1. The demo, twice.
python3 deploy/demo/load.py --base "$base" --binary "$binary" >"$work/demo.txt"
grep -q "demo-unit-admin" "$work/demo.txt"
python3 deploy/demo/load.py --base "$base" --binary "$binary" >"$work/demo-again.txt"
grep -q "was already loaded" "$work/demo-again.txt" || { echo "a second demo load did not notice the first" >&2; exit 1; }
[ "$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM trial.cycles")" = 1 ] || { echo "the demo loaded twice" >&2; exit 1; }
[ "$(psql -tA "$DATABASE_URL" -c "SELECT string_agg(status, ',' ORDER BY status) FROM confirmation.records")" = confirmed ] \
  || { echo "the demo's confirmed record is missing" >&2; exit 1; }

# 2. The walkthrough's commands, in order, as written (only the server's address and binary differ).
python3 - docs/walkthrough.md >"$work/walkthrough.sh" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
print("\n".join(re.findall(r"```sh\n(.*?)```", text, re.S)))
PY
[ "$(grep -c '' "$work/walkthrough.sh")" -gt 40 ] || { echo "no walkthrough commands found" >&2; exit 1; }
# Pasted into a terminal the commands go on after an error (the page sets no -e, which would close the
# reader's shell); here the first error stops the run.
if ! BASE=$base HEALTH_TALENT=$binary bash -euo pipefail "$work/walkthrough.sh" >"$work/walkthrough.out" 2>&1; then
  echo "the walkthrough failed:" >&2
  tail -30 "$work/walkthrough.out" >&2
  exit 1
fi
grep -qx confirmed "$work/walkthrough.out" || { echo "the walkthrough did not end confirmed" >&2; exit 1; }
echo "walkthrough: $(grep -c '' "$work/walkthrough.sh") lines of commands ran against the demo"

# 3. Backup while serving, restore into a fresh cluster and folder, same rows, files verified.
counts() {
  psql -tA "$1" -c "SELECT string_agg(format('%s.%s=%s', schemaname, tablename,
      (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text),
      ' ' ORDER BY schemaname, tablename)
    FROM pg_tables WHERE schemaname IN ('public', 'identity', 'institutions', 'trial', 'confirmation', 'attachments', 'audit')"
}
before=$(counts "$DATABASE_URL")
bash deploy/backup.sh "$work/backup" >/dev/null
init_cluster "$work/restore-data"
give_to_cluster_owner "$work/restore-run"
chmod 755 "$work/restore-run"
start_cluster "$work/restore-data" "$work/restore.log" "-c listen_addresses='' -k $work/restore-run -c fsync=off"
psql -q "postgresql://postgres@/postgres?host=$work/restore-run" -c "CREATE DATABASE restored"
DATABASE_URL="postgresql://postgres@/restored?host=$work/restore-run" ATTACHMENTS_DIR="$work/restored-attachments" \
  HEALTH_TALENT=$binary bash deploy/restore.sh "$work/backup" >"$work/restore.out"
after=$(counts "postgresql://postgres@/restored?host=$work/restore-run")
if [ "$before" != "$after" ]; then
  echo "row counts differ after restore:" >&2
  diff <(tr ' ' '\n' <<<"$before") <(tr ' ' '\n' <<<"$after") >&2 || true
  exit 1
fi
files=$(grep -o 'checked [0-9]* files: 0 missing, 0 corrupt' "$work/restore.out") \
  || { echo "attachments verify did not pass: $(cat "$work/restore.out")" >&2; exit 1; }
[ "$(awk '{print $2}' <<<"$files")" -gt 0 ] || { echo "no files were restored" >&2; exit 1; }
echo "backup and restore: $(wc -w <<<"$before") tables with the same rows, $files"
