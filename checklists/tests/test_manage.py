"""The logistics head's pages: templates with a date preview, plans, rates, export, settings, dashboard."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from campus.choices import NoticeKind
from campus.models import Notification
from campus.roles import Role
from campus.ui import collect
from checklists import dashboard, reports, services
from checklists.choices import Recurrence, RunStatus
from checklists.models import ChecklistSettings, ChecklistTemplate, Run, TemplateItem

pytestmark = pytest.mark.django_db


def template_data(**overrides):
    data = {
        "title": "照明设施每周检查", "code": "lighting", "department": "logistics", "assignee_role": Role.LOGISTICS.value,
        "place": "走廊", "recurrence": "weekly", "weekdays": "1", "interval": "1", "offset_days": "0",
        "starts_on": "2026-09-01", "due_time": "16:00", "grace_hours": "24", "is_active": "on",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-position": "1", "items-0-label": "走廊灯全亮", "items-0-kind": "yes_no", "items-0-expected_yes": "on",
        "items-0-required": "on", "items-0-follow_up_kind": "repair", "items-0-is_active": "on",
        # an empty extra form as the browser sends it (initial values, left alone)
        "items-1-position": "0", "items-1-label": "", "items-1-kind": "yes_no", "items-1-follow_up_kind": "repair",
        "items-1-expected_yes": "on", "items-1-required": "on", "items-1-is_active": "on",
    }
    data.update(overrides)
    return data


def test_create_a_template_with_items(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    assert client.get(reverse("checklists:template_create")).status_code == 200
    response = client.post(reverse("checklists:template_create"), template_data(**{"save": "1"}))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    template = ChecklistTemplate.objects.get(title="照明设施每周检查")
    assert template.campus == world.campus and template.code.startswith("t-") and template.weekday_list == [1]
    assert list(template.items.values_list("label", flat=True)) == ["走廊灯全亮"]
    assert template.history.count() == 1


def test_preview_shows_the_next_ten_dates_and_saves_nothing(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:template_create"), template_data(preview="1"))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert len(preview) == 10 and all(day.weekday() == 1 for day in preview)
    assert preview[0] >= timezone.localdate()
    assert not ChecklistTemplate.objects.exists()
    htmx = client.post(reverse("checklists:template_create"), template_data(preview="1"), HTTP_HX_REQUEST="true")
    assert 'id="preview"' in htmx.content.decode() and "<html" not in htmx.content.decode()


@pytest.mark.parametrize("overrides, field", [
    ({"recurrence": "rrule", "rrule": "FREQ=NEVER"}, "rrule"),
    ({"recurrence": "rrule", "rrule": ""}, "rrule"),
    ({"recurrence": "weekly", "weekdays": ""}, "weekdays"),
    ({"recurrence": "weekly", "weekdays": "1,9"}, "weekdays"),
    ({"recurrence": "monthly_day", "day_of_month": ""}, "day_of_month"),
    ({"recurrence": "yearly", "month": "13", "day_of_month": "1"}, "month"),
    ({"ends_on": "2026-08-01"}, "ends_on"),
])
def test_bad_rules_get_a_message_next_to_the_field_and_nothing_is_saved(world, client_as, overrides, field):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:template_create"), template_data(save="1", **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ChecklistTemplate.objects.exists() and not TemplateItem.objects.exists()


def test_a_range_with_min_above_max_is_refused(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:template_create"), template_data(
        save="1", **{"items-0-kind": "number", "items-0-min_value": "8", "items-0-max_value": "0", "items-0-unit": "℃"}))
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["max_value"]
    assert not ChecklistTemplate.objects.exists()


def test_a_choice_question_needs_choices_and_a_template_needs_a_question(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:template_create"), template_data(save="1", **{"items-0-kind": "choice"}))
    assert response.context["formset"].forms[0].errors["choices"]
    response = client.post(reverse("checklists:template_create"), template_data(save="1", **{"items-0-label": ""}))
    assert response.context["formset"].non_form_errors()
    assert not ChecklistTemplate.objects.exists()


def test_a_new_template_gets_a_code_no_one_has_to_invent(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    page = client.get(reverse("checklists:template_create")).content.decode()
    assert 'name="code"' not in page
    for _n in range(2):
        response = client.post(reverse("checklists:template_create"), template_data(save="1", weekdays=["1", "3"]))
        assert response.status_code == 302
    codes = list(ChecklistTemplate.objects.filter(campus=world.campus).values_list("code", flat=True))
    assert len(codes) == 2 and len(set(codes)) == 2 and all(code.startswith("t-") for code in codes)
    assert ChecklistTemplate.objects.filter(campus=world.campus, weekdays="1,3").count() == 2


def test_the_rule_is_a_plain_choice_saying_its_number_and_rrule_is_advanced(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:template_create"), template_data(
        recurrence="monthly_day", day_of_month="5", preview="1"))
    form = response.context["form"]
    labels = dict(form.fields["recurrence"].widget.choices)
    assert labels["monthly_day"] == "每月第 5 日" and "rrule" not in labels
    # an RRULE typed under 高级 is the rule, whatever plain choice is selected
    response = client.post(reverse("checklists:template_create"), template_data(
        save="1", recurrence="daily", rrule="FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1"))
    assert response.status_code == 302
    assert ChecklistTemplate.objects.get(campus=world.campus).recurrence == "rrule"


def test_edit_a_template(world, client_as):
    services.load_standard_plan(world.campus)
    template = ChecklistTemplate.objects.get(campus=world.campus, code="lighting-weekly")
    client = client_as(world.user(Role.LOGISTICS))
    page = client.get(reverse("checklists:template_edit", args=[template.pk]))
    assert page.status_code == 200 and "每周检查各班级和走廊" in page.content.decode()
    formset = page.context["formset"]
    data = template_data(code="lighting-weekly", weekdays="2", save="1")
    data.update({"items-TOTAL_FORMS": str(len(formset.forms)), "items-INITIAL_FORMS": str(formset.initial_form_count())})
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            key = f"items-{index}-{name}"
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            elif value is not None:
                data[key] = value.pk if hasattr(value, "pk") else value
    response = client.post(reverse("checklists:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.weekdays == "2" and template.history.count() == 2


def test_load_the_standard_plan_button(world, client_as):
    client = client_as(world.user(Role.LOGISTICS))
    response = client.post(reverse("checklists:plan_load_standard"), follow=True)
    total = len(services.standard_plan()["templates"])
    assert ChecklistTemplate.objects.filter(campus=world.campus).count() == total
    assert str(total) in response.content.decode()
    client.post(reverse("checklists:plan_load_standard"))
    assert ChecklistTemplate.objects.filter(campus=world.campus).count() == total
    plan = world.campus.plans.get(code="plan-1")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "门卫每天做好教师离园后的电器、电源、门窗的常规检查" in page


def _done(run, user, at):
    Run.objects.filter(pk=run.pk).update(status=RunStatus.DONE, completed_by=user, completed_at=at)


def test_completion_rates_by_department_place_and_person(world, client_as, django_assert_num_queries, clock):
    today = clock.school_day(world.campus)
    services.load_standard_plan(world.campus)
    services.generate_runs(today, campus=world.campus)
    runs = list(Run.objects.filter(campus=world.campus, period_start=today).select_related("template"))
    assert runs
    gate = [run for run in runs if run.template.department == "gate"]
    for run in gate:
        _done(run, world.user(Role.GATEKEEPER), run.due_at)
    client = client_as(world.user(Role.LOGISTICS))
    client.get(reverse("checklists:rates") + "?period=day")
    with django_assert_num_queries(11):
        response = client.get(reverse("checklists:rates") + "?period=day")
    rates = response.context["rates"]
    gate_row = next(row for row in rates["department"] if row["template__department"] == "gate")
    assert gate_row["done"] == gate_row["total"] == len(gate) and gate_row["rate"] == "100%"
    assert rates["total"]["total"] == len(runs)
    assert rates["person"][0]["done"] == len(gate)
    assert {row["label"] for row in rates["place"]} >= {"大门"}
    for period in ("week", "month"):
        assert client.get(reverse("checklists:rates") + f"?period={period}").context["rates"]["total"]["total"] >= len(runs)


def test_run_list_query_count(world, client_as, django_assert_num_queries, clock):
    clock.school_day(world.campus)
    services.load_standard_plan(world.campus)
    services.generate_runs(campus=world.campus)
    client = client_as(world.user(Role.LOGISTICS))
    client.get(reverse("checklists:run_list"))
    with django_assert_num_queries(8):
        response = client.get(reverse("checklists:run_list"))
    assert len(response.context["runs"]) == Run.objects.filter(period_start=timezone.localdate()).count() > 0


def test_export_xlsx(world, client_as, clock):
    clock.school_day(world.campus)
    template = ChecklistTemplate.objects.create(campus=world.campus, code="fridge", title="冰箱温度", department="kitchen",
                                                assignee_role=Role.COOK.value, starts_on=timezone.localdate())
    item = TemplateItem.objects.create(template=template, label="冷藏温度", kind="number", unit="℃",
                                       min_value=Decimal(0), max_value=Decimal(8))
    services.generate_runs(campus=world.campus)
    run = Run.objects.get()
    services.complete_run(run, user=world.user(Role.COOK), answers={item.pk: services.Answer(value=Decimal(11), note="坏了")})
    response = client_as(world.user(Role.LOGISTICS)).get(reverse("checklists:runs_register") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    row = next(r for r in rows if r and r[2] == "冰箱温度")
    assert row[7] == "冷藏温度" and row[8] == "11 ℃" and row[10] == "坏了" and row[9]


def test_settings_page_for_the_director(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get(reverse("checklists:settings")).content.decode()
    assert "发现问题及时处理" in page  # the rule is shown next to the setting
    response = client.post(reverse("checklists:settings"), {"follow_up_days": "5", "catch_up_days": "0",
                                                            "reminder_minutes": "30", "follow_up_role": "asset_manager"})
    assert response.status_code == 302
    row = ChecklistSettings.for_campus(world.campus)
    assert (row.follow_up_days, row.follow_up_role) == (5, "asset_manager")
    follow_up = services.open_follow_up(campus=world.campus, title="x")
    assert follow_up.assignee_role == "asset_manager"
    assert follow_up.due_on == timezone.localdate() + dt.timedelta(days=5)
    response = client.post(reverse("checklists:settings"), {"follow_up_days": "-1", "catch_up_days": "x",
                                                            "reminder_minutes": "30", "follow_up_role": "nobody"})
    assert response.status_code == 200 and len(response.context["form"].errors) == 3


def test_dashboard_cards_and_todos(world, rf, django_assert_num_queries, clock):
    today = clock.school_day(world.campus)
    services.load_standard_plan(world.campus)
    services.generate_runs(today, campus=world.campus)
    run = Run.objects.filter(campus=world.campus, period_start=today, template__department="gate").first()
    _done(run, world.user(Role.GATEKEEPER), timezone.now())
    services.open_follow_up(campus=world.campus, title="x", due=today - dt.timedelta(days=1))
    with django_assert_num_queries(2):
        cards = dashboard.cards(world.campus, today)
    assert cards[0].value.startswith("1 / ")
    assert any(row[0] == "门卫与安保" or row[1] == 1 for row in cards[0].rows)
    assert cards[1].value == "1" and cards[1].level == "danger"
    request = rf.get("/")
    request.user, request.campus = world.user(Role.GATEKEEPER), world.campus
    todos = dashboard.todos(request, today)
    assert todos and todos[0].url == reverse("checklists:index")
    request.user = world.user(Role.LOGISTICS)
    assert any("?mine=1" in todo.url for todo in dashboard.todos(request, today))
    assert collect("dashboard", "cards", world.campus, today)


def test_the_dashboard_card_counts_overdue_runs_by_department(world, clock):
    today = clock.school_day(world.campus, at="07:00")  # before any run is due (the gate's is overdue from mid-morning)
    services.load_standard_plan(world.campus)
    services.generate_runs(today, campus=world.campus)
    assert dashboard.cards(world.campus, today)[0].level != "danger"
    late = Run.objects.filter(campus=world.campus, period_start=today, template__department="kitchen")
    count = late.count()
    assert count
    late.update(status=RunStatus.OVERDUE)
    card = dashboard.cards(world.campus, today)[0]
    assert card.level == "danger" and str(count) in card.detail
    overdue_column = {row[0]: row[3] for row in card.rows}
    assert sum(overdue_column.values()) == count and max(overdue_column.values()) == count


def test_demo_seed_is_idempotent(world):
    from campus.demo import DemoContext
    from checklists import demo

    ctx = DemoContext(today=timezone.localdate(), campuses={"alpha": world.campus})
    demo.seed(ctx)
    counts = (Run.objects.count(), ChecklistTemplate.objects.count(), Run.objects.filter(status=RunStatus.DONE).count())
    assert counts[0] > 50 and counts[2] > 20
    assert not Run.objects.filter(period_start=ctx.today, status=RunStatus.DONE).exists()  # today's are left to do
    demo.seed(ctx)
    assert (Run.objects.count(), ChecklistTemplate.objects.count(), Run.objects.filter(status=RunStatus.DONE).count()) == counts
    assert not Notification.objects.filter(kind__in=[NoticeKind.RUN_DUE, NoticeKind.RUN_OVERDUE]).exists()  # these depend on the hour: the beat job sends them


def test_deleting_an_answered_question_keeps_it_for_the_registers(world, client_as, clock):
    clock.school_day(world.campus)
    template = ChecklistTemplate.objects.create(campus=world.campus, code="gate", title="门卫", department="gate",
                                                assignee_role=Role.GATEKEEPER.value, starts_on=timezone.localdate())
    asked = TemplateItem.objects.create(template=template, position=1, label="大门已锁")
    unused = TemplateItem.objects.create(template=template, position=2, label="灯已关")
    services.generate_runs(campus=world.campus)
    run = Run.objects.get()
    services.complete_run(run, user=world.user(Role.GATEKEEPER), answers={
        asked.pk: services.Answer(value=True), unused.pk: services.Answer(value=True)})
    unused.results.all().delete()
    data = template_data(code="gate", recurrence="school_day", weekdays="", save="1", **{
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "2",
        "items-0-id": str(asked.pk), "items-0-DELETE": "on", "items-0-label": "大门已锁", "items-0-position": "1",
        "items-1-id": str(unused.pk), "items-1-DELETE": "on", "items-1-label": "灯已关", "items-1-position": "2",
    })
    data["items-2-label"] = ""
    response = client_as(world.user(Role.LOGISTICS)).post(reverse("checklists:template_edit", args=[template.pk]), data)
    # at least one question must stay: refused, nothing changed
    assert response.status_code == 200 and TemplateItem.objects.filter(template=template).count() == 2
    data.update({"items-TOTAL_FORMS": "3", "items-2-position": "3", "items-2-label": "门卫室整洁", "items-2-kind": "yes_no",
                 "items-2-follow_up_kind": "repair", "items-2-expected_yes": "on", "items-2-required": "on",
                 "items-2-is_active": "on"})
    response = client_as(world.user(Role.LOGISTICS)).post(reverse("checklists:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    asked.refresh_from_db()
    assert not asked.is_active and asked.results.count() == 1
    assert not TemplateItem.objects.filter(pk=unused.pk).exists()
    assert list(template.items.filter(is_active=True).values_list("label", flat=True)) == ["门卫室整洁"]


def test_save_template_takes_plain_values(world):
    """The service behind the template page, called without a form: a template, its assignees and
    its questions from plain values; a question of another template is refused, nothing saved."""
    director = world.user(Role.DIRECTOR)
    data = {"title": "门卫晚检", "code": "gate-evening", "department": "safety", "assignee_role": Role.LOGISTICS.value,
            "recurrence": "school_day", "starts_on": dt.date(2026, 9, 1), "assignees": [world.user(Role.LOGISTICS)]}
    template = services.save_template(ChecklistTemplate(), data, [
        {"pk": None, "delete": False, "label": "大门已锁", "position": 1},
        {"pk": None, "delete": True, "label": "ticked for deletion before it existed"},
    ], campus=world.campus, user=director)
    assert template.campus == world.campus and template.history.get().history_user == director
    assert list(template.assignees.all()) == [world.user(Role.LOGISTICS)]
    item = template.items.get()
    assert item.label == "大门已锁"
    services.save_template(template, {"title": "门卫晚间检查"}, [{"pk": item.pk, "label": "大门、侧门已锁"}],
                           campus=world.campus, user=director)
    assert template.items.get().label == "大门、侧门已锁"
    other = services.save_template(ChecklistTemplate(), {**data, "code": "other", "assignees": []},
                                   [{"pk": None, "label": "别的问题"}], campus=world.campus, user=director)
    with pytest.raises(services.ChecklistError):
        services.save_template(template, {"title": "改"}, [{"pk": other.items.get().pk, "label": "偷来的"}],
                               campus=world.campus, user=director)
    template.refresh_from_db()
    assert template.title == "门卫晚间检查" and other.items.get().label == "别的问题"


def _week_of_runs(world, wednesday):
    """One daily run Monday to Friday of Wednesday's week, each due at 10:00 of its day."""
    template = ChecklistTemplate.objects.create(campus=world.campus, code="daily", title="晨检消毒", department="kitchen",
                                                assignee_role=Role.COOK.value, starts_on=wednesday - dt.timedelta(days=2))
    runs = []
    for n in range(5):
        day = wednesday + dt.timedelta(days=n - 2)
        due = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        runs.append(Run.objects.create(campus=world.campus, template=template, period_start=day, due_at=due,
                                       grace_until=due + dt.timedelta(hours=2), assignee_role=Role.COOK.value))
    return runs


