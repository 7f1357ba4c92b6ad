"""The one declarative register (campus/registers.py), through the registers of the three apps that
declare one: rows for a period, filters, the xlsx (texts stay texts), the A4 print, the range form's
messages and a query count that does not grow with the rows."""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from campus.registers import RangeForm
from campus.roles import Role
from campus.ui import is_temporal
from checklists import services as checklist_services
from checklists.models import ChecklistTemplate, Run, TemplateItem
from health import services as health_services
from kitchen import registers as kitchen_registers
from kitchen import services as kitchen_services
from kitchen.choices import DisinfectionMethod
from tests import factories
from tests.factories import make_class_with_children

pytestmark = pytest.mark.django_db
DISINFECTION = "/kitchen/disinfection/"


@pytest.fixture
def no_nav(monkeypatch):
    """Leave the apps' menu entries out, so the counts measure the register and the shared shell."""
    monkeypatch.setattr("campus.context_processors.nav_menu", lambda *args: ([], []))


def disinfect(world, day, meal="lunch", items="碗、勺"):
    return kitchen_services.record_disinfection(
        world.campus, user=world.user(Role.COOK), date=day, meal=meal, method=DisinfectionMethod.STEAM, items=items,
        item_count=60, started_at=timezone.now(), operator=world.user(Role.COOK), duration_seconds=600,
    )


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "register.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- rows, period, filters ------------------------------------------------------------------------


def test_the_page_shows_the_columns_and_the_rows_of_the_period_only(world, client_as):
    today = timezone.localdate()
    disinfect(world, today, items="今天的碗")
    disinfect(world, today - dt.timedelta(days=10), items="十天前的碗")
    client = client_as(world.user(Role.DIRECTOR))
    response = client.get(f"{DISINFECTION}?first={today - dt.timedelta(days=2)}&last={today}")
    assert response.status_code == 200
    headers = response.context["headers"]
    assert len(headers) == 10 and str(headers[0]) == str(kitchen_registers.DISINFECTION.columns[0].header)
    rows = response.context["rows"]
    assert [cells[3] for _url, cells in rows] == ["今天的碗 × 60"]
    url, cells = rows[0]
    assert cells[0] == today and url == reverse("kitchen:disinfection_detail", args=[_pk(world, today)])
    page = response.content.decode()
    assert "今天的碗" in page and "十天前的碗" not in page and f'href="{url}"' in page
    assert "format=xlsx" in page and "format=pdf" in page  # the exports keep the period
    wider = client.get(f"{DISINFECTION}?first={today - dt.timedelta(days=12)}&last={today}")
    assert len(wider.context["rows"]) == 2


def test_date_and_time_cells_are_marked_to_stay_on_one_line(world, client_as):
    """On a phone the register scrolls sideways; its dates and times must not stack over four lines."""
    today = timezone.localdate()
    disinfect(world, today, items="碗、勺")
    response = client_as(world.user(Role.DIRECTOR)).get(DISINFECTION)
    [line] = response.context["lines"]  # the row's cells as HTML (campus.registers.line_html)
    cells = re.findall(r"<td( class=\"cell-date\")?>", line)
    marked = [str(header) for header, temporal in zip(response.context["headers"], cells, strict=True) if temporal]
    assert marked == [str(kitchen_registers.DISINFECTION.columns[0].header), "开始时间"]  # the date, the start time
    assert response.content.decode().count('class="cell-date"') == 2


def test_a_row_is_printed_as_the_cell_filter_would_print_it():
    """line_html replaced ``{{ cell|cell|default_if_none:"" }}`` in the template (for speed): money
    grouped, dates short, text escaped, None empty, the first cell linking to the record."""
    from campus.money import Yuan
    from campus.registers import line_html

    html = line_html("/x/1/?a=1&b=2", [dt.date(2026, 5, 1), Yuan("1234.5"), "<b>碗</b> 2026-05-01 起", None, 3])
    assert html == ('<td class="cell-date"><a href="/x/1/?a=1&amp;b=2">2026-05-01</a></td><td>1,234.50</td>'
                    '<td>&lt;b&gt;碗&lt;/b&gt; <span class="text-date">2026-05-01</span> 起</td><td></td><td>3</td>')


@pytest.mark.parametrize("cell, temporal", [
    (dt.date(2026, 5, 1), True), (dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC), True), (dt.time(9, 30), True),
    ("09:30", True), ("05-12 09:30", True), ("2026-05-12", True), ("10:00–10:30", True),
    ("碗 × 60", False), ("15.0 分钟", False), ("3 / 4", False), (None, False), (Decimal("2.50"), False),
])
def test_which_cells_count_as_dates(cell, temporal):
    assert is_temporal(cell) is temporal


