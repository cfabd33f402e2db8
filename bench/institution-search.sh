#!/usr/bin/env bash
# Institution search benchmark (issues 10 and 14): 100,000 generated institutions with realistic name
# shapes (city + district + kind), searched with 2–4-character fragments by wrk at 16 connections —
# against the server with its search cache (docs/adr/0014), against a second instance with the cache
# off (every search runs the statement), /healthz, and pgbench running the same search statement at the
# same concurrency against the same database. Prints the ratio of each server run to the machine's
# limit, 1 / (1/pgbench + 1/healthz).
#
#   bash bench/institution-search.sh                 # 16 connections, 15 s each
#   CONNECTIONS=32 DURATION=30s FRAGMENTS=3000 bash bench/institution-search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-15s}
PORT=${PORT:-18091}
ROWS=${ROWS:-100000}
FRAGMENTS=${FRAGMENTS:-300}

. bench/server.sh
db="postgresql://postgres@/bench?host=$work/run"

echo "generating $ROWS institutions…" >&2
python3 - "$ROWS" > "$work/institutions.csv" <<'PY'
import random, sys
random.seed(20261123)
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
cities = ["武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市", "咸宁市", "随州市", "恩施州", "仙桃市", "潜江市", "天门市"]
districts = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区", "黄陂区", "新洲区", "夷陵区", "西陵区", "樊城区", "襄州区",
             "沙市区", "荆州区", "黄州区", "咸安区", "曾都区", "掇刀区", "孝南区", "阳新县", "大冶市", "丹江口市", "枝江市", "当阳市", "宜都市", "老河口市", "枣阳市", "宜城市",
             "钟祥市", "京山市", "应城市", "安陆市", "汉川市", "石首市", "洪湖市", "松滋市", "麻城市", "武穴市", "赤壁市", "广水市", "利川市", "建始县"]
towns = ["城关镇", "新集镇", "李集镇", "花园镇", "长岭镇", "杨林镇", "石门镇", "张湾乡", "白沙乡", "高桥镇", "柳林乡", "太平镇", "三里镇", "双河镇", "白果镇", "龙王镇"]
kinds = [("人民医院", "A"), ("中医医院", "A"), ("第一人民医院", "A"), ("妇幼保健院", "G"), ("疾病预防控制中心", "J"), ("精神卫生中心", "H"), ("口腔医院", "A")]
regions = ["420100", "420200", "420300", "420500", "420600", "420700", "420800", "420900", "421000", "421100", "421200", "421300", "422800", "429004", "429005", "429006"]
seen = set()
n = int(sys.argv[1])
i = 0
while len(seen) < n:
    i += 1
    city = random.choice(cities); district = random.choice(districts)
    shape = random.random()
    if shape < 0.35:
        name = city + district + random.choice(towns) + "卫生院"; category = "C"
    elif shape < 0.65:
        name = city + district + random.choice(towns).replace("镇", "街道").replace("乡", "街道") + "社区卫生服务中心"; category = "B"
    else:
        kind, category = random.choice(kinds); name = city + district + kind
    if random.random() < 0.5:
        name += "(第%d分院)" % random.randint(1, 99)
    if name in seen:
        continue
    seen.add(name)
    region = regions[cities.index(city)]
    body = "12" + region + "%08d" % i + "0"
    check = alphabet[(31 - sum(alphabet.index(c) * w for c, w in zip(body, weights)) % 31) % 31]
    code = "".join(random.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(8))
    print(f"{name},{body + check},{city}卫生健康委员会,{category},{region},{city}{district},{code}")
PY

