"""Issue 11: a follow-up says what is wrong, goes to the role that owns its kind, and a fix of a
repair, hazard or kitchen problem is closed with a photo; the standard plan's questions carry
the right kind."""

import importlib
from collections import Counter

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.roles import Role
from checklists import routing, services
from checklists.choices import FollowUpKind, FollowUpStatus, ItemKind
from checklists.models import ChecklistTemplate, FollowUp, TemplateItem
from tests import factories

pytestmark = pytest.mark.django_db


def image(name="after.png"):
    return SimpleUploadedFile(name, factories.make_image(), content_type="image/png")


def test_the_routing_table_is_one_mapping():
    assert routing.FOLLOW_UP_ROLES == {
        FollowUpKind.REPAIR: (Role.ASSETS, Role.LOGISTICS),
        FollowUpKind.HAZARD: (Role.LOGISTICS,),
        FollowUpKind.HEALTH: (Role.HEALTH,),
        FollowUpKind.KITCHEN: (Role.COOK, Role.LOGISTICS),
        FollowUpKind.GENERAL: (),
    }
    assert set(routing.FOLLOW_UP_ROLES) == set(FollowUpKind.values)
    assert routing.PHOTO_REQUIRED_KINDS == {FollowUpKind.REPAIR, FollowUpKind.HAZARD, FollowUpKind.KITCHEN}


def test_each_kind_goes_to_its_owner_and_a_repair_to_logistics_without_an_asset_manager(world):
    fallback = "director"
    assert routing.role_for(world.campus, "repair", fallback) == Role.ASSETS.value
    assert routing.role_for(world.campus, "hazard", fallback) == Role.LOGISTICS.value
    assert routing.role_for(world.campus, "health", fallback) == Role.HEALTH.value
    assert routing.role_for(world.campus, "kitchen", fallback) == Role.COOK.value
    assert routing.role_for(world.campus, "general", fallback) == fallback
    small = factories.make_campus("gamma", "小苗幼儿园")
    factories.make_staff(Role.LOGISTICS, small, username="gamma-logistics")
    assert routing.role_for(small, "repair", fallback) == Role.LOGISTICS.value
    assert routing.role_for(small, "kitchen", fallback) == Role.LOGISTICS.value
    # a follow-up opened by another app without a role is routed the same way
    assert services.open_follow_up(campus=small, title="门锁坏了", kind="repair").assignee_role == Role.LOGISTICS.value
    assert services.open_follow_up(campus=world.campus, title="门锁坏了", kind="repair").assignee_role == Role.ASSETS.value


def test_a_failed_answer_opens_a_follow_up_titled_with_the_problem_for_its_owner(world, clock):
    clock.school_day(world.campus, at="16:00")
    template = ChecklistTemplate.objects.create(
        campus=world.campus, code="kitchen-gas-weekly", title="食堂燃气每周检查", department="logistics",
        assignee_role=Role.LOGISTICS.value, recurrence="school_day", starts_on=timezone.localdate(), place="食堂",
    )
    alarm = TemplateItem.objects.create(template=template, position=1, label="燃气报警器正常",
                                        problem_label="燃气报警器异常", follow_up_kind="hazard")
    menu = TemplateItem.objects.create(template=template, position=2, label="食谱已公布给家长", follow_up_kind="health")
    tap = TemplateItem.objects.create(template=template, position=3, label="水龙头已关好", follow_up_kind="kitchen")
    services.generate_runs(campus=world.campus)
    run = template.runs.get()
    services.complete_run(run, user=world.user(Role.LOGISTICS), answers={
        alarm.pk: services.Answer(value=False, note="按测试键不响"),
        menu.pk: services.Answer(value=False, note="忘了贴"),
        tap.pk: services.Answer(value=False, note="滴水"),
    })
    by_item = {f.item_result.item_id: f for f in FollowUp.objects.select_related("item_result")}
    assert by_item[alarm.pk].title == "燃气报警器异常 · 食堂"
    assert "按测试键不响" in by_item[alarm.pk].description and "燃气报警器正常" in by_item[alarm.pk].description
    assert by_item[alarm.pk].assignee_role == Role.LOGISTICS.value
    assert by_item[menu.pk].title == "未通过：食谱已公布给家长 · 食堂"
    assert by_item[menu.pk].assignee_role == Role.HEALTH.value
    assert by_item[tap.pk].assignee_role == Role.COOK.value and by_item[tap.pk].kind == "kitchen"


