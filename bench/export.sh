#!/usr/bin/env bash
# Export benchmark (issue 13): ROWS (1,000,000) generated bound candidates make as many rows of
# export.exam_record_status; `health-talent export` streams them to a file (time and peak memory),
# beside `psql \copy` of the same view in the same run.
#
#   bash bench/export.sh
#   ROWS=200000 bash bench/export.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
[ -x /usr/bin/time ] || install_packages time

ROWS=${ROWS:-1000000}
PORT=${PORT:-18093}

. bench/server.sh
db="postgresql://postgres@/bench?host=$work/run"

echo "generating $ROWS bound candidates…" >&2
psql -q "$db" <<SQL
INSERT INTO institutions.institutions
    (id, name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
VALUES ('11111111-1111-1111-1111-111111111111', '武汉市基准人民医院', '12420100MB0000000X', false, NULL, 'A', '420100', '武汉市', 'ABCDEFGH', now(), now(), now());
INSERT INTO trial.cycles (year, opens_at, closes_at, review_deadline, trial_completion_deadline, notice_text, created_at, updated_at)
VALUES (2026, '2026-01-01', '2026-06-30', '2026-07-31', '2026-08-31', 'n', now(), now());
CREATE TEMP TABLE made AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, $ROWS) n;
INSERT INTO identity.accounts (id, wechat_openid) SELECT id, 'bench-' || n FROM made;
INSERT INTO identity.verifications (account_id, status, method, real_name, document_type, document_number, created_at, updated_at)
SELECT id, 'verified', 'manual', '考生' || n, 'passport', 'E' || lpad(n::text, 8, '0'), now(), now() FROM made;
INSERT INTO institutions.employments (account_id, institution_id, started_at)
SELECT id, '11111111-1111-1111-1111-111111111111', now() FROM made;
ANALYZE;
SQL

for round in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/time" env DATABASE_URL="$db" LOG_FORMAT=text "$binary" export exam_record_status --bom --output "$work/out.csv"
  read -r seconds rss < "$work/time"
  lines=$(wc -l < "$work/out.csv")
  start=$(date +%s.%N)
  psql -q "$db" -c "\copy (SELECT * FROM export.exam_record_status) TO '$work/psql.csv' WITH (FORMAT csv, HEADER)"
  direct=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(date +%s.%N)")
  echo "round $round: health-talent export ${seconds}s, peak RSS $((rss / 1024)) MiB, $lines lines; psql \\copy ${direct}s"
done
cmp <(tail -c +4 "$work/out.csv") "$work/psql.csv" && echo "identical to psql's output (after the BOM)"
