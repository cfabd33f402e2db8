#!/usr/bin/env bash
# The API contract, checked from the outside: runs the real server against a database cloned from the
# test template and points schemathesis (PyPI) at it with every check enabled. Fails on any 5xx, any
# response that does not match docs/openapi.yaml, and any undocumented status code. Called by test.sh,
# which provides the cluster (TEST_DATABASE_URL, TEST_DATABASE_TEMPLATE, TEST_SOCKET_DIR).
# CONTRACT_EXAMPLES sets the examples per operation (default 25), CONTRACT_SEED the random seed.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
venv=.build/schemathesis-$SCHEMATHESIS_VERSION
. deploy/local/venv.sh
[ -x "$venv/bin/schemathesis" ] || python_venv "$venv" "schemathesis==$SCHEMATHESIS_VERSION"

work=$(mktemp -d /tmp/health-talent-contract.XXXXXX)
database=contract_$$
server_pid=
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $database TEMPLATE $TEST_DATABASE_TEMPLATE"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
binary="$(swift build --show-bin-path)/health-talent"
export DATABASE_URL="postgresql://postgres@/$database?host=$TEST_SOCKET_DIR"
export ATTACHMENTS_DIR="$work/attachments" HTTP_PORT=$port METRICS_PORT=0 LOG_FORMAT=json LOG_LEVEL=info

# A platform administrator (who is also a candidate), so the fuzzer reaches every handler.
admin_phone=13900139000
"$binary" admin grant-role platform_admin --phone $admin_phone >/dev/null
"$binary" serve --no-migrate >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS -X POST "$base/api/v1/auth/sms" -H 'Content-Type: application/json' -d "{\"phone\":\"$admin_phone\"}" >/dev/null
code=$(python3 - "$work/server.log" <<'PY'
import json, re, sys
for line in open(sys.argv[1]):
    try:
        message = json.loads(line).get("msg", "")
    except ValueError:
        continue
    found = re.search(r"login code (\d{6})", message)
    if found:
        code = found.group(1)
print(code)
PY
)
token=$(curl -fsS -X POST "$base/api/v1/auth/phone" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$admin_phone\",\"code\":\"$code\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

status=0
export PYTHONPATH="$PWD/deploy/local" SCHEMATHESIS_HOOKS=schemathesis_hooks
"$venv/bin/schemathesis" --config-file deploy/local/schemathesis.toml run docs/openapi.yaml --url "$base" \
  --checks all --max-examples "${CONTRACT_EXAMPLES:-25}" --workers 2 --seed "${CONTRACT_SEED:-20261123}" \
  --suppress-health-check all --header "Authorization: Bearer $token" \
  --exclude-path /api/v1/auth/logout \
  || status=$?
if grep -q '"level":"error"\|"level":"critical"' "$work/server.log"; then
  echo "the server logged errors during the contract run:" >&2
  grep '"level":"error"\|"level":"critical"' "$work/server.log" | head -20 >&2
  status=1
fi
exit $status
