#!/usr/bin/env bash
# Exam information benchmark (issue 12): a unit with ROWS (300) verified, bound candidates.
# 1. Bulk entry: the unit uploads one CSV of ROWS rows, three rounds (each round changes every row's note,
#    so every row becomes a new version), beside psql running the statements the server runs per row
#    (lock the record, read its current version, move it on, insert the version, answer disputes, write
#    the audit event) in transactions of 100 rows, on the same database in the same run.
# 2. The unit's list: `GET /units/{id}/exam-records?year=2026&limit=20` from wrk at CONNECTIONS, beside
#    pgbench running the list's three statements (staff, their identities, their records) at the same
#    concurrency.
#
#   bash bench/exam-records.sh
#   ROWS=1000 CONNECTIONS=32 DURATION=30s bash bench/exam-records.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

ROWS=${ROWS:-300}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-15s}
PORT=${PORT:-18092}

. bench/server.sh
db="postgresql://postgres@/bench?host=$work/run"
base="http://127.0.0.1:$PORT"

# The unit, the bench account as its administrator, ROWS verified candidates bound to it.
python3 - "$ROWS" > "$work/people.csv" <<'PY'
import sys
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for i in range(int(sys.argv[1])):
    body = "420106" + "1995%02d%02d" % (1 + i % 12, 1 + i % 28) + "%03d" % (i % 1000)
    body = body[:17]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    print(f"{body + check},考生{i:04d}")
