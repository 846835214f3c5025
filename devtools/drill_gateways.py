"""Stand-in mail and SMS gateways for the cluster drill: they accept what the portal sends and record it.

The mail server is aiosmtpd; each message is recorded with its `X-Outbox-Key`, so a message sent twice
(a worker killed after the gateway took it but before the row was marked sent) is counted as a
duplicate. The SMS gateway is a small HTTP server that `StandInSmsBackend` (set as SMS_BACKEND in the
drill's servers) posts to. Both can be slowed down, so that a delivery is in flight long enough to be
interrupted on purpose.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections import Counter
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

from portal.sms import BaseBackend, Message, SmsError


class Recorder:
    """What a gateway received, by key; `in_flight` is set while a message is being taken."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.keys: Counter = Counter()
        self.lock = threading.Lock()
        self.in_flight = threading.Event()

    def take(self, key: str) -> None:
        self.in_flight.set()
        time.sleep(self.delay)
        with self.lock:
            self.keys[key] += 1
        self.in_flight.clear()

    @property
    def received(self) -> int:
        return sum(self.keys.values())

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.keys.values())


class MailHandler:
    def __init__(self, recorder: Recorder):
        self.recorder = recorder

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content)
        # The handler runs on the server's event loop: a blocking sleep holds this one connection only
        # in practice, as the drill's worker sends one message at a time per process.
        self.recorder.take(message.get("X-Outbox-Key") or message.get("Message-ID") or "")
        return "250 OK"


def start_mail(port: int, recorder: Recorder):
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    controller = Controller(MailHandler(recorder), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def start_sms(port: int, recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's hook name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            recorder.take(json.dumps([body["phone"], body["template"], body["params"]], sort_keys=True))
            payload = json.dumps({"Code": "OK", "BizId": str(recorder.received)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class StandInSmsBackend(BaseBackend):
    """Posts each message as JSON to SMS_ENDPOINT (the drill's stand-in gateway)."""

    def send(self, message: Message) -> str:
        data = json.dumps({"phone": message.phone, "template": message.template, "params": message.params})
        request = urllib.request.Request(
            settings.SMS_ENDPOINT, data=data.encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())["BizId"]
        except OSError as exc:
            raise SmsError(f"stand-in gateway: {exc}") from exc
