"""WeChat and Tencent Cloud SMS stand-ins for bench/notifications.sh, on 127.0.0.1:PORT.

POST /cgi-bin/stable_token            -> {"access_token": "bench-token-1", "expires_in": 7200}
POST /cgi-bin/message/subscribe/send  -> errcode 0 when the token is the issued one (else 40001)
POST /                                 -> Tencent Cloud SendSms "Ok" (signature not checked: the tests do that)
GET  /counts                           -> {"wechat": N, "sms": N, "duplicates": N}
GET  /sns/jscode2session               -> an openid (bench/server.sh logs in by WeChat)
It exits when the script that started it does.
A message is counted once per distinct (touser, page) or (phone, params); a repeat is a duplicate.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
seen = set()
counts = {"wechat": 0, "sms": 0, "duplicates": 0}
TOKEN = "bench-token-1"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body):
        data = json.dumps(body).encode()
        # One write: headers and body in separate segments meet the client's delayed ACK (40 ms each).
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode()
        self.wfile.write(head + data)

    def do_GET(self):
        if self.path.startswith("/sns/jscode2session"):
            return self.reply({"openid": "openid-bench-login", "session_key": "x"})
        with lock:
            self.reply(dict(counts))

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path.startswith("/cgi-bin/stable_token"):
            return self.reply({"access_token": TOKEN, "expires_in": 7200})
        if self.path.startswith("/cgi-bin/message/subscribe/send"):
            if ("access_token=" + TOKEN) not in self.path:
                return self.reply({"errcode": 40001, "errmsg": "invalid credential"})
            key = ("wechat", body.get("touser"), body.get("page"))
            kind = "wechat"
            answer = {"errcode": 0, "errmsg": "ok"}
        else:
            key = ("sms", tuple(body.get("PhoneNumberSet", [])), tuple(body.get("TemplateParamSet", [])), body.get("TemplateId"))
            kind = "sms"
            phone = (body.get("PhoneNumberSet") or [""])[0]
            answer = {"Response": {"SendStatusSet": [{"SerialNo": "1", "PhoneNumber": phone, "Fee": 1, "Code": "Ok", "Message": "send success"}], "RequestId": "bench"}}
        with lock:
            if key in seen:
                counts["duplicates"] += 1
            else:
                seen.add(key)
                counts[kind] += 1
        return self.reply(answer)


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
ThreadingHTTPServer.daemon_threads = True
# wrk closes its connections mid-request when it stops: not worth a traceback each.
ThreadingHTTPServer.handle_error = lambda self, request, address: None
ThreadingHTTPServer.request_queue_size = 256
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.serve_forever()