psql -q "$db" <<SQL
CREATE TEMP TABLE staging (name text, uscc text, superior text, category text, region text, address text, code text);
\copy staging FROM '$work/institutions.csv' WITH (FORMAT csv)
INSERT INTO institutions.institutions
    (name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
SELECT name, uscc, true, superior, category, region, address, code, now(), now(), now() FROM staging;
ANALYZE institutions.institutions;
SQL

# Fragments of 2–4 characters cut from real names, the way people type them.
python3 - "$work/institutions.csv" "$FRAGMENTS" > "$work/fragments.txt" <<'PY'
import random, sys
random.seed(7)
names = [line.split(",")[0] for line in open(sys.argv[1], encoding="utf-8")]
out = set()
while len(out) < int(sys.argv[2]):
    name = random.choice(names)
    size = random.randint(2, 4)
    start = random.randint(0, max(0, len(name) - size))
    fragment = name[start:start + size]
    if "(" not in fragment and ")" not in fragment and len(fragment) == size:
        out.add(fragment)
print("\n".join(sorted(out)))
PY

# wrk: each request a random fragment.
python3 - "$work/fragments.txt" > "$work/search.lua" <<'PY'
import sys, urllib.parse
fragments = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("local fragments = {" + ",".join('"%s"' % urllib.parse.quote(f) for f in fragments) + "}")
print("math.randomseed(42)")
print('request = function() return wrk.format("GET", "/api/v1/institutions?limit=20&q=" .. fragments[math.random(#fragments)]) end')
PY

# pgbench: the statement the server sends for such a search (the same SQL; fragment and bigrams as
# parameters, the absent filters and cursor as NULL literals), planned per execution as the server
# does (-M extended), the fragment picked from a table by a random id.
psql -q "$db" <<SQL
CREATE TABLE bench_fragments (id int PRIMARY KEY, fragment text, bigrams text);
SQL
python3 - "$work/fragments.txt" > "$work/fragments.csv" <<'PY'
import sys
for i, line in enumerate(l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()):
    chars = list(line)
    bigrams = sorted(set(chars[k] + chars[k + 1] for k in range(len(chars) - 1)))
    print(f'{i + 1},{line},"{{{",".join(bigrams)}}}"')
PY
psql -q "$db" -c "\copy bench_fragments FROM '$work/fragments.csv' WITH (FORMAT csv)"
count=$(wc -l < "$work/fragments.txt")
cat > "$work/pgbench.sql" <<'SQL'
\set n random(1, COUNT)
SELECT fragment, bigrams FROM bench_fragments WHERE id = :n \gset
SELECT * FROM (
  (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
          0 AS rank, 0::bigint AS key
   FROM institutions.institutions i
   WHERE i.status = 'active' AND :fragment::text IS NOT NULL AND (i.name = :fragment::text OR i.uscc = NULL)
     AND (NULL::text IS NULL OR i.region = NULL) AND (NULL::text IS NULL OR i.category = NULL)
     AND (NULL::int IS NULL OR (NULL = 0 AND (i.name COLLATE "C", i.id) > (NULL COLLATE "C", NULL::uuid)))
   ORDER BY i.name COLLATE "C", i.id LIMIT 21)
  UNION ALL
  (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
          1, 0::bigint
   FROM institutions.institutions i
   WHERE i.status = 'active' AND :fragment::text IS NOT NULL
     AND ((i.name COLLATE "C" > :fragment::text AND i.name COLLATE "C" < :fragment::text || chr(1114111))
          OR (NULL::text IS NOT NULL AND i.uscc COLLATE "C" > NULL AND i.uscc COLLATE "C" < NULL || 'Z'))
     AND (NULL::text IS NULL OR i.region = NULL) AND (NULL::text IS NULL OR i.category = NULL)
     AND (NULL::int IS NULL OR NULL < 1 OR (NULL = 1 AND (i.name COLLATE "C", i.id) > (NULL COLLATE "C", NULL::uuid)))
   ORDER BY i.name COLLATE "C", i.id LIMIT 21)
  UNION ALL
  (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
          2, i.scatter
   FROM institutions.institutions i
   WHERE i.status = 'active'
     AND (:fragment::text IS NULL OR (strpos(i.name, :fragment::text) > 1 AND (:bigrams::text[] IS NULL OR i.name_bigrams @> :bigrams::text[])))
     AND (NULL::text IS NULL OR i.region = NULL) AND (NULL::text IS NULL OR i.category = NULL)
     AND (NULL::int IS NULL OR NULL < 2 OR (i.scatter, i.id) > (NULL::bigint, NULL::uuid))
   ORDER BY i.scatter, i.id LIMIT 21)
) AS found
LIMIT 21;
SQL
sed -i "s/COUNT/$count/" "$work/pgbench.sql"

# A second instance on the same database with the cache off: what every search costs when it misses.
uncached_port=$((PORT + 1))
DATABASE_URL="$db" ATTACHMENTS_DIR="$work/attachments" INSTITUTION_SEARCH_CACHE_ENTRIES=0 METRICS_PORT=0 \
  HTTP_PORT=$uncached_port LOG_LEVEL=warning LOG_FORMAT=text "$binary" serve > "$work/uncached.log" 2>&1 &
uncached_pid=$!
trap 'kill "$uncached_pid" 2>/dev/null; wait "$uncached_pid" 2>/dev/null; cleanup' EXIT INT TERM
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$uncached_port/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$uncached_port/readyz" >/dev/null || { cat "$work/uncached.log"; exit 1; }

token_header="Authorization: Bearer $token"
for port in "$PORT" "$uncached_port"; do
  curl -sS --fail-with-body "http://127.0.0.1:$port/api/v1/institutions?q=%E4%BA%BA%E6%B0%91&limit=20" -H "$token_header" >/dev/null || { curl -s "http://127.0.0.1:$port/api/v1/me" -H "$token_header"; cat "$work/uncached.log"; exit 1; }
done

results="$work/results.txt"
: > "$results"
run_search_wrk() {  # KIND URL [extra wrk arguments…]
  local kind=$1 url=$2; shift 2
  echo "== $kind, $CONNECTIONS connections, $DURATION"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" > "$work/wrk.txt"
  grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in" "$work/wrk.txt"
  echo "$kind $(python3 bench/lib/ratio.py wrk "$work/wrk.txt")" >> "$results"
}
# Twice: the first run starts with an empty cache (every fragment misses once, while the others queue
# behind it), the second is the steady state of a season, when the registry has not changed for a while.
run_search_wrk "server with its cache, starting empty: GET /api/v1/institutions?q=<2–4 characters>" "http://127.0.0.1:$PORT" -s "$work/search.lua" -H "$token_header"
run_search_wrk "server with its cache, warm" "http://127.0.0.1:$PORT" -s "$work/search.lua" -H "$token_header"
run_search_wrk "server, cache off (INSTITUTION_SEARCH_CACHE_ENTRIES=0)" "http://127.0.0.1:$uncached_port" -s "$work/search.lua" -H "$token_header"
run_search_wrk "GET /healthz" "http://127.0.0.1:$PORT/healthz"
echo "== pgbench: the same statement (plus the fragment lookup), $CONNECTIONS clients, $DURATION"
seconds=${DURATION%s}
(cd "$work" && pgbench -n -M extended -c "$CONNECTIONS" -j 2 -T "$seconds" -f pgbench.sql -r -l --log-prefix=pglog "$db" 2>/dev/null) \
  > "$work/pgbench.txt"
grep -E "tps|latency average|SELECT \* FROM|SELECT fragment" "$work/pgbench.txt" | head -6
tps=$(grep -Eo 'tps = [0-9.]+' "$work/pgbench.txt" | head -1 | tr -dc '0-9.')
cat "$work"/pglog.* | python3 -c '
import sys
latencies = sorted(int(line.split()[2]) for line in sys.stdin if line.strip())
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000
print(f"pgbench transactions: {len(latencies)}, p50 {pick(0.5):.2f} ms, p99 {pick(0.99):.2f} ms")
'
python3 - "$results" "$tps" <<'PY'
import sys
runs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    kind, figures = line.rsplit(" ", 3)[0], line.split()[-3:]
    runs[kind] = float(figures[0])
tps = float(sys.argv[2])
healthz = next(rate for kind, rate in runs.items() if "healthz" in kind)
limit = 1 / (1 / tps + 1 / healthz)
print(f"limit = 1 / (1/{tps:.0f} + 1/{healthz:.0f}) = {limit:.0f} req/s")
for kind, rate in runs.items():
    if "healthz" not in kind:
        print(f"ratio-to-limit: {rate / limit:.2f} ({kind.split(':')[0]}), {rate / tps:.2f} of pgbench's rate")
PY
