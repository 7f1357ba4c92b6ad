"""Money and months: Decimal yuan to the fen (ROUND_HALF_UP), the month arithmetic of bills and
closes, and the error every finance service raises with a message for the user. Imports nothing
else of the finance app, so any finance module can import it at the top."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from campus import dates
from campus.dates import month_end, month_start, next_month, previous_month  # noqa: F401 - re-exported
from campus.errors import ServiceError

FEN = Decimal("0.01")


class FinanceError(ServiceError):
    """A refused action, with a message for the user."""


def fen(value) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# --- months (the arithmetic is campus.dates'; re-exported for the finance modules) ---------------


def parse_month(text: str) -> dt.date:
    """The first day of a YYYY-MM month within campus.dates' range; FinanceError otherwise."""
    month = dates.parse_month(text)
    if month is None:
        raise FinanceError(_("Give the month as YYYY-MM, e.g. 2026-09."))
    return month


def local_range(first: dt.date, last: dt.date):
    """Aware datetimes [start of first, start of the day after last) in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end
