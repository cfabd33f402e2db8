#!/usr/bin/env bash
# Helpers for a local PostgreSQL cluster, sourced by run.sh and test.sh. Works as root (initdb and
# pg_ctl then run as the `postgres` user, since PostgreSQL refuses to run as root) or as a normal user.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/packages.sh"

# Installs what building and running need when a fresh machine lacks it.
ensure_system_packages() {
  local missing=()
  pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
  pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  [ -n "$(postgres_bin_dir 2>/dev/null)" ] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  install_packages "${missing[@]}"
}

# The HTTP load generator the benchmarks use.
ensure_wrk() {
  ensure_command wrk wrk
}

# The newest installed server's bin directory (Debian keeps initdb and pg_ctl out of PATH).
postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  dir=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")
  [ -x "$dir/initdb" ] && echo "$dir"
}

# Runs a server command as the cluster's owner.
as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Makes a directory the cluster owner can use.
give_to_cluster_owner() {
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

# init_cluster DATA_DIR: creates the cluster once.
init_cluster() {
  local data=$1 bin
  bin=$(postgres_bin_dir)
  if [ ! -f "$data/PG_VERSION" ]; then
    give_to_cluster_owner "$data"
    as_cluster_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
  fi
}

# start_cluster DATA_DIR LOG_FILE OPTIONS: starts the cluster unless it runs already.
start_cluster() {
  local data=$1 log=$2 options=$3 bin
  bin=$(postgres_bin_dir)
  if as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then return; fi
  touch "$log"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$log"; fi
  as_cluster_owner "$bin/pg_ctl" -D "$data" -l "$log" -o "$options" -w -t 60 start >/dev/null
}

stop_cluster() {
  local data=$1 bin
  bin=$(postgres_bin_dir)
  as_cluster_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
