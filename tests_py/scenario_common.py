"""What loop_scenarios.py and tls_scenarios.py share.

Modules that use sockets are imported inside the functions, as
loop_scenarios.py does: a scenario process imports only what it exercises,
and only after gosock.install() has run (when it runs)."""
import hashlib
import json
import sys


def main(scenarios):
    """Run scenario_<argv[1]> from scenarios (the caller's globals()) and
    print what it observed as one JSON line, for subproc.json_result."""
    import socket
    result = scenarios["scenario_" + sys.argv[1]]()
    result["socket_module"] = socket.__name__
    print(json.dumps(result, sort_keys=True))


def http_handler(get_body, post_status):
    """A quiet HTTP/1.1 (keep-alive) request handler class: GET answers
    get_body(handler), POST the SHA-256 hex digest of the request body."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self._answer(200, get_body(self).encode())

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self._answer(post_status, hashlib.sha256(body).hexdigest().encode())

        def _answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler
