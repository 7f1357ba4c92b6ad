"""Repairs and checklists: a failed answer of kind "repair" opens a repair request at the run's place
(not a generic follow-up) and the run shows its progress; a maintenance checklist repeats its
questions for each asset of a category (each fire extinguisher), and a failed answer opens a repair
of that very asset."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from assets.choices import AssetStatus
from assets.models import Asset
from assets.models.repairs import RepairRequest, RepairStatus
from assets.services import repairs
from campus.roles import Role
from checklists import services as checklists
from checklists.choices import FollowUpKind, ItemKind
from checklists.forms import TemplateForm
from checklists.models import ChecklistTemplate, FollowUp, ItemResult, TemplateItem
from checklists.services import Answer, ChecklistError
from checklists.targets import target_text, targets_of
from tests import factories
from tests.factories.repairs import photo

pytestmark = pytest.mark.django_db


def test_a_failed_repair_item_opens_a_repair_request_at_the_runs_place(world, client_as, clock):
    clock.school_day(world.campus, at="16:00")
    room = factories.make_place(world.campus, "小一班教室")
    template = factories.make_checklist_template(world.campus, code="weekly-doors", items=(), place="小一班教室")
    door = TemplateItem.objects.create(template=template, label="门窗完好", follow_up_kind=FollowUpKind.REPAIR,
                                       problem_label="门窗损坏")
    run = factories.make_run(template)
    checklists.complete_run(run, user=world.user(Role.TEACHER),
                            answers={door.pk: Answer(False, "门把手掉了", photo=photo("door.png"))})
    repair = RepairRequest.objects.get()
    assert (repair.place, repair.run, repair.reported_by, repair.status) == (
        room, run, world.user(Role.TEACHER), RepairStatus.REPORTED)
    assert repair.problem.startswith("门窗损坏 · 小一班教室") and "门把手掉了" in repair.problem
    assert repair.photo.name == ItemResult.objects.get(run=run).photo.name  # the answer's photo goes with it
    assert not FollowUp.objects.exists()
    page = client_as(world.user(Role.TEACHER)).get(run.get_absolute_url()).content.decode()
    assert repair.get_absolute_url() in page and "已报修，待派工" in page
    # its progress shows on the run as the repair moves on
    repairs.assign_repair(repair, user=world.user(Role.ASSETS), contractor="李师傅")
    page = client_as(world.user(Role.TEACHER)).get(run.get_absolute_url()).content.decode()
    assert "已派工，维修中" in page
    detail = client_as(world.user(Role.ASSETS)).get(repair.get_absolute_url()).content.decode()
    assert run.get_absolute_url() in detail


def _extinguishers(world):
    manager = world.user(Role.ASSETS)
    hall = factories.make_place(world.campus, "多功能厅")
    kitchen = factories.make_place(world.campus, "厨房")
    category = factories.make_category(world.campus, "灭火器", user=manager)
    first = factories.make_asset(world.campus, name="干粉灭火器", category=category, place=hall, value="120", user=manager)
    second = factories.make_asset(world.campus, name="干粉灭火器", category=category, place=kitchen, value="120", user=manager)
    factories.make_asset(world.campus, name="格力空调", category="空调", place=hall, user=manager)  # another category
    template = factories.make_checklist_template(
        world.campus, code="extinguishers-monthly", title="灭火器月检", role=Role.ASSETS, items=(), department="safety",
        recurrence="monthly_day", day_of_month=1, target_kind="assets.category", target_value=str(category.pk))
    pressure = TemplateItem.objects.create(template=template, position=1, label="压力表指针在绿区",
                                           follow_up_kind=FollowUpKind.REPAIR, problem_label="灭火器压力不足")
    expiry = TemplateItem.objects.create(template=template, position=2, label="在有效期内", follow_up_kind=FollowUpKind.REPAIR,
                                         problem_label="灭火器过期")
    return template, category, first, second, pressure, expiry


def test_a_checklist_repeats_for_each_asset_of_a_category_and_a_failure_opens_that_assets_repair(world, client_as, clock):
    clock.school_day(world.campus, at="10:00")
    template, category, first, second, pressure, expiry = _extinguishers(world)
    run = factories.make_run(template)
    manager = world.user(Role.ASSETS)
    page = client_as(manager).get(run.get_absolute_url())
    form = page.context["form"]
    # by place (厨房 before 多功能厅), each with its own questions
    assert [label for label, _rows in form.groups()] == [f"{second.code} 干粉灭火器 · 厨房", f"{first.code} 干粉灭火器 · 多功能厅"]
    assert "格力空调" not in page.content.decode()
    # a missing answer for the second extinguisher is refused next to it
    data = {f"item_{pressure.pk}__{first.pk}": "yes", f"item_{expiry.pk}__{first.pk}": "yes",
            f"item_{pressure.pk}__{second.pk}": "no", f"note_{pressure.pk}__{second.pk}": "指针在红区"}
    refused = client_as(manager).post(run.get_absolute_url(), data)
    assert refused.status_code == 200 and f"item_{expiry.pk}__{second.pk}" in refused.context["form"].errors
    data[f"item_{expiry.pk}__{second.pk}"] = "yes"
    done = client_as(manager).post(run.get_absolute_url(), data)
    assert done.status_code == 302
    results = list(ItemResult.objects.filter(run=run).order_by("id"))
    assert [(r.target_key, r.is_anomaly) for r in results] == [
        (str(second.pk), True), (str(second.pk), False), (str(first.pk), False), (str(first.pk), False)]
    assert results[0].label == f"{second.code} 干粉灭火器 · 厨房 · 压力表指针在绿区"
    repair = RepairRequest.objects.get()
    assert repair.asset == second and repair.place == second.place
    assert repair.problem.startswith(f"灭火器压力不足 · {second.code} 干粉灭火器 · 厨房")
    second.refresh_from_db()
    assert second.status == AssetStatus.UNDER_REPAIR
    assert not FollowUp.objects.exists()


def test_nothing_to_check_is_refused_and_the_editor_offers_the_categories(world, client_as, clock):
    clock.school_day(world.campus, at="10:00")
    manager = world.user(Role.ASSETS)
    empty = factories.make_category(world.campus, "投影仪", user=manager)
    template = factories.make_checklist_template(world.campus, code="projectors", items=("镜头清洁",),
                                                 target_kind="assets.category", target_value=str(empty.pk))
    run = factories.make_run(template)
    with pytest.raises(ChecklistError):
        checklists.complete_run(run, user=manager, answers={})
    editor = client_as(world.user(Role.LOGISTICS)).get(template.get_absolute_url())
    choices = dict(editor.context["form"].fields["target"].choices)
    assert choices[f"assets.category:{empty.pk}"].endswith("投影仪")
    assert editor.context["form"].initial["target"] == f"assets.category:{empty.pk}"


def test_the_editor_saves_the_target(world):
    category = factories.make_category(world.campus, "空调", user=world.user(Role.ASSETS))
    template = factories.make_checklist_template(world.campus, code="ac", items=("滤网已清洗",))
    data = {name: value for name, value in TemplateForm(instance=template, campus=world.campus).initial.items()
            if value is not None and name not in ("assignees", "weekdays")}
    data["target"] = f"assets.category:{category.pk}"
    form = TemplateForm(data=data, instance=template, campus=world.campus)
    assert form.is_valid(), form.errors
    checklists.save_template(template, form.cleaned_data, [], campus=world.campus, user=world.user(Role.LOGISTICS))
    template.refresh_from_db()
    assert (template.target_kind, template.target_value) == ("assets.category", str(category.pk))


def test_a_plain_run_is_unchanged(world, clock):
    clock.school_day(world.campus, at="10:00")
    template = factories.make_checklist_template(world.campus, code="plain", items=())
    item = TemplateItem.objects.create(template=template, label="冰箱温度", kind=ItemKind.NUMBER, min_value=Decimal(0),
                                       max_value=Decimal(8), follow_up_kind=FollowUpKind.GENERAL)
    run = factories.make_run(template)
    checklists.complete_run(run, user=world.user(Role.GATEKEEPER), answers={item.pk: Answer(Decimal(5))})
    result = ItemResult.objects.get(run=run)
    assert (result.target_key, result.target_label, result.label) == ("", "", "冰箱温度")


# --- a checklist for one asset (the boiler, the kitchen's disinfection cabinet, the lift) -------------------


def _cabinet(world):
    """The kitchen's disinfection cabinet, another one in the staff room (same category), and a
    checklist for the kitchen's alone with two questions."""
    manager = world.user(Role.ASSETS)
    kitchen = factories.make_place(world.campus, "厨房")
    staff_room = factories.make_place(world.campus, "教工餐厅")
    cabinet = factories.make_asset(world.campus, name="消毒柜", category="厨房电器", place=kitchen, value="5200", user=manager)
    factories.make_asset(world.campus, name="消毒柜", category="厨房电器", place=staff_room, value="5200", user=manager)
    template = factories.make_checklist_template(
        world.campus, code="cabinet-monthly", title="厨房消毒柜月检", role=Role.ASSETS, items=(), department="assets",
        recurrence="monthly_day", day_of_month=1, target_kind=repairs.ASSET_KIND, target_value=str(cabinet.pk))
    heats = TemplateItem.objects.create(template=template, position=1, label="加热正常", follow_up_kind=FollowUpKind.REPAIR,
                                        problem_label="消毒柜不加热")
    seal = TemplateItem.objects.create(template=template, position=2, label="门封完好", follow_up_kind=FollowUpKind.REPAIR,
                                       problem_label="消毒柜门封损坏")
    return template, cabinet, heats, seal


