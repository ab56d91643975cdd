#!/usr/bin/env python3
"""A business system's callback endpoint for deploy/local/callbacks-check.sh, on 127.0.0.1.

Verifies every callback with Standard Webhooks' own Python library (PyPI: standardwebhooks), under each secret given
(both secrets of a rotation must verify), answers 500 to everything for its first --fail-for seconds and then 204 to
what verifies (401 otherwise), and writes one JSON line per request to --log:
  {"at", "webhookId", "type", "contractId", "signerIndex", "verified": [per secret], "status", "body"}

Usage: callbacks-receiver.py --port P --secrets whsec_a,whsec_b --fail-for 60 --log requests.jsonl
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secrets", required=True, help="comma-separated whsec_ secrets; each must verify")
    parser.add_argument("--fail-for", type=float, default=60.0, help="answer 500 for this many seconds")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()

    verifiers = [Webhook(s) for s in args.secrets.split(",") if s]
    started = time.monotonic()
    lock = threading.Lock()
    log = open(args.log, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified = []
            for verifier in verifiers:
                try:
                    verifier.verify(raw, headers, json_parse=False)
                    verified.append(True)
                except Exception:
                    verified.append(False)
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
            data = body.get("data") or {}
            if time.monotonic() - started < args.fail_for:
                status = 500
            else:
                status = 204 if verified and all(verified) else 401
            line = {
                "at": time.time(),
                "webhookId": headers.get("webhook-id"),
                "type": body.get("type"),
                "contractId": data.get("contractId"),
                "signerIndex": data.get("signerIndex"),
                "verified": verified,
                "status": status,
                "body": raw.decode("utf-8", "replace"),
            }
            with lock:
                log.write(json.dumps(line) + "\n")
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            # Readiness, and how long the receiver still fails.
            left = max(0.0, args.fail_for - (time.monotonic() - started))
            payload = json.dumps({"failingForSeconds": round(left, 1)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *arguments):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"callbacks-receiver: listening on 127.0.0.1:{args.port}, answering 500 for {args.fail_for:g} s",
          file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
