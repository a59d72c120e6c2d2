"""A webhook receiver on 127.0.0.1 for the tests: it verifies each request's signature with the
`standardwebhooks` reference library and answers with the status codes it is told to."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    headers: dict
    body: bytes
    payload: dict | None  # what the library verified, None when the signature did not verify
    error: str = ""


@dataclass
class Receiver:
    secret: str = ""
    statuses: list[int] = field(default_factory=list)  # answered in turn; 200 once they run out
    hold: threading.Event | None = None  # set: the receiver "sleeps" until released, up to hold_seconds
    hold_seconds: float = 10.0
    received: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {key.lower(): value for key, value in self.headers.items()}
                try:
                    payload, error = Webhook(receiver.secret).verify(body, headers), ""
                except WebhookVerificationError as failure:
                    payload, error = None, str(failure)
                receiver.received.append(Received(headers=headers, body=body, payload=payload, error=error))
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(receiver.hold_seconds)  # the slow receiver: 10 s unless released
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                receiver.finished.set()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()
