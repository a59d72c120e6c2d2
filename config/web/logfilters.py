"""Logging filters for faults that repeat on every request."""

import logging
import time


class OncePerInterval(logging.Filter):
    """Let one record of a kind (logger and message) through per `seconds`; say how many were held back.

    While Redis is down, django-redis logs every cache call it ignores, several a page: one line a
    minute says the same and keeps the log readable.
    """

    def __init__(self, seconds: float = 60, name: str = ""):
        super().__init__(name)
        self.seconds = seconds
        self._last: dict[tuple[str, str], float] = {}
        self._held: dict[tuple[str, str], int] = {}

    def reset(self) -> None:
        self._last.clear()
        self._held.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, str(record.msg))
        now = time.monotonic()
        if now - self._last.get(kind, float("-inf")) < self.seconds:
            self._held[kind] = self._held.get(kind, 0) + 1
            return False
        self._last[kind] = now
        held = self._held.pop(kind, 0)
        if held:
            record.msg = f"{record.msg} ({held} more like this in the last {self.seconds:g} s)"
        return True
