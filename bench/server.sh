#!/usr/bin/env bash
# Sourced by the benchmarks: a release build serving on $PORT against a throwaway PostgreSQL in a
# folder on the project's disk (like ATTACHMENTS_DIR would be), removed on exit. Sets `work`,
# `server_pid` and `token` (a development WeChat login). Needs deploy/local/postgres.sh sourced first.

mkdir -p .data
work=$(mktemp -d "$(pwd)/.data/bench.XXXXXX")
chmod 755 "$work"
server_pid=""
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  stop_cluster "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# BINARY=path runs an existing build instead (e.g. a release build of an older commit, for "before").
if [ -n "${BINARY:-}" ]; then
  binary=$BINARY
else
  echo "building release binary…" >&2
  swift build -c release --product health-talent >&2
  binary="$(swift build -c release --show-bin-path)/health-talent"
fi

init_cluster "$work/pg"
give_to_cluster_owner "$work/run"; chmod 755 "$work/run"
start_cluster "$work/pg" "$work/pg.log" "-c listen_addresses='' -k $work/run"
psql -q "postgresql://postgres@/postgres?host=$work/run" -c "CREATE DATABASE bench"

DATABASE_URL="postgresql://postgres@/bench?host=$work/run" ATTACHMENTS_DIR="$work/attachments" \
  HTTP_PORT=$PORT LOG_LEVEL=warning LOG_FORMAT=text "$binary" serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

token=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/wechat" -H 'Content-Type: application/json' \
  -d '{"code":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
