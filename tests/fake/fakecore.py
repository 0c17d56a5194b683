"""Shared machinery of the fake API servers (python3 standard library only).

Each fake listens on 127.0.0.1 only, on the port given with --port (0, the
default, picks a free one), and prints "PORT <n>" on its first line of
standard output once it accepts connections (also written to --port-file).

Behaviour is set by a JSON scenario file (--scenario FILE), read once at
start; secrets such as the expected token live there, never in argv.

Faults are scripted per API request number (1, 2, ... counting requests
to the API, not to /_fake/ control paths), so a test says exactly what
happens when:

    "faults": [
      {"at": 3, "status": 429, "reset_in": 2},     # rate limited
      {"at": 4, "status": 503, "times": 2},        # requests 4 and 5
      {"at": 7, "slow": 3},                        # answer after 3 s
      {"at": 8, "truncate": true},                 # body cut short
      {"at": 9, "nonjson": true},                  # an HTML error page
      {"at": 10, "drop": true},                    # close, no answer
      {"at": 11, "drop_after": true},              # do it, then close
      {"at": 12, "reset_body": true},              # RST half-way through
      {"at": 13, "slow_body": 1},                  # a byte a second
      {"at": 14, "huge": 1073741824},              # a 1 GB body
      {"at": 15, "badutf8": true},                 # invalid UTF-8 in JSON
      {"at": 16, "badjson": true}                  # JSON cut short
    ]

The last five carry the request out (a post is created) and spoil the
answer: "reset_body" sends the headers and half the body, then resets
the connection (TCP RST); "slow_body" sends the body one byte every N
seconds, holding the connection until the client gives up; "huge" sends
a 200 with a JSON body of N bytes (default 1 GiB), streamed from one
small buffer, until the client hangs up; "badutf8" puts bytes that are
not UTF-8 in the body's first string (or in the first value of the
member it names: "badutf8": "text"); "badjson" sends half the body with
a Content-Length that matches (the reply is complete, the JSON is not).
"nonjson" with "status": 200 is the wrong content type: an HTML page
with a 200.  A fault "status" (401, 403, 404, 429, 500, 503...) is
answered with that network's real error body and headers.

"drop_after" carries the request out (a post is created) and then closes
the connection without answering: the client cannot know it worked.

A fault can also name a "path" prefix; it then applies to the n-th
request to that path only.

The scenario's "clock_skew" (seconds) sets the fake's clock: its Date
headers and the rate-limit resets it sends (fake.now()) are that far off.

--tls-cert FILE serves HTTPS with the certificate and key in FILE (the
tests use a self-signed one, which clients must refuse).

Control paths for the tests (never used by the tools):
    POST /_fake/add?n=N&age=S   add N new items created S seconds ago
    GET  /_fake/stats           request counts as JSON
    GET  /_fake/posts           every post created through the API, in
                                creation order (JSON list), with what
                                the request carried
"""

import argparse
import json
import socket
import struct
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Fault:
    def __init__(self, spec):
        self.at = int(spec.get("at", 1))
        self.times = int(spec.get("times", 1))
        self.path = spec.get("path")
        self.spec = spec

    def matches(self, n):
        return self.at <= n < self.at + self.times


