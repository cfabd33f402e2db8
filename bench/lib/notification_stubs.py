"""WeChat and Tencent Cloud SMS stand-ins for bench/notifications.sh, on 127.0.0.1:PORT.

POST /cgi-bin/stable_token            -> {"access_token": "bench-token-1", "expires_in": 7200}
POST /cgi-bin/message/subscribe/send  -> errcode 0 when the token is the issued one (else 40001)
POST /                                 -> Tencent Cloud SendSms "Ok" (signature not checked: the tests do that)
GET  /counts                           -> {"wechat": N, "sms": N, "duplicates": N}
A message is counted once per distinct (touser, page) or (phone, params); a repeat is a duplicate.
"""
import json
import sys
import threading
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
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
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


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.serve_forever()
