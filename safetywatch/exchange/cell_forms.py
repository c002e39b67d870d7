"""The forms a date or a time takes in a file that went through a spreadsheet program.

The export writes dates ``YYYY-MM-DD`` and times ``HH:MM``. Excel in the zh-CN locale reads those as a date
and a time and saves them back as ``2026/1/5`` and ``8:30`` (a cell formatted as date and time: ``2026/1/5
0:00``); WPS and hand-made registers write ``2026年1月5日``. The importer reads all of them, and what
clerks type (``2026.01.05``, ``20260105``: ``domain.validation.parse_iso_date``), and nothing looser: a
day-first or two-digit-year date is ambiguous and is refused with the forms this module accepts.
"""

from __future__ import annotations

import datetime as dt
import re

from safetywatch.domain.i18n import tr

#: Year, month and day with one separator throughout (2026-1-5, 2026/1/5, 2026.1.5), or 2026年1月5日, or
#: 20260105; a time of day may follow (a date-and-time cell).
_DATES = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})",
        r"(?P<y>\d{4})年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日",
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
    )
)
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?", re.ASCII)


def date_forms() -> str:
    """The accepted forms, for messages."""
    return tr("write it as YYYY-MM-DD (2026-01-05), YYYY/M/D (2026/1/5) or YYYY年M月D日 (2026年1月5日)")


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """The day *text* names and ``None``, or ``None`` and what is wrong with it. A time of day after the
    date is taken only if it is midnight (a date cell formatted with a time): a day column keeps no time."""
    value = text.strip()
    match = next(filter(None, (pattern.match(value) for pattern in _DATES)), None)
    not_a_date = tr("Not a date; {forms}.").format(forms=date_forms())
    if match is None:
        return None, not_a_date
    rest = value[match.end() :].strip()
    if rest:
        clock = _TIME.fullmatch(rest)
        time = _time_of(clock) if clock else None
        if time is None:
            return None, not_a_date
        if time != dt.time(0, 0):
            return None, tr("This column holds a day, not a time of day; remove “{time}”.").format(time=rest)
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])), None
    except ValueError:
        return None, tr("{text} is not a day of the calendar; check the month and the day.").format(text=value)


def parse_time(text: str) -> tuple[str | None, str | None]:
    """*text* as ``HH:MM`` (``8:30`` and ``08:30:00`` as spreadsheets save them; ``24:00`` stays) and
    ``None``, or ``None`` and what is wrong with it. Seconds other than zero are refused: the ledger keeps
    minutes."""
    match = _TIME.fullmatch(text.strip())
    if match and (int(match["h"]), int(match["min"]), int(match["s"] or 0)) == (24, 0, 0):
        return "24:00", None  # the end of a shift that ends at midnight (the services decide where it fits)
    time = _time_of(match) if match else None
    if time is None:
        return None, tr("Not a time; write it as HH:MM (08:30 or 8:30).")
    if time.second:
        return None, tr("The ledger keeps times to the minute; remove the seconds.")
    return time.strftime("%H:%M"), None


def _time_of(match: re.Match[str]) -> dt.time | None:
    try:
        return dt.time(int(match["h"]), int(match["min"]), int(match["s"] or 0))
    except ValueError:
        return None