def test_completion_counts_only_the_runs_already_due(world, client_as, clock):
    """Issue 11: on a Wednesday, Thursday's and Friday's runs are not yet due and do not lower the rate
    (it said 62%: done out of every run generated for the week)."""
    today = timezone.localdate()
    wednesday = today + dt.timedelta(days=(2 - today.weekday()) % 7)
    clock.at(dt.datetime.combine(wednesday, dt.time(9)))  # Wednesday 09:00: Wednesday's run is due at 10:00
    monday, tuesday, wed, thursday, friday = _week_of_runs(world, wednesday)
    for run in (monday, tuesday):
        _done(run, world.user(Role.COOK), run.due_at)
    rates = reports.completion_rates(world.campus, monday.period_start, friday.period_start)
    assert (rates["total"]["done"], rates["total"]["due"], rates["total"]["total"]) == (2, 2, 5)
    assert rates["total"]["rate"] == "100%" and rates["total"]["later"] == 3
    clock.at(dt.datetime.combine(wednesday, dt.time(12)))  # Wednesday's run is due now, and not done
    rates = reports.completion_rates(world.campus, monday.period_start, friday.period_start)
    assert rates["total"]["rate"] == "67%" and rates["department"][0]["rate"] == "67%"
    _done(thursday, world.user(Role.COOK), timezone.now())  # done early: counted, never above 100%
    rates = reports.completion_rates(world.campus, monday.period_start, friday.period_start)
    assert (rates["total"]["done"], rates["total"]["due"], rates["total"]["rate"]) == (3, 4, "75%")
    page = client_as(world.user(Role.LOGISTICS)).get(
        reverse("checklists:rates") + f"?period=week&date={wednesday.isoformat()}").content.decode()
    assert "75%" in page and "60%" not in page  # not 3 of the 5 generated


