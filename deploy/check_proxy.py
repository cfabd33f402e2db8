#!/usr/bin/env python3
"""Checks through nginx in front of two health-talent instances (started by deploy/check-proxy.sh).

The client connects from 127.0.0.2, so "the address the server records" is distinguishable from the
proxy's own 127.0.0.1. Standard library only. Exits non-zero with the first failed check.
"""
import argparse
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse

CLIENT = ("127.0.0.2", 0)


def fail(message):
    raise SystemExit("proxy check failed: " + message)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok:", message)


class Instance:
    def __init__(self, spec):
        port, pid, log = spec.split(":", 2)
        self.port, self.pid, self.log = int(port), int(pid), log

    def records(self):
        with open(self.log, encoding="utf-8") as handle:
            for line in handle:
                try:
                    yield json.loads(line)
                except ValueError:
                    continue

    def handled(self, request_id):
        return any(record.get("request_id") == request_id and record.get("msg") in ("request", "slow request") for record in self.records())

    def running(self):
        try:
            with open(f"/proc/{self.pid}/status") as status:
                return not any(line.startswith("State:") and "Z" in line for line in status)
        except FileNotFoundError:
            return False


def call(base, method, path, body=None, headers=None, source=CLIENT, chunked=False):
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60, source_address=source)
    connection.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response, data


def json_body(data):
    return json.loads(data.decode("utf-8")) if data else {}


def psql(database_url, query):
    return subprocess.run(["psql", "-tA", database_url, "-c", query], check=True, capture_output=True, text=True).stdout.strip()


def latest_code(instances, since):
    """The development gateway logs the code; the newest line after `since` (log sizes) holds it."""
    code = None
    for instance, offset in zip(instances, since):
        with open(instance.log, encoding="utf-8") as handle:
            handle.seek(offset)
            for line in handle:
                found = re.search(r"login code (\d{6})", line)
                if found:
                    code = found.group(1)
    return code


def log_sizes(instances):
    return [os.path.getsize(instance.log) for instance in instances]


