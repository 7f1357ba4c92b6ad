"""Issue 15 end to end on a desktop: the group director creates a campus with two classes and a term,
enters the 2027 holidays in one go, imports a roster without a 关系 column, promotes the classes to
the next school year and sees the right children in each."""

import datetime as dt

import pytest
from django.utils import timezone

from campus.choices import Relation
from campus.models import CalendarYear, Child, Classroom, Guardianship
from campus.roles import Role
from tests import factories

from .conftest import shot

pytestmark = pytest.mark.browser

NOTICE = """一、元旦：1月1日至3日放假，共3天。
二、春节：2月5日至11日放假调休，共7天。1月31日（星期日）、2月20日（星期六）上班。
三、清明节：4月3日至5日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。"""

HEADERS = ["姓名", "性别", "出生日期", "班级", "入园日期", "过敏史", "家长姓名", "家长电话"]


def test_a_kindergarten_set_up_in_the_site(page_as, tmp_path):
    today = timezone.localdate()
    home = factories.make_campus("central", "阳光中心幼儿园")
    group = factories.make_staff(Role.DIRECTOR, [home], username="group", name="周园长", sees_all=True)
    page = page_as(group.user, viewport="desktop")
    base = page.base_url

    # A campus, then working in it.
    page.goto(f"{base}/setup/")
    page.click("#add-campus")
    page.fill("#id_name", "新城幼儿园")
    page.fill("#id_code", "xincheng")
    page.fill("#id_address", "新城路1号")
    page.select_option("#id_guided_by", label="阳光中心幼儿园")
    page.click("button[type=submit].btn-success")
    page.wait_for_url(f"{base}/setup/")
    page.click(".campus-switch .dropdown-toggle")
    page.click(".campus-switch button:has-text('新城幼儿园')")
    page.wait_for_load_state("networkidle")

    # Two classes and a term.
    for name, grade in (("小一班", "small"), ("大一班", "large")):
        page.goto(f"{base}/setup/classes/add/")
        page.fill("#id_name", name)
        page.select_option("#id_grade", grade)
        page.fill("#id_age_band", "3–4岁" if grade == "small" else "5–6岁")
        page.click("button[type=submit].btn-success")
        page.wait_for_url(f"{base}/setup/")
    page.goto(f"{base}/setup/terms/add/")
    page.fill("#id_name", "本学期")
    page.fill("#id_starts_on", (today - dt.timedelta(days=60)).isoformat())
    page.fill("#id_ends_on", (today + dt.timedelta(days=100)).isoformat())
    page.click("button[type=submit].btn-success")
    page.wait_for_url(f"{base}/setup/")
    shot(page, "setup-home-1366")
    assert page.locator("#setup-classes").inner_text().count("班") >= 2

    # The 2027 holidays in one go.
    page.goto(f"{base}/calendar/?year=2027")
    page.fill("#id_text-year", "2027")
    page.fill("#id_text-text", NOTICE)
    page.check("#id_text-confirm")
    page.click("#calendar-text button")
    page.wait_for_url(f"{base}/calendar/?year=2027")
    assert page.locator("#year-confirmed").count() == 1
    assert "2027-04-05" in page.locator("#calendar-exceptions").inner_text()
    assert page.locator('td[data-date="2027-04-25"]').get_attribute("data-state") == "school"
    shot(page, "setup-calendar-2027-1366")
    campus = Classroom.objects.get(name="小一班").campus
    assert CalendarYear.objects.filter(campus=campus, year=2027).exists()

    # A roster without a 关系 column.
    enrolled = (today - dt.timedelta(days=30)).isoformat()
    rows = [["王小米", "女", "2023-03-05", "小一班", enrolled, "鸡蛋", "王芳", "13700000001"],
            ["李小雷", "男", "2023-04-05", "小一班", enrolled, None, "李强", "13700000002"],
            ["赵大宝", "男", "2021-02-01", "大一班", enrolled, None, "赵敏", "13700000003"],
            ["钱大妞", "女", "2021-06-01", "大一班", enrolled, "花生", "钱红", "13700000004"]]
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(factories.make_xlsx(rows, HEADERS))
    page.goto(f"{base}/children/roster/")
    page.set_input_files("input[name=file]", str(roster))
    page.click("form[action$='/children/roster/'] button[type=submit]")
    page.wait_for_selector("#roster-confirm")
    shot(page, "setup-roster-preview-1366")
    page.click("#roster-confirm button")
    page.wait_for_url(f"{base}/children/")
    assert Guardianship.objects.get(child__name="王小米").relation == Relation.PARENT

    # The next school year.
    first_day = dt.date(today.year + 1, 9, 1)
    page.goto(f"{base}/setup/new-school-year/?first_day={first_day.isoformat()}")
    small = Classroom.objects.get(campus=campus, name="小一班")
    assert page.input_value(f"#id_name_{small.pk}") == "中一班"
    page.fill("#id_new_name_0", "小一班")
    page.select_option("#id_new_grade_0", "small")
    shot(page, "setup-promotion-1366")
    page.click("button[name=confirm]")
    page.wait_for_url(f"{base}/setup/")
    shot(page, "setup-after-promotion-1366")
    text = page.locator("#setup-classes").inner_text()
    assert "中一班" in text and "小一班" in text

    page.goto(f"{base}/children/")
    table = page.locator("table").inner_text()
    assert "王小米\t中一班" in table and "李小雷\t中一班" in table
    on_first_day = Child.objects.enrolled_on(first_day).filter(campus=campus)
    assert set(on_first_day.values_list("name", "classroom__name")) == {("王小米", "中一班"), ("李小雷", "中一班")}
    graduates = Child.objects.filter(campus=campus, left_on=first_day - dt.timedelta(days=1))
    assert set(graduates.values_list("name", flat=True)) == {"赵大宝", "钱大妞"}
    assert Classroom.objects.get(campus=campus, name="小一班", is_active=True).children.count() == 0


def test_the_setup_pages_fit_a_phone(page_as):
    from .test_layout import check

    world = factories.make_world()
    director = world.user(Role.DIRECTOR)
    cook = world.staff[Role.COOK.value]
    factories.make_place(world.campus, "多功能厅")
    page = page_as(director)
    problems = []
    for path, name in [("/setup/", "setup"), ("/calendar/?year=2027", "calendar-year"), ("/setup/new-school-year/", "promotion"),
                       ("/staff/add/", "staff-add"), (f"/staff/{cook.pk}/", "staff-edit"), ("/children/add/", "child-add"),
                       (f"/children/{world.child.pk}/", "child-detail"), (f"/children/{world.child.pk}/move/", "child-move"),
                       ("/children/special-diets/", "special-diets"), ("/setup/classes/add/", "class-add")]:
        problems += check(page, path, f"setup-{name}")
    assert problems == []