def test_a_checklist_for_one_asset_lists_it_alone_and_a_failure_opens_its_repair(world, client_as, clock):
    clock.school_day(world.campus, at="10:00")
    template, cabinet, heats, seal = _cabinet(world)
    run = factories.make_run(template)
    manager = world.user(Role.ASSETS)
    page = client_as(manager).get(run.get_absolute_url())
    assert [label for label, _rows in page.context["form"].groups()] == [f"{cabinet.code} 消毒柜 · 厨房"]
    assert page.context["target_text"] == f"指定资产 · {cabinet.code} 消毒柜"
    assert "教工餐厅" not in page.content.decode()  # the other cabinet is not this checklist's
    done = client_as(manager).post(run.get_absolute_url(), {
        f"item_{heats.pk}__{cabinet.pk}": "no", f"note_{heats.pk}__{cabinet.pk}": "不热了",
        f"item_{seal.pk}__{cabinet.pk}": "yes"})
    assert done.status_code == 302
    results = list(ItemResult.objects.filter(run=run).order_by("id"))
    assert [(r.target_key, r.is_anomaly, r.label) for r in results] == [
        (str(cabinet.pk), True, f"{cabinet.code} 消毒柜 · 厨房 · 加热正常"),
        (str(cabinet.pk), False, f"{cabinet.code} 消毒柜 · 厨房 · 门封完好")]
    repair = RepairRequest.objects.get()  # that very cabinet, not a repair of the kitchen
    assert (repair.asset, repair.place, repair.run) == (cabinet, cabinet.place, run)
    assert repair.problem.startswith(f"消毒柜不加热 · {cabinet.code} 消毒柜 · 厨房") and "不热了" in repair.problem
    cabinet.refresh_from_db()
    assert cabinet.status == AssetStatus.UNDER_REPAIR
    assert not FollowUp.objects.exists()


def test_a_written_off_asset_leaves_nothing_to_check(world, clock):
    clock.school_day(world.campus, at="10:00")
    template, cabinet, heats, seal = _cabinet(world)
    run = factories.make_run(template)
    Asset.objects.filter(pk=cabinet.pk).update(status=AssetStatus.DISPOSED, disposed_on=timezone.localdate())
    assert targets_of(template) == []
    with pytest.raises(ChecklistError):
        checklists.complete_run(run, user=world.user(Role.ASSETS), answers={})
    with translation.override("en"):
        assert target_text(template) == f"One asset · {cabinet.code} 消毒柜 (written off)"


def test_naming_a_one_asset_target_reads_that_asset_only(world, django_assert_num_queries):
    template, cabinet, _heats, _seal = _cabinet(world)
    for n in range(5):
        factories.make_asset(world.campus, name=f"冰箱{n}", category="厨房电器", value="3000")
    template = ChecklistTemplate.objects.select_related("campus").get(pk=template.pk)
    with django_assert_num_queries(1) as captured, translation.override("en"):  # one asset, not the campus's choices
        text = target_text(template)
    assert text == f"One asset · {cabinet.code} 消毒柜"
    assert "LIMIT 1" in captured.captured_queries[0]["sql"].upper()
    foreign = factories.make_asset(world.other_campus, name="锅炉", category="锅炉", value="90000")
    template.target_value = str(foreign.pk)
    with translation.override("en"):
        assert target_text(template) == f"One asset · {foreign.pk}"  # another campus's asset is not named


def _form_data(template, target):
    data = {name: value for name, value in TemplateForm(instance=template, campus=template.campus).initial.items()
            if value is not None and name not in ("assignees", "weekdays")}
    data["target"] = target
    return data


