#!/usr/bin/env bash
# restore.sh SRC: restores a backup made by backup.sh into an empty database (DATABASE_URL) and an empty
# or new attachments folder (ATTACHMENTS_DIR), then re-hashes every file with `attachments verify`.
# HEALTH_TALENT names the binary (default: health-talent on PATH).
set -euo pipefail
src=${1:?usage: restore.sh SRC}
: "${DATABASE_URL:?set DATABASE_URL}" "${ATTACHMENTS_DIR:?set ATTACHMENTS_DIR}"
binary=${HEALTH_TALENT:-health-talent}
[ -f "$src/completed-at" ] || { echo "restore.sh: $src is not a completed backup" >&2; exit 1; }
tables=$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = 0 ] || { echo "restore.sh: the target database is not empty ($tables tables)" >&2; exit 1; }
# Roles belong to the cluster, not the dump: the export role the views are granted to must exist.
psql -q "$DATABASE_URL" -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'health_talent_export') THEN CREATE ROLE health_talent_export NOLOGIN; END IF;
END \$\$"
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$src/database.dump"
mkdir -p "$ATTACHMENTS_DIR"
chmod 700 "$ATTACHMENTS_DIR"
cp -a -n "$src/attachments/sha256" "$ATTACHMENTS_DIR/"
"$binary" attachments verify
