"""Time as the program sees it: injectable so tests can move it (reliability.md checklist item 13)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now_utc(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


class SystemClock:
    """The computer's clock: UTC instants for the audit log, the local date for business dates."""

    def now_utc(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.date.today()


class FixedClock:
    """A clock that says what it is told (tests, demo generation)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now if now.tzinfo else now.replace(tzinfo=dt.UTC)

    def now_utc(self) -> dt.datetime:
        return self.now

    def today(self) -> dt.date:
        return self.now.date()

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def utc_iso(instant: dt.datetime) -> str:
    """The storage form of an instant: UTC, microseconds, ``Z`` suffix (sorts as text)."""
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