def test_the_editor_offers_the_fixed_assets_and_refuses_another_campuss(world):
    manager = world.user(Role.ASSETS)
    kitchen = factories.make_place(world.campus, "厨房")
    boiler = factories.make_asset(world.campus, name="燃气锅炉", category="锅炉", place=kitchen, value="48000", user=manager)
    cup = factories.make_asset(world.campus, name="保温杯", category="厨房用品", place=kitchen, value="60", user=manager)
    gone = factories.make_asset(world.campus, name="旧消毒柜", category="厨房电器", place=kitchen, value="3000", user=manager)
    Asset.objects.filter(pk=gone.pk).update(status=AssetStatus.DISPOSED, disposed_on=timezone.localdate())
    foreign = factories.make_asset(world.other_campus, name="燃气锅炉", category="锅炉", value="48000")
    template = factories.make_checklist_template(world.campus, code="boiler", items=("压力正常",))
    choices = dict(TemplateForm(instance=template, campus=world.campus).fields["target"].choices)
    assert choices[f"assets.asset:{boiler.pk}"].endswith(f"{boiler.code} 燃气锅炉 · 厨房")
    assert f"assets.asset:{cup.pk}" not in choices  # a low-value consumable has no maintenance rhythm
    assert f"assets.asset:{gone.pk}" not in choices and f"assets.asset:{foreign.pk}" not in choices
    refused = TemplateForm(data=_form_data(template, f"assets.asset:{foreign.pk}"), instance=template, campus=world.campus)
    assert not refused.is_valid() and "target" in refused.errors
    form = TemplateForm(data=_form_data(template, f"assets.asset:{boiler.pk}"), instance=template, campus=world.campus)
    assert form.is_valid(), form.errors
    checklists.save_template(template, form.cleaned_data, [], campus=world.campus, user=world.user(Role.LOGISTICS))
    template.refresh_from_db()
    assert (template.target_kind, template.target_value) == ("assets.asset", str(boiler.pk))


def test_the_assets_page_lists_its_rhythms_for_a_manager(world, client_as, clock):
    clock.school_day(world.campus, at="10:00")
    template, cabinet, _heats, _seal = _cabinet(world)
    browser = client_as(world.user(Role.ASSETS))
    browser.get(cabinet.get_absolute_url())  # the session and the campus's caches warm up
    with CaptureQueriesContext(connection) as one:
        page = browser.get(cabinet.get_absolute_url()).content.decode()
    assert "厨房消毒柜月检" in page and "每月第 1 日" in page
    factories.make_checklist_template(world.campus, code="kitchen-appliances", title="厨房电器季检", items=("线路完好",),
                                      target_kind=repairs.TARGET_KIND, target_value=str(cabinet.category_id))
    factories.make_checklist_template(world.campus, code="other-asset", title="别的设备", items=("正常",),
                                      target_kind=repairs.ASSET_KIND, target_value=str(cabinet.pk + 1))
    with CaptureQueriesContext(connection) as two:
        page = browser.get(cabinet.get_absolute_url()).content.decode()
    assert "厨房消毒柜月检" in page and "厨房电器季检" in page and "别的设备" not in page
    assert len(two) == len(one)  # one query, however many rhythms
    teacher_page = client_as(world.user(Role.TEACHER)).get(cabinet.get_absolute_url()).content.decode()
    assert "厨房消毒柜月检" not in teacher_page


def test_past_the_cap_the_editor_lists_no_asset_and_takes_the_one_from_its_page(world, client_as, monkeypatch):
    monkeypatch.setattr(repairs, "ASSET_CHOICES_MAX", 1)  # a campus of thousands of fixed assets
    head = world.user(Role.LOGISTICS)
    kitchen = factories.make_place(world.campus, "厨房")
    boiler = factories.make_asset(world.campus, name="燃气锅炉", category="锅炉", place=kitchen, value="48000", user=head)
    factories.make_asset(world.campus, name="电梯", category="电梯", place=kitchen, value="200000", user=head)
    foreign = factories.make_asset(world.other_campus, name="燃气锅炉", category="锅炉", value="48000")
    template = factories.make_checklist_template(world.campus, code="boiler", items=("压力正常",))
    choices = TemplateForm(instance=template, campus=world.campus).fields["target"].choices
    assert not [value for value, _label in choices if value.startswith("assets.asset:")]
    # the asset's page starts the checklist for it; the editor finds that one asset
    page = client_as(head).get(boiler.get_absolute_url()).content.decode()
    link = f"/checklists/templates/new/?target=assets.asset:{boiler.pk}"
    assert link in page
    editor = client_as(head).get(link).context["form"]
    assert editor.initial["target"] == f"assets.asset:{boiler.pk}"
    assert dict(editor.fields["target"].choices)[f"assets.asset:{boiler.pk}"] == f"指定资产 · {boiler.code} 燃气锅炉"
    foreign_editor = client_as(head).get(f"/checklists/templates/new/?target=assets.asset:{foreign.pk}").context["form"]
    assert f"assets.asset:{foreign.pk}" not in dict(foreign_editor.fields["target"].choices)
    refused = TemplateForm(data=_form_data(template, f"assets.asset:{foreign.pk}"), instance=template, campus=world.campus)
    assert not refused.is_valid() and "target" in refused.errors
    form = TemplateForm(data=_form_data(template, f"assets.asset:{boiler.pk}"), instance=template, campus=world.campus)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["target_kind"], form.cleaned_data["target_value"]) == ("assets.asset", str(boiler.pk))
