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


# --- 人民币大写 (amounts in capitals, as on a receipt or a cheque) ----------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万")


def _yuan_in_capitals(number: int) -> str:
    if number == 0:
        return "零"
    digits = str(number)
    result, zero_pending = [], False
    for index, char in enumerate(digits):
        position = len(digits) - 1 - index
        if char == "0":
            zero_pending = True
        else:
            if zero_pending and result:
                result.append("零")
            zero_pending = False
            result.append(_DIGITS[int(char)] + _UNITS[position % 4])
        if position % 4 == 0 and position and int(digits[max(0, index - 3):index + 1]):
            result.append(_GROUPS[position // 4])
    return "".join(result)


def in_capitals(amount) -> str:
    """The amount in Chinese capitals (人民币大写), by the rules for filling in bills and receipts
    (中国人民银行《正确填写票据和结算凭证的基本规定》): 1234.56 → 壹仟贰佰叁拾肆元伍角陆分,
    10.00 → 壹拾元整, 1004.00 → 壹仟零肆元整, 100.10 → 壹佰元零壹角, 0.05 → 伍分. 整 ends an amount
    without 角 or 分; one 零 stands for a run of zeros. A negative amount starts with 负."""
    value = fen(amount)
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, cents = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if not jiao and not cents:
        return f"{sign}{_yuan_in_capitals(yuan)}元整"
    text = f"{_yuan_in_capitals(yuan)}元" if yuan else ""
    if jiao:
        text += ("零" if yuan and yuan % 10 == 0 else "") + f"{_DIGITS[jiao]}角"
    elif yuan:
        text += "零"
    if cents:
        text += f"{_DIGITS[cents]}分"
    return sign + text
