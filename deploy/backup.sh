#!/usr/bin/env bash
# backup.sh DEST: a consistent backup of health-talent into the folder DEST (docs/operations.md).
#   1. the database, with pg_dump's custom format (one consistent snapshot, compressed);
#   2. then the attachments folder, copied without overwriting (content-addressed and append-only:
#      a file's name is its SHA-256, so a file already in DEST is already right and is skipped — with
#      rsync, repeated backups into the same DEST copy only the new files).
# Database first: every row in the dump names a file that was on disk before that row committed, so
# the files copied afterwards include all of them. Files newer than the dump are harmless extras
# (`attachments gc` removes unreferenced ones after restore). Run it away from `attachments gc`.
# Reads DATABASE_URL and ATTACHMENTS_DIR like the server.
set -euo pipefail
dest=${1:?usage: backup.sh DEST}
: "${DATABASE_URL:?set DATABASE_URL}" "${ATTACHMENTS_DIR:?set ATTACHMENTS_DIR}"
mkdir -p "$dest/attachments"
chmod 700 "$dest"
pg_dump --format=custom --no-owner --file="$dest/database.dump.partial" "$DATABASE_URL"
mv "$dest/database.dump.partial" "$dest/database.dump"
# Only the stored files: tmp/ holds uploads in progress.
if command -v rsync >/dev/null; then
  rsync -a --ignore-existing "$ATTACHMENTS_DIR/sha256" "$dest/attachments/"
else
  cp -a -n "$ATTACHMENTS_DIR/sha256" "$dest/attachments/"
fi
date -u +%Y-%m-%dT%H:%M:%SZ >"$dest/completed-at"
echo "backup complete in $dest: database.dump ($(du -h "$dest/database.dump" | cut -f1)), $(find "$dest/attachments" -type f | wc -l) files"
