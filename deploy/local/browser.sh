#!/usr/bin/env bash
# The console in a real browser: the real server against a database cloned from the test template,
# the demo loaded through the API (deploy/demo/load.py), and Tests/Browser/console_test.py driving
# headless Chromium through Selenium. Installs Debian's chromium and chromium-driver and Selenium
# (PyPI, in a venv under .build/) when missing. Called by test.sh, which provides the cluster
# (TEST_DATABASE_URL, TEST_DATABASE_TEMPLATE, TEST_SOCKET_DIR). SCREENSHOTS=DIR keeps the screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# A CJK font too, or the pages (and their screenshots) show boxes for every Chinese character.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || [ ! -d /usr/share/fonts/truetype/wqy ]; then
  echo "installing chromium, chromium-driver and fonts-wqy-microhei with apt" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi
SELENIUM_VERSION=4.51.0
venv=.build/selenium-$SELENIUM_VERSION
. deploy/local/venv.sh
python_venv "$venv" "selenium==$SELENIUM_VERSION" selenium

work=$(mktemp -d /tmp/health-talent-browser.XXXXXX)
database=browser_$$
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
"$binary" institutions import deploy/demo/institutions.csv >/dev/null
"$binary" serve --no-migrate >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
python3 deploy/demo/load.py --base "$base" --binary "$binary" >/dev/null

status=0
BASE=$base SERVER_LOG="$work/server.log" BINARY="$binary" SCREENSHOTS="${SCREENSHOTS:-$work/screenshots}" \
  "$venv/bin/python" Tests/Browser/console_test.py || status=$?
if grep -q '"level":"error"\|"level":"critical"' "$work/server.log"; then
  echo "the server logged errors during the browser tests:" >&2
  grep '"level":"error"\|"level":"critical"' "$work/server.log" | head -20 >&2
  status=1
fi
exit $status
