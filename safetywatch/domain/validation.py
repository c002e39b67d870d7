"""Validators for what people type. Text is rejected with a message, never silently trimmed or altered."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from safetywatch.domain.i18n import tr

#: Bidirectional overrides/isolates can make a stored text print differently from what it says
#: (U+202E flips "0.8%" into "%8.0"), which matters for records used as evidence.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000
EARLIEST_DATE = dt.date(2000, 1, 1)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_EIGHT_DIGITS = re.compile(r"\d{8}", re.ASCII)


def text_problem(value: str, *, multiline: bool = False, max_length: int = SHORT_TEXT_MAX) -> str | None:
    """Return what is wrong with *value*, or ``None`` if it may be stored as it is."""
    if len(value) > max_length:
        return tr("Too long: {length} characters, at most {max} allowed.").format(length=len(value), max=max_length)
    for ch in value:
        if ch in "\n\t" and multiline:
            continue
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return tr("Contains a broken character (lone surrogate); retype the text.")
        if ch in _BIDI_CONTROLS:
            return tr("Contains an invisible text-direction control character; retype the text.")
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in _INVISIBLE:
            return tr("Contains a control character (U+{code:04X}); retype the text.").format(code=ord(ch))
    if value != value.strip():
        return tr("Starts or ends with spaces; remove them.")
    return None


def has_visible_content(value: str) -> bool:
    """True if *value* has at least one character that prints (zero-width spaces do not count)."""
    return any(not ch.isspace() and ch not in _INVISIBLE and ch not in _BIDI_CONTROLS for ch in value)


def reason_problem(value: str) -> str | None:
    """A reason for an amendment, extension, rejection or void must say something."""
    if not has_visible_content(value):
        return tr("A reason is required: say why in a few words.")
    return text_problem(value.strip(), multiline=True, max_length=LONG_TEXT_MAX)


def business_date_problem(value: dt.date, today: dt.date, *, allow_future_days: int = 0) -> str | None:
    """Dates of events that happened: not before 2000 and not in the future (beyond a tolerance)."""
    if value < EARLIEST_DATE:
        return tr("Date {date} is before {earliest}; check the year.").format(
            date=value.isoformat(), earliest=EARLIEST_DATE.isoformat()
        )
    if value > today + dt.timedelta(days=allow_future_days):
        return tr("Date {date} is in the future (today is {today}).").format(
            date=value.isoformat(), today=today.isoformat()
        )
    return None


def deadline_problem(deadline: dt.date, found: dt.date) -> str | None:
    """A rectification deadline lies on or after the day the hazard was found, within five years."""
    if deadline < found:
        return tr("The deadline {deadline} is before the found date {found}.").format(
            deadline=deadline.isoformat(), found=found.isoformat()
        )
    if deadline > found + dt.timedelta(days=5 * 366):
        return tr("The deadline {deadline} is more than five years after the found date.").format(
            deadline=deadline.isoformat()
        )
    return None


def parse_iso_date(text: str) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (also ``YYYY/MM/DD`` and ``YYYYMMDD`` as clerks type them); ``None`` if invalid."""
    candidate = text.strip().replace("/", "-").replace(".", "-")
    if _EIGHT_DIGITS.fullmatch(candidate):
        candidate = f"{candidate[:4]}-{candidate[4:6]}-{candidate[6:]}"
    # fromisoformat alone would also take week dates ("2026W011") and other ISO forms clerks never mean.
    if not _ISO_DAY.fullmatch(candidate):
        return None
    try:
        return dt.date.fromisoformat(candidate)
    except ValueError:
        return None
