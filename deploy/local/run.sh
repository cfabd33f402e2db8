#!/usr/bin/env bash
# `make run`: a local cluster under .data/postgres (created once), the database, migrations, and the
# server on 127.0.0.1:8080 (HTTP_HOST/HTTP_PORT override).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/postgres.sh

ensure_system_packages

root=$(pwd)
data="$root/.data/postgres"
sockets="$root/.data/run"
port=54320
mkdir -p "$root/.data"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$root/.data"; then
  # The checkout lives where the postgres user cannot reach (e.g. under /root): keep the cluster outside.
  data="/var/tmp/health-talent-dev/postgres"
  sockets="/var/tmp/health-talent-dev/run"
  mkdir -p /var/tmp/health-talent-dev && chmod 755 /var/tmp/health-talent-dev
  echo "note: cluster kept in $data (the postgres user cannot reach $root)" >&2
fi
give_to_cluster_owner "$sockets"
chmod 755 "$sockets"
init_cluster "$data"
start_cluster "$data" "$data.log" "-c listen_addresses=127.0.0.1 -p $port -k $sockets"

url="postgres://postgres@127.0.0.1:$port"
if [ "$(psql "$url/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'health_talent'")" != 1 ]; then
  psql -q "$url/postgres" -c "CREATE DATABASE health_talent"
fi

swift build --product health-talent
export DATABASE_URL="${DATABASE_URL:-$url/health_talent}"
export LOG_FORMAT="${LOG_FORMAT:-text}"
export ATTACHMENTS_DIR="${ATTACHMENTS_DIR:-$root/.data/attachments}"
bin="$(swift build --show-bin-path)/health-talent"
"$bin" migrate
# A few dozen real Hubei institutions, so search and binding work at once (idempotent on USCC).
"$bin" institutions import deploy/demo/institutions.csv >/dev/null
base="http://${HTTP_HOST:-127.0.0.1}:${HTTP_PORT:-8080}"
"$bin" serve --no-migrate &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server' INT TERM
for _ in $(seq 1 150); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
# The newcomer's demo (loaded once; later runs only print how to log in): docs/walkthrough.md.
if [ "${DEMO:-1}" = 1 ] && [ "${PLATFORM_MODE:-development}" = development ]; then
  python3 deploy/demo/load.py --base "$base" --binary "$bin" >&2 || echo "the demo could not be loaded (see above)" >&2
fi
echo "serving on $base (database $DATABASE_URL); stop with Ctrl-C" >&2
wait $server
