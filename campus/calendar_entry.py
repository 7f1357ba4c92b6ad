"""Reading a year's holidays as people have them: the lines of the State Council's notice pasted as
they are, or a date range picked on the page.

    2027-04-03 至 2027-04-05 放假
    2027-04-06 上班
    4月3日至5日放假调休，共3天。4月6日（星期日）上班。
    2027/5/1-2027/5/5 休息

Each line may hold several dates or ranges, each followed by what it is (放假/休息/休 = a day off;
上班/补班 = a make-up school day). Dates without a year take the year of the form. A line that
cannot be read is an error naming its line number and what was wrong; nothing is saved then.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import CalendarDayKind

MAX_RANGE_DAYS = 31

_FULL = r"(?P<{p}y>\d{{4}})\s*[-/.年]\s*(?P<{p}m>\d{{1,2}})\s*[-/.月]\s*(?P<{p}d>\d{{1,2}})\s*日?"
_SHORT = r"(?:(?P<{p}m2>\d{{1,2}})\s*月\s*)?(?P<{p}d2>\d{{1,2}})\s*日"
_DATE = "(?:" + _FULL + "|" + _SHORT + ")"
_RANGE = re.compile(
    _DATE.format(p="a") + r"(?:\s*(?:（[^）]*）|\([^)]*\)))?"
    + r"(?:\s*(?:至|到|~|～|—|–|-)\s*" + _DATE.format(p="b") + r")?"
)
_WORK = ("上班", "补班", "工作")
_OFF = ("放假", "休息", "休假", "休")


@dataclass
class Entry:
    date: dt.date
    kind: str
    note: str
    line: int


class EntryError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(_("Line %(line)d: %(message)s") % {"line": line, "message": message})


def _date(match, prefix, year, month_hint):
    if match.group(f"{prefix}y"):
        y, m, d = int(match.group(f"{prefix}y")), int(match.group(f"{prefix}m")), int(match.group(f"{prefix}d"))
    elif match.group(f"{prefix}d2"):
        y = year
        m = int(match.group(f"{prefix}m2")) if match.group(f"{prefix}m2") else month_hint
        d = int(match.group(f"{prefix}d2"))
        if m is None:
            return None, None
    else:
        return None, None
    return dt.date(y, m, d), m


def _kind_after(text: str) -> str | None:
    """What the words right after a date say it is: the first of 上班/放假 found."""
    positions = []
    for word in _WORK:
        if (at := text.find(word)) >= 0:
            positions.append((at, CalendarDayKind.WORKDAY))
    for word in _OFF:
        if (at := text.find(word)) >= 0:
            positions.append((at, CalendarDayKind.HOLIDAY))
    return min(positions)[1] if positions else None


def _note_of(line: str) -> str:
    """The holiday's name when the line starts with one ("清明节：4月3日至5日放假")."""
    head = re.split(r"[：:\d]", line, maxsplit=1)[0]
    head = re.sub(r"^[一二三四五六七八九十]+、", "", head).strip(" ，,。、")
    return head[:100]


def parse_holiday_text(text: str, year: int) -> list[Entry]:
    """Every day the text names, with its kind. Raises ``EntryError`` for the first line it cannot read."""
    entries: dict[dt.date, Entry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        matches = list(_RANGE.finditer(line))
        if not matches:
            raise EntryError(number, _("no date found in “%(text)s”.") % {"text": line[:60]})
        note = _note_of(line)
        month = None
        kinds = []
        for index, match in enumerate(matches):
            end_of_words = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            kinds.append((_kind_after(line[match.end():end_of_words]), line[match.end():end_of_words].strip()))
        # "1月31日（星期日）、2月20日（星期六）上班": a date followed only by 、 takes the next one's kind.
        for index in range(len(kinds) - 2, -1, -1):
            if kinds[index][0] is None and kinds[index][1] in ("", "、", ",", "，", "和", "及"):
                kinds[index] = (kinds[index + 1][0], "")
        for match, (kind, _words) in zip(matches, kinds, strict=True):
            if kind is None:
                raise EntryError(number, _("say whether “%(text)s” is a day off (放假) or a working day (上班).")
                                 % {"text": match.group(0).strip()})
            try:
                first, month = _date(match, "a", year, month)
                last, month_b = _date(match, "b", year, month)
            except ValueError:
                raise EntryError(number, _("“%(text)s” is not a date.") % {"text": match.group(0).strip()}) from None
            if first is None:
                raise EntryError(number, _("“%(text)s” needs a month.") % {"text": match.group(0).strip()})
            if last is None:
                last = first
            else:
                month = month_b
            if last < first:
                raise EntryError(number, _("the range ends before it starts."))
            if (last - first).days >= MAX_RANGE_DAYS:
                raise EntryError(number, _("a range of more than %(days)d days is not a holiday.") % {"days": MAX_RANGE_DAYS})
            if first.year != year or last.year != year:
                raise EntryError(number, _("%(date)s is not in %(year)d.") % {"date": first.isoformat(), "year": year})
            day = first
            while day <= last:
                previous = entries.get(day)
                if previous is not None and previous.kind != kind:
                    raise EntryError(number, _("%(date)s is also on line %(other)d as something else.")
                                     % {"date": day.isoformat(), "other": previous.line})
                entries[day] = Entry(day, kind, note, number)
                day += dt.timedelta(days=1)
    return sorted(entries.values(), key=lambda entry: entry.date)


def range_entries(first: dt.date, last: dt.date, kind: str, note: str = "") -> list[Entry]:
    if last < first:
        raise EntryError(1, _("the range ends before it starts."))
    if (last - first).days >= 366:
        raise EntryError(1, _("a range of more than a year."))
    return [Entry(first + dt.timedelta(days=n), kind, note, 1) for n in range((last - first).days + 1)]
