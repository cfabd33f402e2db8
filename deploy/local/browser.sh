#!/usr/bin/env bash
# The console in a real browser: the real server against a database cloned from the test template,
# the demo loaded through the API (deploy/demo/load.py), and Tests/Browser/console_test.py driving
# headless Chromium through Selenium, and Tests/Browser/mobile_test.py the candidates' pages (/m) at a
# phone's size. Installs Debian's chromium and chromium-driver and Selenium
# (PyPI, in a venv under .build/) when missing. Called by test.sh, which provides the cluster
# (TEST_DATABASE_URL, TEST_DATABASE_TEMPLATE, TEST_SOCKET_DIR). SCREENSHOTS=DIR keeps the screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."

. deploy/local/packages.sh
# A CJK font too, or the pages (and their screenshots) show boxes for every Chinese character.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || [ ! -d /usr/share/fonts/truetype/wqy ]; then
  install_packages chromium chromium-driver fonts-wqy-microhei
fi
SELENIUM_VERSION=4.51.0
venv=.build/selenium-$SELENIUM_VERSION
. deploy/local/venv.sh
python_venv "$venv" "selenium==$SELENIUM_VERSION" selenium

NAME=browser
. deploy/local/test-server.sh
# Every browser signs in from 127.0.0.1, and the journeys sign the same administrators in several
# times: the SMS limits (one code a minute and ten a day per phone, twenty per five minutes per
# address) would refuse the tests' own sign-ins. The limits themselves are tested in IdentityTests.
export SMS_PHONE_INTERVAL_SECONDS=1 SMS_PHONE_DAILY_LIMIT=1000 SMS_ADDRESS_LIMIT=100000
"$binary" institutions import deploy/demo/institutions.csv >/dev/null
start_test_server
python3 deploy/demo/load.py --base "$base" --binary "$binary" >/dev/null

status=0
BASE=$base SERVER_LOG="$work/server.log" BINARY="$binary" SCREENSHOTS="${SCREENSHOTS:-$work/screenshots}" \
  "$venv/bin/python" Tests/Browser/console_test.py || status=$?
BASE=$base SERVER_LOG="$work/server.log" BINARY="$binary" SCREENSHOTS="${SCREENSHOTS:-$work/screenshots}" \
  "$venv/bin/python" Tests/Browser/mobile_test.py || status=$?
check_server_log "the browser tests"
exit $status