PY
institution=$(psql -qtA "$db" <<SQL
INSERT INTO institutions.institutions
    (name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
VALUES ('武汉市基准人民医院', '12420100MB0000000X', false, '武汉市卫生健康委员会', 'A', '420100', '武汉市', 'ABCDEFGH', now(), now(), now())
RETURNING id;
SQL
)
institution=$(echo "$institution" | head -1)
psql -q "$db" <<SQL
INSERT INTO identity.roles (account_id, role, institution_id)
SELECT id, 'unit_admin', '$institution' FROM identity.accounts;
CREATE TEMP TABLE people (number text, name text);
\copy people FROM '$work/people.csv' WITH (FORMAT csv)
CREATE TEMP TABLE made AS
SELECT gen_random_uuid() AS id, number, name FROM people;
INSERT INTO identity.accounts (id, wechat_openid, created_at) SELECT id, 'bench-' || number, now() FROM made;
INSERT INTO identity.verifications (account_id, status, method, real_name, document_type, document_number, created_at, updated_at)
SELECT id, 'verified', 'manual', name, 'resident_id', number, now(), now() FROM made;
INSERT INTO institutions.employments (account_id, institution_id, started_at) SELECT id, '$institution', now() FROM made;
ANALYZE;
SQL
# The administrator's role is read at login: log in again.
token=$(curl -sf -X POST "$base/api/v1/auth/wechat" -H 'Content-Type: application/json' -d '{"code":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

csv() {  # $1: the round, written into every row's note so each row is a new version
  echo "documentNumber,education.level,education.studyForm,education.enrolledOn,education.graduatedOn,education.school,education.lengthYears,education.diplomaNumber,physicianQualification.category,physicianQualification.issuedOn,physicianQualification.number,trial.position,trial.category,trial.assistantUpgrade,trial.freshGraduate,trial.startDate,trial.endDate,trial.supervisorName,note"
  cut -d, -f1 "$work/people.csv" | while read -r number; do
    echo "$number,本科,full_time,2014-09-01,2019-06-30,武汉大学,5,D$number,临床,2021-03-01,Q$number,住院医师,clinical,否,否,2020-08-01,2021-07-31,李医生,第$1轮"
  done
}

# The same work done directly: per row the statements the server runs, 100 rows per transaction.
direct_sql() {  # $1: the round
  psql -qtA "$db" -c "SELECT r.id, r.current_version FROM confirmation.records r WHERE r.year = 2026 ORDER BY r.id" \
  | python3 -c '
import sys, json
round_ = sys.argv[1]
rows = [line.split("|") for line in sys.stdin if line.strip()]
for start in range(0, len(rows), 100):
    print("BEGIN;")
    for record, version in rows[start:start + 100]:
        v = int(version)
        print(f"SELECT status, current_version FROM confirmation.records WHERE id = \x27{record}\x27 FOR UPDATE;")
        print(f"SELECT content::text FROM confirmation.record_versions WHERE record_id = \x27{record}\x27 AND version = {v};")
        print(f"SELECT path, attachment_id FROM confirmation.candidate_attachments WHERE record_id = \x27{record}\x27;")
        print(f"UPDATE confirmation.records SET current_version = current_version + 1, status = \x27awaiting_confirmation\x27, updated_at = now() WHERE id = \x27{record}\x27 AND current_version = {v};")
        print(f"INSERT INTO confirmation.record_versions (record_id, version, content, content_hash, institution_id, saved_by, saved_at, source, note, changed_fields) "
              f"SELECT record_id, {v + 1}, content, content_hash, institution_id, saved_by, now(), \x27import\x27, \x27direct {round_}\x27, \x27{{note}}\x27 FROM confirmation.record_versions WHERE record_id = \x27{record}\x27 AND version = {v};")
        print(f"UPDATE confirmation.disputes SET answered_by_version = {v + 1} WHERE record_id = \x27{record}\x27 AND answered_by_version IS NULL;")
        print(f"INSERT INTO audit.events (actor_id, action, entity_type, entity_id, from_state, to_state, details) VALUES (NULL, \x27exam_record.import\x27, \x27exam_record\x27, \x27{record}\x27, \x27awaiting_confirmation\x27, \x27awaiting_confirmation\x27, \x27{{}}\x27);")
    print("COMMIT;")
' "$1" > "$work/direct.sql"
}

echo "== bulk entry: $ROWS rows per upload (server) beside the same statements from psql (direct)"
for round in 1 2 3; do
  csv "$round" > "$work/import.csv"
  server=$(curl -s -o "$work/report.json" -w '%{time_total}' -X POST "$base/api/v1/units/$institution/exam-records/2026/import" \
    -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary @"$work/import.csv")
  saved=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["saved"], "saved,", r["invalid"], "invalid")' "$work/report.json")
  direct_sql "$round"
  start=$(date +%s.%N)
  psql -q "$db" -f "$work/direct.sql" >/dev/null
  direct=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(date +%s.%N)")
  echo "round $round: server ${server}s ($saved), direct ${direct}s"
done

echo "== the unit's list: GET …/exam-records?year=2026&limit=20, $CONNECTIONS connections, $DURATION"
curl -sf "$base/api/v1/units/$institution/exam-records?year=2026&limit=20" -H "Authorization: Bearer $token" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" \
  "$base/api/v1/units/$institution/exam-records?year=2026&limit=20" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"

echo "== pgbench: the list's three statements, $CONNECTIONS clients, $DURATION"
cat > "$work/list.sql" <<SQL
SELECT array_agg(account_id ORDER BY started_at, id) AS staff FROM institutions.employments WHERE institution_id = '$institution' AND ended_at IS NULL \gset
SELECT id, account_id, status, method, real_name, document_type, document_number FROM identity.verifications
 WHERE account_id = ANY(:staff::uuid[]) AND status = 'verified' AND (NULL::text IS NULL OR strpos(real_name, NULL) > 0);
SELECT r.id, r.account_id, r.year, r.institution_id, r.status, r.current_version, r.confirmed_version, r.confirmed_at, r.updated_at,
       d.message, to_jsonb(d.fields), d.raised_at
  FROM confirmation.records r
  LEFT JOIN LATERAL (SELECT message, fields, raised_at FROM confirmation.disputes
                      WHERE record_id = r.id AND answered_by_version IS NULL ORDER BY raised_at DESC LIMIT 1) d ON true
 WHERE r.year = 2026 AND r.account_id = ANY(:staff::uuid[]);
SQL
seconds=${DURATION%s}
(cd "$work" && pgbench -n -M extended -c "$CONNECTIONS" -j 2 -T "$seconds" -f list.sql -l --log-prefix=pglog "$db" 2>/dev/null) \
  | grep -E "tps|latency average" | head -3
cat "$work"/pglog.* | python3 -c '
import sys
latencies = sorted(int(line.split()[2]) for line in sys.stdin if line.strip())
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000
print(f"pgbench transactions: {len(latencies)}, p50 {pick(0.5):.2f} ms, p99 {pick(0.99):.2f} ms")
'