def send_code(proxy, instances, phone, headers=None):
    before = log_sizes(instances)
    status, response, data = call(proxy, "POST", "/api/v1/auth/sms", json.dumps({"phone": phone}),
                                  {"Content-Type": "application/json", **(headers or {})})
    check(status == 202, f"a code is sent to {phone} through the proxy ({status} {data[:200]!r})")
    for _ in range(50):
        code = latest_code(instances, before)
        if code:
            return response, code
        time.sleep(0.1)
    fail("no login code in the instances' logs")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--instance", action="append", required=True)
    arguments = parser.parse_args()
    proxy = arguments.proxy
    instances = [Instance(spec) for spec in arguments.instance]
    database_url = os.environ["DATABASE_URL"]

    # 1. The client's address and the request id, whatever the client claims.
    response, _ = send_code(proxy, instances, "13700137001", {"X-Forwarded-For": "6.6.6.6", "X-Request-ID": "chosen-by-client"})
    request_id = response.getheader("X-Request-ID") or ""
    check(re.fullmatch(r"[0-9a-f]{32}", request_id) is not None, f"the response carries nginx's request id, not the client's ({request_id})")
    check(any(instance.handled(request_id) for instance in instances), "an instance logged the request under that id")
    recorded = psql(database_url, "SELECT string_agg(host(client_ip), ',') FROM identity.sms_sends WHERE phone = '13700137001'")
    check(recorded == "127.0.0.2", f"the server recorded the real client's address, not the proxy's or a forged one ({recorded})")

    # 2. The login limit holds across instances: five wrong codes spread over both void the code, so
    #    the sixth attempt, with the right code, is refused.
    phone = "13700137002"
    _, code = send_code(proxy, instances, phone)
    wrong = "000000" if code != "000000" else "111111"
    served_by = set()
    for attempt in range(5):
        status, response, data = call(proxy, "POST", "/api/v1/auth/phone", json.dumps({"phone": phone, "code": wrong}),
                                      {"Content-Type": "application/json"})
        check(status == 401, f"wrong code {attempt + 1} refused ({status})")
        served_by |= {index for index, instance in enumerate(instances) if instance.handled(response.getheader("X-Request-ID"))}
    check(served_by == {0, 1}, "the wrong codes were spread over both instances")
    status, _, data = call(proxy, "POST", "/api/v1/auth/phone", json.dumps({"phone": phone, "code": code}), {"Content-Type": "application/json"})
    check(status == 401, f"the sixth attempt is refused even with the right code ({status} {json_body(data).get('code')})")

    # A session for what follows.
    phone = "13700137003"
    _, code = send_code(proxy, instances, phone)
    status, _, data = call(proxy, "POST", "/api/v1/auth/phone", json.dumps({"phone": phone, "code": code}), {"Content-Type": "application/json"})
    check(status == 200, "a login through the proxy")
    token = json_body(data)["token"]

    # 3. An 8 MiB upload streams through (chunked, never spooled by nginx) and is read from the other instance.
    size = 8 * 1024 * 1024
    blob = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + os.urandom(size - 6) + bytes([0xFF, 0xD9])

    def pieces():
        for start in range(0, len(blob), 64 * 1024):
            yield blob[start:start + 64 * 1024]

    status, response, data = call(proxy, "POST", "/api/v1/attachments?purpose=education_certificate", pieces(),
                                  {"Content-Type": "image/jpeg", "Authorization": f"Bearer {token}"}, chunked=True)
    check(status == 201, f"an 8 MiB upload through the proxy is stored ({status} {data[:200]!r})")
    attachment = json_body(data)["id"]
    uploader = [index for index, instance in enumerate(instances) if instance.handled(response.getheader("X-Request-ID"))]
    check(len(uploader) == 1, "one instance took the upload")
    body_temp = os.path.join(arguments.work, "temp", "body")
    check(not os.path.isdir(body_temp) or not os.listdir(body_temp), "nginx kept no copy of the body on disk")
    other = instances[1 - uploader[0]]
    status, _, data = call(f"http://127.0.0.1:{other.port}", "GET", f"/api/v1/attachments/{attachment}",
                           headers={"Authorization": f"Bearer {token}"}, source=("127.0.0.1", 0))
    check(status == 200 and hashlib.sha256(data).digest() == hashlib.sha256(blob).digest(),
          "the other instance reads the same 8 MiB from the shared folder")

    # 4. SIGTERM to one instance under a bounded stream of reads: none is lost.
    total, stop_after = 800, 200
    lock = threading.Lock()
    state = {"issued": 0, "done": 0, "failures": []}

    def reader():
        url = urllib.parse.urlparse(proxy)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=CLIENT)
        while True:
            with lock:
                if state["issued"] >= total:
                    break
                state["issued"] += 1
            try:
                connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        state["failures"].append(response.status)
            except Exception as error:  # a lost request is exactly what this check is about
                with lock:
                    state["failures"].append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=CLIENT)
            with lock:
                state["done"] += 1
        connection.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    while True:
        with lock:
            if state["done"] >= stop_after:
                break
        time.sleep(0.005)
    victim = instances[0]
    os.kill(victim.pid, signal.SIGTERM)
    for thread in threads:
        thread.join(120)
    check(state["done"] == total and not state["failures"],
          f"{state['done']} of {total} reads answered 200 while one instance stopped (failures: {state['failures'][:5]})")
    deadline = time.time() + 15
    while victim.running() and time.time() < deadline:
        time.sleep(0.1)
    check(not victim.running(), "the stopped instance exited")
    check(any(record.get("msg", "").startswith("stopped: in-flight requests finished") for record in victim.records()),
          "it finished its in-flight requests before exiting")


if __name__ == "__main__":
    main()
