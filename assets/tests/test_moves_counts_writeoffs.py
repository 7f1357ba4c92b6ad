"""Transfers (the receiver confirms; a branch closing in one batch), loans, counts by scanning and
write-offs with one or two approvers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assets import services
from assets.choices import (
    AssetStatus,
    CountStatus,
    DifferenceKind,
    Resolution,
    TransferStatus,
    WriteOffKind,
    WriteOffStatus,
)
from assets.errors import AssetsError
from assets.models import Asset, AssetSettings, WriteOff
from campus.models_notify import Notification
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(world):
    return {
        "store": factories.make_place(world.campus, "总务仓库", kind="store"),
        "class": factories.make_place(world.campus, "小一班教室", kind="classroom", custodian=world.staff[Role.TEACHER]),
        "office": factories.make_place(world.campus, "园长办公室", kind="office"),
    }


def test_a_transfer_moves_the_asset_when_the_receiver_confirms(world, places):
    asset = factories.make_asset(world.campus, "投影仪", category="投影仪", place=places["store"])
    manager, teacher = world.user(Role.ASSETS), world.user(Role.TEACHER)
    transfer = services.request_transfer(asset, to_place=places["class"], user=manager, reason="新学期教学用")
    assert Notification.objects.filter(kind="assets.transfer").exists()
    asset.refresh_from_db()
    assert asset.place == places["store"]
    with pytest.raises(AssetsError):
        services.answer_transfer(transfer, accept=True, user=manager)  # not the receiver
    with pytest.raises(AssetsError):
        services.request_transfer(asset, to_place=places["office"], user=manager, reason="x")  # already on its way
    services.answer_transfer(transfer, accept=True, user=teacher)
    asset.refresh_from_db()
    transfer.refresh_from_db()
    assert asset.place == places["class"] and transfer.status == TransferStatus.CONFIRMED


def test_a_branch_closing_moves_every_asset_in_one_confirmed_batch(world, places):
    for name in ("电脑", "空调", "钢琴"):
        factories.make_asset(world.campus, name, category=name, place=places["office"])
    target = factories.make_place(world.other_campus, "分园仓库", kind="store")
    transfers = services.transfer_campus(world.campus, to_campus=world.other_campus, to_place=target,
                                         user=world.user(Role.ASSETS), reason="分园撤并")
    assert len(transfers) == 3
    receiver = world.outsider.user  # staff of the other campus with every role
    services.answer_transfer(transfers[0], accept=True, user=receiver)
    moved = Asset.objects.filter(campus=world.other_campus).order_by("sequence")
    assert [a.sequence for a in moved] == [1, 2, 3] and all(a.code.startswith("BETA-") for a in moved)
    assert all(a.category.campus_id == world.other_campus.pk for a in moved)
    assert not Asset.objects.filter(campus=world.campus).exists()


def test_a_branch_closing_stops_on_a_lent_asset_and_saves_nothing(world, places):
    camera = factories.make_asset(world.campus, "相机", category="投影仪", place=places["office"])
    factories.make_asset(world.campus, "空调", place=places["office"])
    services.lend_asset(camera, borrower=world.staff[Role.TEACHER], user=world.user(Role.ASSETS))
    target = factories.make_place(world.other_campus, "分园仓库")
    with pytest.raises(AssetsError) as error:
        services.transfer_campus(world.campus, to_campus=world.other_campus, to_place=target, user=world.user(Role.ASSETS), reason="撤并")
    assert camera.code in str(error.value)
    with pytest.raises(AssetsError):
        services.write_off_campus(world.campus, reason="撤并", user=world.user(Role.ASSETS))
    assert not WriteOff.objects.exists()


def test_loans_are_due_back_and_flagged_when_overdue(world, places, clock):
    camera = factories.make_asset(world.campus, "相机", category="投影仪", place=places["office"])
    loan = services.lend_asset(camera, borrower=world.staff[Role.TEACHER], user=world.user(Role.ASSETS), purpose="六一活动拍照")
    camera.refresh_from_db()
    assert camera.status == AssetStatus.LENT and loan.due_on == loan.lent_on + dt.timedelta(days=7)
    assert not services.overdue_loans(world.campus, timezone.localdate()).exists()
    assert list(services.overdue_loans(world.campus, loan.due_on + dt.timedelta(days=1))) == [loan]
    services.return_asset(loan, user=world.user(Role.ASSETS), note="完好")
    camera.refresh_from_db()
    assert camera.status == AssetStatus.IN_USE


def test_a_count_by_scanning_lists_missing_wrong_place_and_extra(world, places):
    here = [factories.make_asset(world.campus, f"儿童椅{i}", category="儿童床", place=places["class"]) for i in range(3)]
    elsewhere = factories.make_asset(world.campus, "钢琴", category="钢琴", place=places["office"])
    lent = factories.make_asset(world.campus, "相机", category="投影仪", place=places["office"])
    manager = world.user(Role.ASSETS)
    services.lend_asset(lent, borrower=world.staff[Role.TEACHER], user=manager)
    count = services.start_count(world.campus, place=places["class"], user=manager)
    assert count.expected == 3
    services.scan(count, here[0].code, user=manager)
    _scan, new = services.scan(count, f"https://x/assets/{here[0].pk}/?count={count.pk}", user=manager)
    assert not new
    services.scan(count, here[1].code.lower(), user=manager)
    services.scan(count, elsewhere.code, user=manager)
    services.scan(count, lent.code, user=manager)
    with pytest.raises(AssetsError):
        services.scan(count, "NOPE-1", user=manager)
    result = services.reconcile(count)
    assert (result.missing, result.wrong_place, result.extra) == ([here[2]], [elsewhere], [lent])
    count = services.finish_count(count, user=manager)
    assert count.status == CountStatus.FINISHED
    kinds = {d.asset_id: d.kind for d in count.differences.all()}
    assert kinds == {here[2].pk: DifferenceKind.MISSING, elsewhere.pk: DifferenceKind.WRONG_PLACE, lent.pk: DifferenceKind.EXTRA}
    moved = count.differences.get(asset=elsewhere)
    services.resolve_difference(moved, resolution=Resolution.MOVED, user=manager)
    elsewhere.refresh_from_db()
    assert elsewhere.place == places["class"]
    lost = count.differences.get(asset=here[2])
    services.resolve_difference(lost, resolution=Resolution.LOST, user=manager, note="找不到")
    write_off = WriteOff.objects.get()
    assert write_off.kind == WriteOffKind.LOSS and write_off.lines.get().asset == here[2]
    assert services.open_differences(world.campus).count() == 1


def test_a_write_off_above_the_amount_needs_a_second_approver(world, places):
    rows = AssetSettings.for_campus(world.campus)
    assert rows.write_off_second_approval_amount == Decimal("5000.00")
    piano = factories.make_asset(world.campus, "钢琴", category="钢琴", value="12000", place=places["office"])
    director = world.user(Role.DIRECTOR)
    second = factories.make_staff(Role.DIRECTOR, world.campus, username="director2", name="副园长").user
    write_off = services.request_write_off(world.campus, assets=[piano], kind=WriteOffKind.SCRAP, reason="音板开裂无法修复",
                                           user=world.user(Role.ASSETS), photos=[])
    assert Notification.objects.filter(kind="assets.write_off").exists()
    with pytest.raises(AssetsError):
        services.approve_write_off(write_off, user=world.user(Role.ASSETS))
    write_off = services.approve_write_off(write_off, user=director)
    assert write_off.status == WriteOffStatus.SECOND
    with pytest.raises(AssetsError):
        services.approve_write_off(write_off, user=director)
    write_off = services.approve_write_off(write_off, user=second)
    piano.refresh_from_db()
    assert write_off.status == WriteOffStatus.APPROVED and piano.status == AssetStatus.DISPOSED and piano.disposed_on
    with pytest.raises(AssetsError):
        services.set_status(piano, AssetStatus.IN_USE, user=director, reason="x")


def test_a_small_write_off_needs_the_director_only_and_a_rejection_keeps_the_asset(world, places):
    chair = factories.make_asset(world.campus, "椅子", category="儿童床", value="300", place=places["class"])
    stool = factories.make_asset(world.campus, "凳子", category="儿童床", value="200", place=places["class"])
    director = world.user(Role.DIRECTOR)
    first = services.request_write_off(world.campus, assets=[chair], kind=WriteOffKind.SCRAP, reason="断腿", user=world.user(Role.ASSETS))
    assert services.approve_write_off(first, user=director).status == WriteOffStatus.APPROVED
    second = services.request_write_off(world.campus, assets=[stool], kind=WriteOffKind.SCRAP, reason="旧", user=world.user(Role.ASSETS))
    services.reject_write_off(second, user=director, reason="还能用")
    stool.refresh_from_db()
    assert stool.status == AssetStatus.IN_USE
