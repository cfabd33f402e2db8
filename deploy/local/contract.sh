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

NAME=contract
. deploy/local/test-server.sh

# A platform administrator (who is also a candidate), so the fuzzer reaches every handler.
admin_phone=13900139000
"$binary" admin grant-role platform_admin --phone $admin_phone >/dev/null
start_test_server
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
check_server_log "the contract run"
exit $status
