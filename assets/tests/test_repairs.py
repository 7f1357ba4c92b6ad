"""Repair requests (报修): reported by anyone on the staff, routed by the campus setting, assigned,
closed with a photo of the result and the cost, verified by someone other than the closer; the asset
is under repair meanwhile; the cost goes to finance as an expense claim without retyping."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.choices import AssetStatus
from assets.errors import AssetsError
from assets.models import AssetSettings
from assets.models.repairs import RepairRequest, RepairStatus
from assets.services import repairs as services
from assets.services import set_status
from campus.choices import NoticeKind
from campus.models import Notification
from campus.roles import Role
from finance import services as finance_services
from tests import factories
from tests.factories.repairs import photo

pytestmark = pytest.mark.django_db


def _asset(world, name="儿童椅", status=AssetStatus.IN_USE):
    place = world.campus.places.filter(name="小一班教室").first() or factories.make_place(world.campus, "小一班教室")
    manager = world.user(Role.ASSETS)
    asset = factories.make_asset(world.campus, name=name, category="儿童床", place=place, user=manager)
    if status != asset.status:
        asset = set_status(asset, status, user=manager, reason="闲置")
    return asset


def test_a_teacher_reports_a_broken_chair_and_the_asset_manager_is_told(world, clock):
    clock.at("10:00")
    asset = _asset(world)
    teacher = world.user(Role.TEACHER)
    repair = services.report_repair(world.campus, user=teacher, problem="椅子腿断了", urgency="urgent", asset=asset,
                                    photo=photo())
    assert repair.place == asset.place and repair.status == RepairStatus.REPORTED
    hours = AssetSettings.for_campus(world.campus).repair_hours_urgent
    assert repair.due_at == repair.reported_at + dt.timedelta(hours=hours)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.UNDER_REPAIR
    notice = Notification.objects.get(key=f"repair:{repair.pk}")
    assert notice.kind == NoticeKind.REPAIR
    assert set(notice.recipients.values_list("user__username", flat=True)) == {Role.ASSETS.value}


def test_the_campus_setting_sends_repairs_to_the_logistics_head(world):
    row = AssetSettings.for_campus(world.campus)
    row.repairs_go_to = Role.LOGISTICS.value
    row.save()
    repair = factories.make_repair(world.campus, world.user(Role.COOK))
    notice = Notification.objects.get(key=f"repair:{repair.pk}")
    assert set(notice.recipients.values_list("user__username", flat=True)) == {Role.LOGISTICS.value}


def test_a_report_needs_what_and_where_and_refuses_a_non_image(world):
    teacher = world.user(Role.TEACHER)
    with pytest.raises(AssetsError) as error:
        services.report_repair(world.campus, user=teacher, problem=" ", urgency="normal")
    assert set(error.value.message_dict) == {"problem", "place"}
    fake = SimpleUploadedFile("x.png", b"<svg></svg>", content_type="image/png")
    with pytest.raises(AssetsError) as error:
        services.report_repair(world.campus, user=teacher, problem="灯不亮", place=factories.make_place(world.campus),
                               photo=fake)
    assert "photo" in error.value.message_dict
    assert not RepairRequest.objects.exists()


def test_assign_close_verify_and_the_asset_comes_back(world):
    asset = _asset(world, status=AssetStatus.IDLE)
    teacher, manager = world.user(Role.TEACHER), world.user(Role.ASSETS)
    gatekeeper = world.user(Role.GATEKEEPER)
    repair = factories.make_repair(world.campus, teacher, asset=asset)
    repair = services.assign_repair(repair, user=manager, assignee=gatekeeper)
    assert repair.status == RepairStatus.ASSIGNED and repair.repaired_by == gatekeeper.staff.name
    with pytest.raises(AssetsError) as error:
        services.close_repair(repair, user=manager, note="换了螺丝", cost="12.5")
    assert "photo" in error.value.message_dict
    repair = services.close_repair(repair, user=gatekeeper, note="换了螺丝", parts="螺丝 4 个", cost="12.5",
                                   photo=photo("after.png"))
    assert repair.cost == Decimal("12.50") and repair.after_photo
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IDLE  # back to what it was
    with pytest.raises(AssetsError):
        services.verify_repair(repair, user=gatekeeper)  # never the closer
    repair = services.verify_repair(repair, user=teacher)
    assert repair.status == RepairStatus.VERIFIED and repair.verified_by == teacher


def test_reopened_repair_puts_the_asset_back_under_repair(world):
    asset = _asset(world)
    manager, teacher = world.user(Role.ASSETS), world.user(Role.TEACHER)
    repair = factories.make_repair(world.campus, teacher, asset=asset, contractor="李师傅 138", close_by=manager)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_USE
    repair = services.reopen_repair(repair, user=teacher, note="还是晃")
    assert repair.status == RepairStatus.ASSIGNED and repair.closed_by is None
    asset.refresh_from_db()
    assert asset.status == AssetStatus.UNDER_REPAIR


def test_only_managers_assign_and_a_cost_is_checked(world):
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER))
    with pytest.raises(AssetsError):
        services.assign_repair(repair, user=world.user(Role.TEACHER), contractor="x")
    with pytest.raises(AssetsError) as error:
        services.assign_repair(repair, user=world.user(Role.LOGISTICS))
    assert "assignee" in error.value.message_dict
    for bad in ("-1", "1.234", "abc"):
        with pytest.raises(AssetsError) as error:
            services.close_repair(repair, user=world.user(Role.LOGISTICS), note="x", cost=bad, photo=photo())
        assert "cost" in error.value.message_dict
    assert RepairRequest.objects.get(pk=repair.pk).status == RepairStatus.REPORTED


def test_the_cost_goes_to_finance_as_an_expense_claim_without_retyping(world):
    manager = world.user(Role.ASSETS)
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER), contractor="李师傅", close_by=manager,
                                   cost="260.00", parts="水龙头 1 个")
    claim = services.hand_to_finance(repair, user=manager, photos=[photo("receipt.png")])
    assert (claim.amount, claim.category, claim.campus, claim.claimant) == (
        Decimal("260.00"), finance_services.ClaimCategory.REPAIRS, world.campus, manager)
    assert claim.status == finance_services.ClaimStatus.SUBMITTED
    repair.refresh_from_db()
    assert repair.expense_claim == claim
    with pytest.raises(AssetsError):
        services.hand_to_finance(repair, user=manager, photos=[photo()])  # once only


def test_overdue_repairs_notify_once(world, clock):
    clock.at("09:00")
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER), urgency="urgent")
    assert services.notify_overdue_repairs() == 0
    clock.move(repair.due_at + dt.timedelta(minutes=5))
    assert services.notify_overdue_repairs() == 1
    assert services.notify_overdue_repairs() == 1
    assert Notification.objects.filter(key=f"repair-overdue:{repair.pk}").count() == 1


def test_an_assets_page_figures_history_and_total(world):
    asset = _asset(world)
    manager = world.user(Role.ASSETS)
    factories.make_repair(world.campus, world.user(Role.TEACHER), asset=asset, contractor="x", close_by=manager, cost="30")
    factories.make_repair(world.campus, world.user(Role.COOK), asset=asset, contractor="y", close_by=manager, cost="12.50")
    repairs, total = services.asset_repairs(asset)
    assert len(repairs) == 2 and total == Decimal("42.50")


def test_the_beat_task_calls_the_service(world, clock):
    from assets import tasks
    from assets.schedule import BEAT

    assert BEAT["assets-repairs-overdue"]["task"] == "assets.tasks.notify_overdue_repairs"
    clock.at("09:00")
    repair = factories.make_repair(world.campus, world.user(Role.TEACHER), urgency="urgent")
    clock.move(repair.due_at + dt.timedelta(hours=1))
    assert tasks.notify_overdue_repairs() == 1
