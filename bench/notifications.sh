#!/usr/bin/env bash
# Notification delivery benchmark (issue 27): COUNT events (one exam season's returns and reminders),
# each a message with a WeChat and an SMS delivery, written at once; the server's delivery worker
# sends them to WeChat and Tencent Cloud SMS stand-ins (bench/lib/notification_stubs.py) on
# 127.0.0.1. Prints the time until every delivery is sent, the throughput, the server's memory (RSS
# before, peak, after), the stub's counts (duplicates must be 0), and the stub's own capacity measured
# alone with wrk (the ceiling the worker runs against).
#
#   bash bench/notifications.sh
#   COUNT=3000 bash bench/notifications.sh                 # a quick look
#   BATCH=50 bash bench/notifications.sh                   # NOTIFICATION_DELIVERY_BATCH
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages
ensure_wrk

COUNT=${COUNT:-30000}
PORT=${PORT:-18097}
STUB_PORT=${STUB_PORT:-18098}
BATCH=${BATCH:-20}

python3 bench/lib/notification_stubs.py "$STUB_PORT" &
stub_pid=$!
trap 'kill $stub_pid 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$STUB_PORT/counts" >/dev/null && break; sleep 0.1; done

stub="http://127.0.0.1:$STUB_PORT"
export WECHAT_API_BASE_URL=$stub WECHAT_APP_ID=wx-bench WECHAT_APP_SECRET=bench-secret
export WECHAT_TEMPLATE_DECLARATION_RETURNED=TPL-RETURNED WECHAT_TEMPLATE_DECLARATION_DEADLINE_REMINDER=TPL-REMINDER
export SMS_GATEWAY=tencent TENCENTCLOUD_SMS_ENDPOINT=$stub TENCENTCLOUD_SECRET_ID=AKIDbench TENCENTCLOUD_SECRET_KEY=bench-key
export SMS_SDK_APP_ID=1400000001 SMS_SIGN_NAME=湖北卫生人才 SMS_TEMPLATE_ID=2000001
export SMS_TEMPLATE_DECLARATION_RETURNED=3000001 SMS_TEMPLATE_DECLARATION_DEADLINE_REMINDER=3000003
export SMS_QUIET_HOURS_START=0 SMS_QUIET_HOURS_END=0 NOTIFICATION_DELIVERY_BATCH=$BATCH NOTIFICATION_DELIVERY_POLL_MS=200

. bench/server.sh
trap 'kill $stub_pid 2>/dev/null; cleanup' EXIT
db="postgresql://postgres@/bench?host=$work/run"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }

echo "writing $COUNT events (half returns, half reminders), each with a WeChat and an SMS delivery…"
psql -q "$db" <<SQL
BEGIN;
CREATE TABLE public.bench_accounts AS
  WITH a AS (INSERT INTO identity.accounts (wechat_openid, phone)
             SELECT 'openid-bench-' || g, '13' || lpad(g::text, 9, '0') FROM generate_series(1, $COUNT) g RETURNING id, wechat_openid)
  SELECT id, row_number() OVER () AS n FROM a;
INSERT INTO notifications.subscriptions (account_id, template_id, remaining, updated_at)
  SELECT id, t, 1, now() FROM bench_accounts, unnest(ARRAY['TPL-RETURNED', 'TPL-REMINDER']) t;
COMMIT;
SQL
rss_before=$(rss)
start=$(date +%s.%N)
psql -q "$db" <<SQL
BEGIN;
WITH m AS (
  INSERT INTO notifications.messages (account_id, kind, title, body, link_type, link_id, dedup_key, created_at)
  SELECT id, CASE WHEN n % 2 = 0 THEN 'declaration_returned' ELSE 'declaration_deadline_reminder' END,
         CASE WHEN n % 2 = 0 THEN '申报已退回' ELSE '申报即将截止' END, '请登录小程序查看详情，并在截止日期前完成修改后重新提交。',
         'trial_application', gen_random_uuid()::text, 'bench:' || n, now()
    FROM bench_accounts RETURNING id)
INSERT INTO notifications.deliveries (message_id, channel, next_attempt_at, created_at, updated_at)
  SELECT id, c, now(), now(), now() FROM m, unnest(ARRAY['wechat', 'sms']) c;
COMMIT;
SQL
peak_sampled=$rss_before
while :; do
  pending=$(psql -qtA "$db" -c "SELECT count(*) FROM notifications.deliveries WHERE status = 'pending'")
  now_rss=$(rss); [ "$now_rss" -gt "$peak_sampled" ] && peak_sampled=$now_rss
  [ "$pending" -eq 0 ] && break
  sleep 0.5
done
end=$(date +%s.%N)
deliveries=$((COUNT * 2))
elapsed=$(python3 -c "print(f'{$end - $start:.1f}')")
echo "delivered $deliveries deliveries ($COUNT WeChat + $COUNT SMS) in ${elapsed} s: $(python3 -c "print(round($deliveries / ($end - $start)))") deliveries/s (batch $BATCH)"
psql -qtA -F ' ' "$db" -c "SELECT channel, status, count(*) FROM notifications.deliveries GROUP BY channel, status ORDER BY 1, 2" | sed 's/^/    /'
echo "server RSS: ${rss_before} kB before, ${peak_sampled} kB peak sampled, $(hwm) kB high-water mark, $(rss) kB after"
echo "stub counts: $(curl -sf "$stub/counts")"

cat > "$work/send.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, '{"touser":"capacity-' .. counter .. '-' .. math.random(1, 1e9) .. '","template_id":"TPL-RETURNED","page":"p","data":{}}')
end
LUA
echo "the stub alone (wrk, 16 connections, 10 s, subscribe/send):"
wrk -t2 -c16 -d10s -s "$work/send.lua" "$stub/cgi-bin/message/subscribe/send?access_token=bench-token-1" | grep -E "Requests/sec|Latency" | sed 's/^/    /'
