#!/usr/bin/env bash
# `make stop`: stops the local cluster `make run` started; its data stays for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/postgres.sh
for data in "$(pwd)/.data/postgres" /var/tmp/health-talent-dev/postgres; do
  [ -f "$data/PG_VERSION" ] && stop_cluster "$data" && echo "stopped $data"
done
true