def test_todays_checklist_card_is_green_only_when_everything_due_is_done(world, clock):
    today = timezone.localdate()
    wednesday = today + dt.timedelta(days=(2 - today.weekday()) % 7)
    clock.at(dt.datetime.combine(wednesday, dt.time(8)))
    runs = _week_of_runs(world, wednesday)
    assert dashboard.cards(world.campus, wednesday)[0].state == "none"  # nothing due yet
    clock.at(dt.datetime.combine(wednesday, dt.time(11)))
    card = dashboard.cards(world.campus, wednesday)[0]
    assert card.state == "attention" and card.value == "0 / 1"
    _done(runs[2], world.user(Role.COOK), timezone.now())
    card = dashboard.cards(world.campus, wednesday)[0]
    assert card.state == "ok" and card.value == "1 / 1"
    assert dashboard.cards(world.campus, wednesday + dt.timedelta(days=3))[0].state == "none"  # Saturday: no run


def test_the_template_list_states_each_rule_with_its_numbers_in_words(world, client_as):
    """The list showed the choice labels: '每隔N周（指定星期几）' and '自定义规则（RFC 5545 RRULE）'."""
    def make(code, **rule):
        return ChecklistTemplate.objects.create(campus=world.campus, code=code, title=code, department="safety",
                                                assignee_role=Role.LOGISTICS.value, starts_on=dt.date(2026, 9, 1), **rule)
    make("monthly", recurrence=Recurrence.MONTHLY_DAY, day_of_month=5)
    make("fortnightly", recurrence=Recurrence.EVERY_N_WEEKS, interval=2, weekdays="0")
    make("custom", recurrence=Recurrence.RRULE, rrule="FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1")
    with translation.override("zh-hans"):
        page = client_as(world.user(Role.DIRECTOR)).get(reverse("checklists:template_list")).content.decode()
    assert "每月第 5 日" in page and "每 2 周" in page and "自定义规则" in page
    assert "N周" not in page and "RRULE" not in page
