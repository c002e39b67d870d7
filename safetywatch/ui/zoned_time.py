"""Stored UTC instants as a person reads them: local time with the zone named ("2026-06-10 10:00 (UTC+8)").

The database keeps UTC (``2026-06-10T02:00:00Z``); the auditor compares times with clocks on the wall and
with paper, so screens show the computer's local time and say which zone that is."""

from __future__ import annotations

import datetime as dt


def zone_label(moment: dt.datetime | None = None) -> str:
    """The computer's zone at *moment* (now when omitted) as an offset: "UTC+8", "UTC+5:30", "UTC-3", "UTC"."""
    aware = (moment or dt.datetime.now(dt.UTC)).astimezone()
    offset = aware.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _local(instant: str) -> dt.datetime:
    return dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone()


def local_minute(instant: str | None) -> str:
    """A stored UTC instant as local "YYYY-MM-DD HH:MM" ("" for none), for columns whose header names the zone."""
    return _local(instant).strftime("%Y-%m-%d %H:%M") if instant else ""


def zoned_time(instant: str | None, *, seconds: bool = False) -> str:
    """A stored UTC instant as local time with its zone: "2026-06-10 10:00 (UTC+8)" ("" for none)."""
    if not instant:
        return ""
    local = _local(instant)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{shown} ({zone_label(local)})"
