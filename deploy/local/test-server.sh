# Sourced by contract.sh and browser.sh after `NAME=…`: a database cloned from the test template, a
# free port, the server's environment, and removal of both on exit. Needs TEST_DATABASE_URL,
# TEST_DATABASE_TEMPLATE and TEST_SOCKET_DIR from test.sh. Sets work, binary, base.
work=$(mktemp -d "/tmp/health-talent-$NAME.XXXXXX")
database="${NAME}_$$"
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
base="http://127.0.0.1:$port"
export DATABASE_URL="postgresql://postgres@/$database?host=$TEST_SOCKET_DIR"
export ATTACHMENTS_DIR="$work/attachments" HTTP_PORT=$port METRICS_PORT=0 LOG_FORMAT=json LOG_LEVEL=info

# Starts the server (already migrated: the database is a copy of the template) and waits until ready.
start_test_server() {
  "$binary" serve --no-migrate >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
}

# Fails the run (sets status=1) if the server logged an error or worse during WHAT.
check_server_log() {
  if grep -q '"level":"error"\|"level":"critical"' "$work/server.log"; then
    echo "the server logged errors during $1:" >&2
    grep '"level":"error"\|"level":"critical"' "$work/server.log" | head -20 >&2
    status=1
  fi
}
