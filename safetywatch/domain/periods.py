"""Period arithmetic: statistic months (calendar months, or months ending on a cut-off day), their bounds,
and the four periods a monthly report compares (本月, 上月, 本年累计, 去年同期)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr

#: The report's periods, in report order.
PERIOD_KEYS = ("month", "prev_month", "ytd", "ytd_last_year")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def span(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()


def statistic_month(day: str, cutoff: int) -> str:
    """The statistic month ('YYYY-MM') of a date ('YYYY-MM-DD'): with a cut-off day d, later days belong to
    the next month."""
    if cutoff and int(day[8:10]) > cutoff:
        first = dt.date.fromisoformat(day[:8] + "01")
        return (first.replace(day=28) + dt.timedelta(days=4)).strftime("%Y-%m")
    return day[:7]


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month 'YYYY-MM'."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValidationError.single("month", tr("Not a month; type it as YYYY-MM.")) from None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_period(month: str, cutoff: int = 0) -> Period:
    """The statistic period named by *month* ('YYYY-MM')."""
    first, last = month_bounds(month)
    if not cutoff:
        return Period(first, last)
    before = first - dt.timedelta(days=1)
    return Period(before.replace(day=cutoff) + dt.timedelta(days=1), first.replace(day=cutoff))


def periods(month: str, cutoff: int = 0) -> dict[str, Period]:
    """This month, the previous month, the year to date and the same part of last year."""
    this = month_period(month, cutoff)
    year, number = int(month[:4]), int(month[5:7])
    previous = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    ytd = Period(month_period(f"{year}-01", cutoff).start, this.end)
    last_end = this.end.replace(year=year - 1, day=min(this.end.day, calendar.monthrange(year - 1, this.end.month)[1]))
    last = Period(month_period(f"{year - 1}-01", cutoff).start, last_end)
    return {"month": this, "prev_month": month_period(previous, cutoff), "ytd": ytd, "ytd_last_year": last}


def previous_month(day: dt.date) -> str:
    """The calendar month ('YYYY-MM') before the one containing *day*."""
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def recent_months(today: dt.date, count: int = 24) -> list[str]:
    """This month and the *count* − 1 before it, newest first."""
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day.strftime("%Y-%m"))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months