def _pk(world, day):
    from kitchen.models import Disinfection

    return Disinfection.objects.get(campus=world.campus, date=day).pk


def test_a_declared_filter_narrows_the_page_and_the_exports(world, client_as):
    today = timezone.localdate()
    disinfect(world, today, meal="lunch", items="午饭碗")
    disinfect(world, today, meal="breakfast", items="早饭碗")
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get(f"{DISINFECTION}?meal=lunch").content.decode()
    assert "午饭碗" in page and "早饭碗" not in page
    assert 'name="meal"' in page and '<option value="lunch" selected>' in page
    text = str(sheet_rows(client.get(f"{DISINFECTION}?meal=breakfast&format=xlsx")))
    assert "早饭碗" in text and "午饭碗" not in text
    everything = client.get(f"{DISINFECTION}?meal=not-a-meal").content.decode()  # not a choice: ignored
    assert "午饭碗" in everything and "早饭碗" in everything


def test_the_class_filter_of_the_health_registers(world, client_as):
    room_a, children_a = make_class_with_children(world, 1, "甲班")
    room_b, children_b = make_class_with_children(world, 1, "乙班")
    health = world.user(Role.HEALTH)
    for child in (*children_a, *children_b):
        health_services.record_blood_pressure(child, measured_on=timezone.localdate(), systolic=100, diastolic=60, user=health)
    client = client_as(health)
    url = reverse("health:register", args=["blood_pressure"])
    page = client.get(f"{url}?class={room_a.pk}").content.decode()
    assert children_a[0].name in page and children_b[0].name not in page
    both = client.get(url).content.decode()
    assert children_a[0].name in both and children_b[0].name in both


def test_the_checklist_register_filters_by_department(world, client_as, clock):
    clock.school_day(world.campus)
    for code, title, department in (("fridge", "冰箱温度", "kitchen"), ("gate", "门口巡查", "safety")):
        ChecklistTemplate.objects.create(campus=world.campus, code=code, title=title, department=department,
                                         assignee_role=Role.COOK.value, starts_on=timezone.localdate())
    checklist_services.generate_runs(campus=world.campus)
    client = client_as(world.user(Role.LOGISTICS))
    page = client.get(reverse("checklists:runs_register") + "?department=kitchen").content.decode()
    assert "冰箱温度" in page and "门口巡查" not in page


# --- the files ------------------------------------------------------------------------------------


