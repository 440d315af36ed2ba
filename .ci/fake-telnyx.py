#!/usr/bin/env python3
"""A stand-in for the Telnyx API on loopback, for CI's end-to-end run of the example tool.

Answers POST /ai/assistants/{id}/canary-deploys with a canned deploy that echoes the request's
rules, prints the port it listens on, and exits after one request.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        parts = self.path.split("/")
        ok = self.path.endswith("/canary-deploys") and self.headers.get("Authorization") == "Bearer ci-key"
        answer = {
            "assistant_id": parts[3] if len(parts) > 3 else "",
            "rules": body.get("rules", []),
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00.5Z",
        }
        data = json.dumps(answer if ok else {"detail": []}).encode()
        self.send_response(200 if ok else 422)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.handle_request()
