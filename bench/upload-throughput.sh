#!/usr/bin/env bash
# Upload benchmark (issue 4): COUNT concurrent uploads of SIZE_MIB MiB each against a release build,
# reporting throughput and the server's peak memory, next to a baseline that writes and hashes the same
# bytes to the same disk with tee + sha256sum + sync (fsync, as the server does).
#
#   bash bench/upload-throughput.sh            # 20 × 8 MiB
#   COUNT=40 SIZE_MIB=4 bash bench/upload-throughput.sh
#
# Needs: a Swift toolchain, curl, coreutils; PostgreSQL is installed when missing. Results go to stdout;
# copy them into docs/performance.md with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh
ensure_system_packages

COUNT=${COUNT:-20}
SIZE_MIB=${SIZE_MIB:-8}
PORT=${PORT:-18080}

. bench/server.sh

# curl sends `Expect: 100-continue` with large bodies and waits up to a second for an interim response.
# The server answers it at once (ExpectContinueHandler), so its uploads keep curl's default; the discard
# receiver below does not, so its curls disable the header, or each would measure that second.
# Distinct files (no deduplication), each a JPEG by its first bytes.
mkdir -p "$work/files" "$work/baseline"
for i in $(seq 1 "$COUNT"); do
  { printf '\xff\xd8\xff\xe0'; head -c $((SIZE_MIB * 1024 * 1024 - 4)) /dev/urandom; } > "$work/files/$i.jpg"
done
total_mib=$((COUNT * SIZE_MIB))

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }
# One warm-up upload, so the first-request allocations are not counted as upload cost.
curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/attachments?purpose=other_proof" \
  -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' --data-binary @"$work/files/1.jpg"
cpu() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }  # user + system clock ticks
cpu_before=$(cpu)
rss_before=$(kib VmRSS)
hwm_before=$(kib VmHWM)

# Sample the resident set while the uploads run (VmHWM is the kernel's own peak too).
( peak=0; while kill -0 "$server_pid" 2>/dev/null; do r=$(kib VmRSS); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" > "$work/peak"; sleep 0.02; done ) &
sampler=$!

start=$(date +%s.%N)
uploads=()
for i in $(seq 1 "$COUNT"); do
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$PORT/api/v1/attachments?purpose=other_proof" \
    -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' --data-binary @"$work/files/$i.jpg" > "$work/status.$i" &
  uploads+=($!)
done
wait "${uploads[@]}" || true
end=$(date +%s.%N)
kill "$sampler" 2>/dev/null || true
hwm_after=$(kib VmHWM)
cpu_after=$(cpu)
sampled_peak=$(cat "$work/peak" 2>/dev/null || echo "$rss_before")
created=$(cat "$work"/status.* | grep -c '^201$' || true)

# Transport baseline: the same uploads into a receiver that only reads the bytes and answers 201, to
# separate the cost of moving bytes over loopback (curl + kernel, on the same cores) from the server's.
SINK_PORT=$((PORT + 1))
python3 - "$SINK_PORT" "$((SIZE_MIB * 1024 * 1024))" <<'PY' &
import socket, sys, threading
port, size = int(sys.argv[1]), int(sys.argv[2])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(64)
def drain(connection):
    received = 0
    while received < size:
        data = connection.recv(1 << 20)
        if not data:
            break
        received += len(data)
    connection.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    connection.close()
while True:
    connection, _ = server.accept()
    threading.Thread(target=drain, args=(connection,), daemon=True).start()
PY
sink_pid=$!
sleep 0.5
tstart=$(date +%s.%N)
sinks=()
for i in $(seq 1 "$COUNT"); do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$SINK_PORT/" -H 'Expect:' -H 'Content-Type: image/jpeg' --data-binary @"$work/files/$i.jpg" &
  sinks+=($!)
done
wait "${sinks[@]}" || true
tend=$(date +%s.%N)
kill "$sink_pid" 2>/dev/null || true

# Baseline: the same bytes, written and hashed on the same disk, fsynced, as concurrently.
sync
bstart=$(date +%s.%N)
copies=()
for i in $(seq 1 "$COUNT"); do
  ( tee "$work/baseline/$i" < "$work/files/$i.jpg" | sha256sum > /dev/null; sync "$work/baseline/$i" ) &
  copies+=($!)
done
wait "${copies[@]}" || true
bend=$(date +%s.%N)

python3 - "$start" "$end" "$bstart" "$bend" "$tstart" "$tend" "$total_mib" "$rss_before" "$hwm_before" "$hwm_after" "$sampled_peak" "$created" "$COUNT" "$SIZE_MIB" "$((cpu_after - cpu_before))" "$(getconf CLK_TCK)" <<'PY'
import sys
start, end, bstart, bend, tstart, tend = map(float, sys.argv[1:7])
total, rss0, hwm0, hwm1, peak, created, count, size, ticks, hz = map(int, sys.argv[7:17])
transport = tend - tstart
upload = end - start
baseline = bend - bstart
print(f"uploads:            {created}/{count} × {size} MiB accepted (201)")
print(f"server:             {upload:.2f} s, {total / upload:.1f} MiB/s; server CPU {ticks / hz:.2f} s")
print(f"baseline (tee+sha256sum+fsync): {baseline:.2f} s, {total / baseline:.1f} MiB/s")
print(f"transport only (curl → receiver that discards): {transport:.2f} s, {total / transport:.1f} MiB/s")
print(f"ratio server/baseline time: {upload / baseline:.2f}× (goal: ≤ 2×); server/transport-only: {upload / transport:.2f}×")
print(f"server RSS before:  {rss0 / 1024:.1f} MiB; sampled peak during: {peak / 1024:.1f} MiB (growth {(peak - rss0) / 1024:.1f} MiB)")
print(f"server VmHWM:       {hwm0 / 1024:.1f} → {hwm1 / 1024:.1f} MiB (growth {(hwm1 - hwm0) / 1024:.1f} MiB; goal: < 64 MiB)")
PY