class Fake:
    """State shared by the handler threads of one fake server."""

    def __init__(self, scenario, log):
        self.sc = scenario
        self.lock = threading.Lock()
        self.count = 0
        self.path_counts = {}
        self.faults = [Fault(f) for f in scenario.get("faults", [])]
        self.log = log
        self.stats = {"requests": 0, "by_status": {}}
        self.posts = []         # created through the API, in order

    def now(self):
        """The server's clock: off by the scenario's clock_skew."""
        return time.time() + float(self.sc.get("clock_skew", 0))

    def add_post(self, post):
        with self.lock:
            self.posts.append(post)

    def next_fault(self, path):
        with self.lock:
            self.count += 1
            n = self.count
            for prefix in {f.path for f in self.faults if f.path}:
                if path.startswith(prefix):
                    self.path_counts[prefix] = \
                        self.path_counts.get(prefix, 0) + 1
            for f in self.faults:
                k = n if f.path is None else (
                    self.path_counts.get(f.path, 0)
                    if path.startswith(f.path) else -1)
                if f.matches(k):
                    return n, f.spec
        return n, None

    def note(self, line):
        if self.log is not None:
            with self.lock:
                with open(self.log, "a", encoding="utf-8") as fp:
                    fp.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake/1.0"
    fake = None          # the Fake
    api = None           # the network's routing object

    # Answer at once, as real servers do: without this, Nagle's
    # algorithm and the client's delayed ACK hold every answer on a
    # kept-alive connection for 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def date_time_string(self, timestamp=None):
        # The Date header, off by the scenario's clock_skew seconds.
        return formatdate(self.fake.now(), usegmt=True)

    # Helpers the API classes call.
    def query(self):
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query, keep_blank_values=True)

    def body_raw(self):
        # Read once: a fault answered early still drains the body.
        if getattr(self, "_raw", None) is None:
            n = int(self.headers.get("Content-Length") or 0)
            self._raw = self.rfile.read(n) if n > 0 else b""
        return self._raw

    def body_form(self):
        """The body as a dict of lists: JSON objects or a form."""
        raw = self.body_raw()
        ctype = self.headers.get("Content-Type") or ""
        if ctype.startswith("application/json"):
            try:
                o = json.loads(raw.decode("utf-8"))
            except ValueError:
                return None
            if not isinstance(o, dict):
                return None
            return {k: v if isinstance(v, list) else [v]
                    for k, v in o.items()}
        try:
            return parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        except ValueError:
            return None

    def body_json(self):
        raw = self.body_raw()
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            return None

    def send(self, status, obj, headers=None, ctype="application/json"):
        fault = getattr(self, "_fault", None) or {}
        if fault.get("drop_after"):
            # The work is done; the answer is lost.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = obj if isinstance(obj, bytes) else \
            json.dumps(obj, separators=(",", ":"),
                       ensure_ascii=False).encode("utf-8")
        if fault.get("huge"):
            return self.send_huge(int(fault["huge"]) if fault["huge"]
                                  is not True else 1 << 30)
        if fault.get("badutf8"):
            # Inside the first string value, or the first value of the
            # member named by the fault ("badutf8": "text").
            k = fault["badutf8"]
            mark = b'":"' if k is True else b'"%s":"' % k.encode()
            i = body.find(mark)
            i = i + len(mark) if i >= 0 else len(body)
            body = body[:i] + b"\xc3\x28\xff\xfe" + body[i:]
        if fault.get("badjson"):
            body = body[: len(body) // 2]
        if fault.get("nonjson"):
            status = fault.get("status", 502)
            body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            ctype = "text/html"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        if fault.get("truncate"):
            self.send_header("Content-Length", str(len(body) + 100))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault.get("reset_body"):
            return self.send_reset(body[: len(body) // 2])
        if fault.get("slow_body"):
            return self.send_slowly(body, float(fault["slow_body"]))
        self.wfile.write(body)
        with self.fake.lock:
            self.fake.stats["requests"] += 1
            k = str(status)
            self.fake.stats["by_status"][k] = \
                self.fake.stats["by_status"].get(k, 0) + 1

    def send_reset(self, part):
        """Write part of the body, then reset the connection (RST)."""
        self.wfile.write(part)
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def send_slowly(self, body, every):
        """The body a byte at a time, every seconds apart."""
        self.close_connection = True
        try:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            pass        # the client gave up

    def send_huge(self, n):
        """A 200 with n bytes of JSON, never held in memory."""
        head = b'{"data":["'
        chunk = b"x" * 65536
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        try:
            self.wfile.write(head)
            left = n - len(head)
            while left > 0:
                k = min(left, len(chunk))
                self.wfile.write(chunk[:k])
                left -= k
        except OSError:
            pass        # the client gave up at its cap

    def handle_any(self, method):
        self._raw = None
        path, q = self.query()
        if method == "POST":
            self.body_raw()
        if path == "/_fake/posts" and method == "GET":
            self._fault = None
            with self.fake.lock:
                posts = list(self.fake.posts)
            return self.send(200, posts)
        if path.startswith("/_fake/"):
            self._fault = None
            return self.api.control(self, method, path, q)
        n, fault = self.fake.next_fault(path)
        self._fault = fault
        auth = self.headers.get("Authorization") or ""
        # Log the request without the secret: only whether auth was sent.
        self.fake.note("%d %s %s auth=%s" % (
            n, method, self.path, "yes" if auth else "no"))
        if fault is not None:
            if fault.get("drop"):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault.get("slow"):
                time.sleep(float(fault["slow"]))
            st = fault.get("status")
            if st is not None and not fault.get("nonjson"):
                self.body_raw()
                return self.api.error(self, int(st), fault)
        return self.api.route(self, method, path, q)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


def main(api_factory, description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--scenario")
    ap.add_argument("--log")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM "
                    "certificate (and its key, in the same file)")
    args = ap.parse_args()
    sc = {}
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as fp:
            sc = json.load(fp)
    fake = Fake(sc, args.log)
    api = api_factory(sc, fake)

    class H(Handler):
        pass
    H.fake = fake
    H.api = api
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), H)
    srv.daemon_threads = True
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    port = srv.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as fp:
            fp.write("%d\n" % port)
        import os
        os.rename(args.port_file + ".tmp", args.port_file)
    print("PORT %d" % port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
