#!/usr/bin/env bash
# The reverse proxy, checked for real: nginx on loopback (plain HTTP) with the production upstream and
# deploy/nginx/health-talent-proxy.conf, in front of two server instances over one database and one
# attachments folder. deploy/check_proxy.py then checks through the proxy: the client address the
# server records, the request id, an 8 MiB upload streamed through one instance and read from the other,
# the login limit across both instances, and a SIGTERM to one instance under a stream of reads.
# Also `nginx -t` on the whole production site with a throwaway certificate.
# Called by test.sh with its cluster (TEST_DATABASE_URL, TEST_DATABASE_TEMPLATE, TEST_SOCKET_DIR);
# run alone, it makes a throwaway cluster of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/local/postgres.sh

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  install_packages nginx
  # Only the binary is wanted: the package's own service is not started (or left running).
  as_root sh -c 'nginx -s stop 2>/dev/null; true'
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/health-talent-proxy.XXXXXX)
chmod 755 "$work"
pids=()
own_cluster=
database=proxy_$$
cleanup() {
  set +e
  [ -f "$work/nginx.pid" ] && "$nginx_bin" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  if [ -n "$own_cluster" ]; then stop_cluster "$work/data"; else psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

binary="$(swift build --show-bin-path)/health-talent"
[ -x "$binary" ] || swift build --product health-talent
if [ -z "${TEST_SOCKET_DIR:-}" ]; then
  own_cluster=1
  ensure_system_packages
  init_cluster "$work/data"
  give_to_cluster_owner "$work/run"
  chmod 755 "$work/run"
  start_cluster "$work/data" "$work/postgres.log" "-c listen_addresses='' -k $work/run -c fsync=off"
  export TEST_SOCKET_DIR="$work/run" TEST_DATABASE_URL="postgresql://postgres@/postgres?host=$work/run"
  psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $database"
  DATABASE_URL="postgresql://postgres@/$database?host=$TEST_SOCKET_DIR" LOG_FORMAT=text "$binary" migrate >/dev/null
else
  psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $database TEMPLATE $TEST_DATABASE_TEMPLATE"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export DATABASE_URL="postgresql://postgres@/$database?host=$TEST_SOCKET_DIR"
export ATTACHMENTS_DIR="$work/attachments" LOG_FORMAT=json LOG_LEVEL=info TRUSTED_PROXIES=127.0.0.1 METRICS_PORT=0
ports=()
for instance in 1 2; do
  port=$(free_port)
  ports+=("$port")
  HTTP_PORT=$port "$binary" serve --no-migrate >"$work/instance$instance.log" 2>&1 &
  pids+=($!)
done
proxy_port=$(free_port)

# The production upstream with the test's ports, the production snippet, plain HTTP on loopback.
mkdir -p "$work/logs" "$work/temp"
chmod 1777 "$work/temp"
upstream=$(sed -n '/^upstream health_talent {/,/^}/p' deploy/nginx/health-talent.conf \
  | sed "s/127\.0\.0\.1:8080/127.0.0.1:${ports[0]}/; s/127\.0\.0\.1:8081/127.0.0.1:${ports[1]}/")
cat >"$work/nginx.conf" <<NGINX
daemon on;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
worker_processes 1;
events { worker_connections 256; }
http {
    access_log $work/logs/access.log;
    client_body_temp_path $work/temp/body;
    proxy_temp_path $work/temp/proxy;
    fastcgi_temp_path $work/temp/fastcgi;
    uwsgi_temp_path $work/temp/uwsgi;
    scgi_temp_path $work/temp/scgi;
$upstream
    server {
        listen 127.0.0.1:$proxy_port;
        include $PWD/deploy/nginx/health-talent-proxy.conf;
    }
}
NGINX

# The whole production site parses, with a throwaway certificate in place of the placeholders.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=api.example.cn" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1
sed -e "s#/etc/health-talent/tls/#$work/#" -e "s#/etc/nginx/snippets/#$PWD/deploy/nginx/#" \
  -e "s/listen 80;/listen 127.0.0.1:$(free_port);/; s/listen 443 ssl http2;/listen 127.0.0.1:$(free_port) ssl http2;/" \
  -e '/listen \[::\]/d' deploy/nginx/health-talent.conf >"$work/site.conf"
cat >"$work/site-check.conf" <<NGINX
pid $work/site-check.pid;
error_log $work/logs/site-check.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/temp/body;
    proxy_temp_path $work/temp/proxy;
    fastcgi_temp_path $work/temp/fastcgi;
    uwsgi_temp_path $work/temp/uwsgi;
    scgi_temp_path $work/temp/scgi;
    include $work/site.conf;
}
NGINX
"$nginx_bin" -t -q -p "$work" -c "$work/site-check.conf"

"$nginx_bin" -p "$work" -c "$work/nginx.conf"
for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
done

python3 deploy/check_proxy.py --proxy "http://127.0.0.1:$proxy_port" --work "$work" \
  --instance "${ports[0]}:${pids[0]}:$work/instance1.log" --instance "${ports[1]}:${pids[1]}:$work/instance2.log"
echo "proxy check passed: nginx $("$nginx_bin" -v 2>&1 | sed 's#.*/##') in front of two instances"
