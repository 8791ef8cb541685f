#!/usr/bin/env python3
"""A local stand-in for Discord / a webhook endpoint, for the dev simulation: answers 204 to every POST and
appends each body (one JSON document per line) to the file given, so a demo can count notifications."""
import http.server
import sys

LOG = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(min(length, 1 << 20))
        with open(LOG, "ab") as out:
            out.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