def test_xlsx_writes_every_text_as_text_never_a_formula(world, client_as):
    factories.make_acceptance(world, product="=SUM(1)")
    factories.make_acceptance(world, product='=HYPERLINK("http://evil.example/","点我")')
    response = client_as(world.user(Role.DIRECTOR)).get("/kitchen/acceptance/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert cells["=SUM(1)"].data_type == "s"
    assert cells['=HYPERLINK("http://evil.example/","点我")'].data_type == "s"
    assert world.campus.name in " ".join(str(v) for v in cells)
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_print_is_an_a4_pdf_with_the_title_campus_and_period(world, client_as, tmp_path):
    today = timezone.localdate()
    disinfect(world, today)
    response = client_as(world.user(Role.DIRECTOR)).get(f"{DISINFECTION}?first={today}&last={today}&format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path).replace(" ", "")
    with translation.override("zh-hans"):
        title = str(kitchen_registers.DISINFECTION.title)
        in_charge = translation.gettext("Person in charge:")
    assert title in text and world.campus.name in text and today.isoformat() in text
    assert in_charge in text and "1/1" in text  # the signature line and the page numbers


# --- the range form -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31"])
def test_a_date_outside_2000_2100_gets_a_message_not_a_file_or_an_error(world, client_as, bad):
    client = client_as(world.user(Role.DIRECTOR))
    for url in (DISINFECTION, reverse("health:register", args=["checks"]), reverse("checklists:runs_register")):
        response = client.get(f"{url}?first={bad}&format=xlsx")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), url
        message = str(response.context["range_form"].errors["first"][0])
        assert "2000" in message and message in response.content.decode()


def test_the_range_form_refuses_a_reversed_or_too_long_period():
    with translation.override("en"):
        reversed_ = RangeForm({"first": "2026-03-02", "last": "2026-03-01"})
        assert not reversed_.is_valid() and "after the last day" in reversed_.non_field_errors()[0]
        too_long = RangeForm({"first": "2020-01-01", "last": "2026-01-01"})
        assert not too_long.is_valid() and "year" in too_long.non_field_errors()[0]
        assert RangeForm({"first": "2026-01-01", "last": "2026-03-01"}).is_valid()
        assert not RangeForm({"first": "0001-01-01"}).is_valid() and not RangeForm({"last": "9999-12-31"}).is_valid()


def test_one_date_given_the_other_follows(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    today = timezone.localdate()
    response = client.get(f"{DISINFECTION}?last={today - dt.timedelta(days=40)}")
    period = response.context["period"]
    assert period.last == today - dt.timedelta(days=40) and period.first <= period.last


# --- query counts: the same with one row and with many --------------------------------------------


def test_kitchen_register_query_count_does_not_grow(world, client_as, django_assert_num_queries, no_nav):
    today = timezone.localdate()
    disinfect(world, today)
    client = client_as(world.user(Role.DIRECTOR))
    client.get(DISINFECTION)  # warm the session and the settings row
    with django_assert_num_queries(QUERIES["kitchen"]):
        assert len(client.get(DISINFECTION).context["rows"]) == 1
    for n in range(1, 6):
        disinfect(world, today - dt.timedelta(days=n))
    first = today.replace(day=1) - dt.timedelta(days=7)
    with django_assert_num_queries(QUERIES["kitchen"]):
        assert len(client.get(f"{DISINFECTION}?first={first}&last={today}").context["rows"]) == 6


def test_health_register_query_count_does_not_grow(world, client_as, django_assert_num_queries, no_nav):
    _room, children = make_class_with_children(world, 6)
    health = world.user(Role.HEALTH)
    url = reverse("health:register", args=["blood_pressure"])

    def measure(child):
        health_services.record_blood_pressure(child, measured_on=timezone.localdate(), systolic=100, diastolic=60,
                                              user=health, note="好")

    measure(children[0])
    client = client_as(health)
    client.get(url)
    with django_assert_num_queries(QUERIES["health"]):
        assert len(client.get(url).context["rows"]) == 1
    for child in children[1:]:
        measure(child)
    with django_assert_num_queries(QUERIES["health"]):
        assert len(client.get(url).context["rows"]) == 6


def test_checklist_register_query_count_does_not_grow(world, client_as, django_assert_num_queries, no_nav, clock):
    clock.school_day(world.campus, at="09:00")
    cook = world.user(Role.COOK)

    def template(n):
        tpl = ChecklistTemplate.objects.create(campus=world.campus, code=f"t{n}", title=f"检查{n}", department="kitchen",
                                               assignee_role=Role.COOK.value, starts_on=timezone.localdate())
        return TemplateItem.objects.create(template=tpl, label=f"温度{n}", kind="number", unit="℃",
                                           min_value=Decimal(0), max_value=Decimal(8))

    items = [template(0)]
    checklist_services.generate_runs(campus=world.campus)
    url = reverse("checklists:runs_register")
    client = client_as(world.user(Role.LOGISTICS))
    client.get(url)
    with django_assert_num_queries(QUERIES["checklists"]):
        assert len(client.get(url).context["rows"]) == 1
    items += [template(n) for n in range(1, 5)]
    checklist_services.generate_runs(campus=world.campus)
    for run in Run.objects.filter(template__code__in=["t1", "t2"]):
        item = next(i for i in items if i.template_id == run.template_id)
        checklist_services.complete_run(run, user=cook, answers={item.pk: checklist_services.Answer(value=Decimal(3))})
    with django_assert_num_queries(QUERIES["checklists"]):
        response = client.get(url)
    assert len(response.context["rows"]) == 5 and "温度1" in response.content.decode()


QUERIES = {"kitchen": 7, "health": 9, "checklists": 7}


REGISTER_URLS = [
    "/kitchen/suppliers/", "/kitchen/acceptance/", "/kitchen/samples/", DISINFECTION, "/kitchen/purchase/",
    "/checklists/runs/register/", *[f"/health/registers/{kind}/" for kind in (
        "checks", "observations", "medication", "followups", "cases", "outbreaks", "growth", "blood_pressure", "weak",
        "exams")],
]


def test_hostile_parameters_never_break_a_register(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    names = ("first", "last", "week", "class", "meal", "department", "status")
    for url in REGISTER_URLS:
        for value in ("0001-01-01", "9999-12-31", "2026-02-30", "abc", "-1", "9" * 30, "<b>", "2000-01-01"):
            query = "&".join(f"{name}={value}" for name in names)
            for fmt in ("", "&format=xlsx", "&format=nope"):
                assert client.get(f"{url}?{query}{fmt}").status_code == 200, (url, value, fmt)