def test_closing_takes_an_after_photo_when_the_kind_needs_one(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logistics = world.user(Role.LOGISTICS)
    health = services.open_follow_up(campus=world.campus, title="缺席幼儿未跟踪", kind="health")
    assert services.close_follow_up(health, user=logistics, note="已电话联系").status == FollowUpStatus.CLOSED
    hazard = services.open_follow_up(campus=world.campus, title="燃气报警器异常", kind="hazard")
    with pytest.raises(services.ChecklistError) as refused:
        services.close_follow_up(hazard, user=logistics, note="已更换")
    assert list(refused.value.message_dict) == ["photo"]
    fake = SimpleUploadedFile("after.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    with pytest.raises(services.ChecklistError) as refused:
        services.close_follow_up(hazard, user=logistics, note="已更换", photo=fake)
    assert list(refused.value.message_dict) == ["photo"]
    hazard.refresh_from_db()
    assert hazard.status == FollowUpStatus.OPEN
    closed = services.close_follow_up(hazard, user=logistics, note="已更换", photo=image())
    closed.refresh_from_db()
    assert closed.status == FollowUpStatus.CLOSED and closed.after_photo.name.startswith("checklists/follow-ups/")


def test_the_standard_plan_keeps_repair_for_things_that_break():
    specs = {(t["code"], item["label"]): item for t in services.standard_plan()["templates"] for item in t["items"]}
    kinds = Counter(item["follow_up"] for item in specs.values())
    assert len(specs) == 210 and kinds["repair"] <= 30
    assert set(kinds) <= set(FollowUpKind.values)
    assert specs[("health-lecture-term", "讲座已开展")]["follow_up"] == "general"
    assert specs[("gate-morning", "门卫已按时到岗值班")]["follow_up"] == "general"
    assert specs[("kitchen-gas-weekly", "燃气报警器正常")]["follow_up"] == "hazard"
    assert specs[("kitchen-gas-weekly", "燃气报警器正常")]["problem"] == "燃气报警器异常"
    assert specs[("lighting-weekly", "各班照明正常")]["follow_up"] == "repair"
    assert specs[("kitchen-daily-clean", "操作间台面、地面已清洁")]["follow_up"] == "kitchen"
    assert specs[("health-rounds", "上午已巡视各班")]["follow_up"] == "health"
    # a problem wording only where a yes/no question has a natural negation
    assert all(item.get("kind", "yes_no") == "yes_no" for item in specs.values() if item.get("problem"))


def test_loading_the_standard_plan_gives_items_their_problem_wording(world):
    services.load_standard_plan(world.campus)
    item = TemplateItem.objects.get(template__campus=world.campus, template__code="kitchen-gas-weekly",
                                    label="燃气报警器正常")
    assert (item.follow_up_kind, item.problem_label) == ("hazard", "燃气报警器异常")
    assert TemplateItem.objects.filter(template__campus=world.campus, follow_up_kind="repair").count() <= 30


def test_the_data_migration_retags_loaded_templates_but_keeps_a_campus_change(world):
    migration = importlib.import_module("checklists.migrations.0005_checklistsux_retag_standard_plan")
    lecture_t = ChecklistTemplate.objects.create(
        campus=world.campus, code="health-lecture-term", title="健康讲座", department="health",
        assignee_role=Role.HEALTH.value, starts_on=timezone.localdate())
    gate_t = ChecklistTemplate.objects.create(
        campus=world.campus, code="gate-morning", title="门卫早班", department="gate",
        assignee_role=Role.GATEKEEPER.value, starts_on=timezone.localdate())
    lecture = TemplateItem.objects.create(template=lecture_t, label="讲座已开展", follow_up_kind="repair")
    on_duty = TemplateItem.objects.create(template=gate_t, label="门卫已按时到岗值班", follow_up_kind="hazard")  # the campus's choice
    own = TemplateItem.objects.create(template=gate_t, label="讲座已开展", follow_up_kind="repair", kind=ItemKind.YES_NO)
    old = services.open_follow_up(campus=world.campus, title="晨检：讲座已开展", kind="repair")
    migration.forward(apps, None)
    lecture.refresh_from_db(), on_duty.refresh_from_db(), own.refresh_from_db(), old.refresh_from_db()
    assert (lecture.follow_up_kind, lecture.problem_label) == ("general", "讲座未开展")
    assert on_duty.follow_up_kind == "hazard" and on_duty.problem_label == "门卫未按时到岗值班"
    assert own.follow_up_kind == "repair"  # another template's question of the same wording: not the plan's
    assert old.title == "晨检：讲座已开展"  # follow-ups already open keep their titles
    migration.backward(apps, None)
    lecture.refresh_from_db()
    assert lecture.follow_up_kind == "repair"
