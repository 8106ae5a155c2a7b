"""An SMTP server that is slow on purpose, for the outbox crash test and the push mail benchmark.

Like a real MTA it takes responsibility for a message when the end-of-data marker arrives (it records the
Message-ID at once), then takes its time to reply; it is also slow to accept each recipient. A worker killed
while waiting here is killed mid-message.

``hold()`` makes it keep every reply to a recipient or to an end-of-data marker until ``release()``, and
``held()`` says how many conversations are waiting for one: once every sender of a worker waits here, each is in
the middle of a message, either before the outbox recorded the hand-over (a recipient) or after it (the message
text is here), never in between.
"""

import asyncio
import collections
import threading

from aiosmtpd.controller import Controller


class SlowSink:
    def __init__(self, *, rcpt_delay=0.0, data_delay=0.0):
        self.rcpt_delay = rcpt_delay
        self.data_delay = data_delay
        self.message_ids = []
        self._lock = threading.Lock()
        self._holding = threading.Event()
        self._held = 0
        self.controller = None

    def hold(self):
        self._holding.set()

    def release(self):
        self._holding.clear()

    def held(self):
        with self._lock:
            return self._held

    async def _wait_while_held(self):
        if not self._holding.is_set():
            return
        with self._lock:
            self._held += 1
        try:
            while self._holding.is_set():
                await asyncio.sleep(0.005)
        finally:
            with self._lock:
                self._held -= 1

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd hook
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        await self._wait_while_held()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        message_id = ""
        for line in envelope.content.split(b"\r\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
        with self._lock:
            self.message_ids.append(message_id)
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        await self._wait_while_held()
        return "250 Message accepted for delivery"

    def count(self):
        with self._lock:
            return len(self.message_ids)

    def counter(self):
        with self._lock:
            return collections.Counter(self.message_ids)

    def start(self, port):
        self.controller = Controller(self, hostname="127.0.0.1", port=port, data_size_limit=0)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
