"""Money and months: Decimal yuan to the fen (ROUND_HALF_UP), the month arithmetic of bills and
closes, and the error every finance service raises with a message for the user. Imports nothing
else of the finance app, so any finance module can import it at the top."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

FEN = Decimal("0.01")


class FinanceError(ValueError):
    """A refused action, with a message for the user."""


def fen(value) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# --- months -------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m").date().replace(day=1)  # noqa: DTZ007 - a date, no time
    except ValueError:
        raise FinanceError(_("Give the month as YYYY-MM, e.g. 2026-09.")) from None


def local_range(first: dt.date, last: dt.date):
    """Aware datetimes [start of first, start of the day after last) in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end
