"""The calendar a year at a glance, the year's holidays pasted or picked in one go, and the demo's 2027."""

import datetime as dt

import pytest
from django.utils import translation

from campus.calendar import is_school_day
from campus.calendar_entry import EntryError, parse_holiday_text
from campus.choices import CalendarDayKind
from campus.models import CalendarDay, CalendarYear, Term
from campus.roles import Role

NOTICE = """一、元旦：1月1日至3日放假，共3天。
二、春节：2月5日至11日放假调休，共7天。1月31日（星期日）、2月20日（星期六）上班。
2027-04-03 至 2027-04-05 放假
2027-04-06 上班
劳动节：2027/5/1-2027/5/5 休息"""


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


def test_the_notice_and_plain_lines_are_read():
    entries = {entry.date: entry for entry in parse_holiday_text(NOTICE, 2027)}
    assert entries[dt.date(2027, 4, 4)].kind == CalendarDayKind.HOLIDAY
    assert entries[dt.date(2027, 4, 6)].kind == CalendarDayKind.WORKDAY
    assert entries[dt.date(2027, 1, 31)].kind == CalendarDayKind.WORKDAY  # "1月31日（星期日）、2月20日（星期六）上班"
    assert entries[dt.date(2027, 2, 20)].kind == CalendarDayKind.WORKDAY
    assert entries[dt.date(2027, 2, 11)].note == "春节"
    assert len([e for e in entries.values() if e.kind == CalendarDayKind.HOLIDAY]) == 3 + 7 + 3 + 5


@pytest.mark.parametrize("text, words", [
    ("hello", "第 1 行"),
    ("2027-04-03", "放假"),
    ("2027-04-31 放假", "不是日期"),
    ("2026-10-01 放假", "不在 2027 年"),
    ("2027-04-05 至 2027-04-03 放假", "结束早于开始"),
    ("2027-04-03 放假\n2027-04-03 上班", "第 2 行"),
])
def test_a_line_that_cannot_be_read_says_which_and_why(text, words):
    with pytest.raises(EntryError) as caught:
        parse_holiday_text(text, 2027)
    assert words in str(caught.value)


def test_the_year_at_a_glance_shows_every_month_and_a_day_of_april_2027(world, client_as):
    Term.objects.create(campus=world.campus, name="2027春", starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 7, 10))
    CalendarDay.objects.create(campus=world.campus, date=dt.date(2027, 4, 12), kind=CalendarDayKind.HOLIDAY, note="园内消毒")
    client = client_as(world.user(Role.TEACHER))
    page = client.get("/calendar/").content.decode()
    assert "?year=2027" in page  # every year a term touches has its tab
    page = client.get("/calendar/?year=2027").content.decode()
    assert page.count('calendar-month"') == 12
    assert 'data-date="2027-04-12"' in page and "园内消毒" in page


def test_the_director_pastes_the_holidays_and_confirms_the_year(world, client_as):
    CalendarYear.objects.filter(year=2027).delete()
    Term.objects.create(campus=world.campus, name="2027春", starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 7, 10))
    client = client_as(world.user(Role.DIRECTOR))
    response = client.post("/calendar/", {"text-year": "2027", "text-text": "2027-04-03 放假 乱写"})
    assert response.status_code == 302  # one day is fine
    response = client.post("/calendar/", {"text-year": "2027", "text-text": "4月放假"})
    assert response.status_code == 200 and "第 1 行" in response.content.decode()
    response = client.post("/calendar/", {"text-year": "2027", "text-text": NOTICE, "text-confirm": "on"})
    assert response.status_code == 302 and response.url.endswith("?year=2027")
    assert CalendarYear.objects.filter(campus=world.campus, year=2027).exists()
    assert not is_school_day(world.campus, dt.date(2027, 4, 5))
    assert is_school_day(world.campus, dt.date(2027, 4, 6))
    assert is_school_day(world.campus, dt.date(2027, 4, 7))
    assert CalendarDay.history.filter(date=dt.date(2027, 4, 5)).exists()


def test_a_closure_from_one_date_to_another(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    response = client.post("/calendar/", {"range-first": "2026-11-02", "range-last": "2026-11-04",
                                          "range-kind": "holiday", "range-note": "消毒停课"})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(campus=world.campus, note="消毒停课").count() == 3
    row = CalendarDay.objects.filter(campus=world.campus).first()
    assert client.post("/calendar/", {"remove": row.pk}).status_code == 302
    assert CalendarDay.objects.filter(campus=world.campus).count() == 2


def test_a_teacher_enters_nothing(world, client_as):
    client = client_as(world.user(Role.TEACHER))
    assert client.post("/calendar/", {"text-year": "2027", "text-text": NOTICE}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_the_demo_confirms_2027_only_with_all_its_holidays():
    from campus.demo import DEMO_HOLIDAYS

    entries = parse_holiday_text(DEMO_HOLIDAYS[2027], 2027)
    holidays = {entry.date for entry in entries if entry.kind == CalendarDayKind.HOLIDAY}
    assert {dt.date(2027, 4, 5), dt.date(2027, 5, 3), dt.date(2027, 10, 7), dt.date(2027, 2, 8)} <= holidays
