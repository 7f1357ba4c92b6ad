"""Write-offs (报废/报损): requested with a reason and photos, approved by the director and, when the
original value is above the campus's amount, by a second approver (another holder of the approval);
approved, its assets leave the register (status disposed, history kept). A whole campus in one request
(a branch closing): all or nothing."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.models import Campus
from campus.notifications import notify
from campus.roles import Role

from .. import depreciation
from ..choices import AssetStatus, WriteOffKind, WriteOffStatus
from ..errors import AssetsError
from ..models import Asset, WriteOff, WriteOffLine, WriteOffPhoto
from .register import settings_for

OPEN = (WriteOffStatus.PENDING, WriteOffStatus.SECOND)
APPROVE = "assets.approve_writeoff"


def _notify_approvers(write_off: WriteOff, title: str) -> None:
    notify(NoticeKind.WRITE_OFF, write_off.campus, roles=(Role.DIRECTOR,), title=title, body=write_off.reason[:300],
           link=write_off.get_absolute_url(), key=f"write-off-{write_off.pk}-{write_off.status}")


@transaction.atomic
def request_write_off(campus: Campus, *, assets, kind, reason, user, photos=(), whole_campus=False) -> WriteOff:
    """Ask the director to write ``assets`` off. Each must be on this campus's register, not lent and not
    in another open request; the original and net book values are kept on the request."""
    if kind not in WriteOffKind.values:
        raise AssetsError(_("Choose scrapped or lost."), field="kind")
    if not (reason or "").strip():
        raise AssetsError(_("Say why these assets are written off."), field="reason")
    ids = [a.pk for a in assets]
    if not ids:
        raise AssetsError(_("Choose the assets to write off."), field="assets")
    locked = list(Asset.objects.select_for_update().filter(pk__in=ids).select_related("category").order_by("sequence"))
    wrong = [a for a in locked if a.campus_id != campus.pk or a.status in (AssetStatus.DISPOSED, AssetStatus.LENT)]
    busy = set(WriteOffLine.objects.filter(asset__in=locked, write_off__status__in=OPEN).values_list("asset_id", flat=True))
    wrong += [a for a in locked if a.pk in busy and a not in wrong]
    if wrong or len(locked) != len(set(ids)):
        codes = "、".join(a.code for a in wrong[:10]) + ("…" if len(wrong) > 10 else "")
        raise AssetsError(_("These assets cannot be written off now (written off, lent, or in another request): %(codes)s") % {"codes": codes or "—"},
                          field="assets")
    rules, today = settings_for(campus), timezone.localdate()
    write_off = save_tracked(WriteOff(campus=campus, kind=kind, reason=reason.strip(), requested_by=user, requested_at=timezone.now(),
                                      whole_campus=whole_campus), user, gettext_noop("requested"))
    lines = [WriteOffLine(write_off=write_off, asset=a, value=a.value, net_value=depreciation.net_book_value(a, rules, today)) for a in locked]
    WriteOffLine.objects.bulk_create(lines, batch_size=1000)
    write_off.total_value = sum((line.value for line in lines), Decimal("0"))
    write_off.net_value = sum((line.net_value for line in lines), Decimal("0"))
    write_off.save(update_fields=["total_value", "net_value"])
    for image in photos:
        save_tracked(WriteOffPhoto(write_off=write_off, image=image, added_by=user), user, clean=True)
    _notify_approvers(write_off, _("Write-off to approve: %(n)d assets, %(value)s") % {
        "n": len(lines), "value": f"¥{write_off.total_value:,.2f}"})
    return write_off


def needs_second(write_off: WriteOff) -> bool:
    return write_off.total_value > settings_for(write_off.campus).write_off_second_approval_amount


@transaction.atomic
def approve_write_off(write_off: WriteOff, *, user) -> WriteOff:
    """The director approves; above the campus's amount a second approver (another person holding the
    approval) approves too, and only then do the assets leave the register."""
    write_off = WriteOff.objects.select_for_update().select_related("campus").get(pk=write_off.pk)
    if not user.has_perm(APPROVE):
        raise AssetsError(_("Only the director approves write-offs."))
    now = timezone.now()
    if write_off.status == WriteOffStatus.PENDING:
        write_off.approved_by, write_off.approved_at = user, now
        if needs_second(write_off):
            write_off.status = WriteOffStatus.SECOND
            save_tracked(write_off, user, gettext_noop("approved"))
            _notify_approvers(write_off, _("Write-off needs a second approver: %(value)s") % {"value": f"¥{write_off.total_value:,.2f}"})
            return write_off
    elif write_off.status == WriteOffStatus.SECOND:
        if write_off.approved_by_id == user.pk:
            raise AssetsError(_("The second approver must be another person."))
        write_off.second_approved_by, write_off.second_approved_at = user, now
    else:
        raise AssetsError(_("This write-off has already been decided."))
    write_off.status = WriteOffStatus.APPROVED
    save_tracked(write_off, user, gettext_noop("approved"))
    _dispose(write_off, user)
    notify(NoticeKind.WRITE_OFF, write_off.campus, people=[write_off.requested_by],
           title=_("Write-off approved: %(n)d assets") % {"n": write_off.lines.count()}, link=write_off.get_absolute_url(),
           key=f"write-off-{write_off.pk}-done")
    return write_off


def _dispose(write_off: WriteOff, user) -> None:
    today = timezone.localdate()
    assets = list(Asset.objects.select_for_update().filter(write_off_lines__write_off=write_off))
    if any(a.status in (AssetStatus.DISPOSED, AssetStatus.LENT) for a in assets):
        raise AssetsError(_("An asset of this request was lent or written off meanwhile: reject it and ask again."))
    for asset in assets:
        asset.status, asset.disposed_on = AssetStatus.DISPOSED, today
    from simple_history.utils import bulk_update_with_history

    bulk_update_with_history(assets, Asset, ["status", "disposed_on"], batch_size=500, default_user=user,
                             default_change_reason=gettext_noop("written off"))


@transaction.atomic
def reject_write_off(write_off: WriteOff, *, user, reason) -> WriteOff:
    write_off = WriteOff.objects.select_for_update().get(pk=write_off.pk)
    if not user.has_perm(APPROVE):
        raise AssetsError(_("Only the director approves write-offs."))
    if write_off.status not in OPEN:
        raise AssetsError(_("This write-off has already been decided."))
    if not (reason or "").strip():
        raise AssetsError(_("Say why it is rejected."), field="reason")
    write_off.status, write_off.rejected_by, write_off.rejection_reason = WriteOffStatus.REJECTED, user, reason.strip()[:200]
    save_tracked(write_off, user, gettext_noop("rejected"))
    notify(NoticeKind.WRITE_OFF, write_off.campus, people=[write_off.requested_by], title=_("Write-off rejected"),
           body=write_off.rejection_reason, link=write_off.get_absolute_url(), key=f"write-off-{write_off.pk}-rejected")
    return write_off


def write_off_campus(campus: Campus, *, reason, user, kind=WriteOffKind.SCRAP) -> WriteOff:
    """A branch closing: one request for every asset still on the campus's register (all or nothing)."""
    assets = list(Asset.objects.filter(campus=campus).on_register())
    if not assets:
        raise AssetsError(_("This campus has no assets on the register."))
    return request_write_off(campus, assets=assets, kind=kind, reason=reason, user=user, whole_campus=True)
