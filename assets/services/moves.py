"""Moves: transfers between places, custodians or campuses (the receiver confirms; a branch closing
moves every asset of a campus in one batch, confirmed at once) and loans of portable items."""

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.choices import NoticeKind
from campus.history import save_tracked
from campus.models import Campus, Place, StaffMember
from campus.notifications import notify
from campus.roles import Role
from campus.scoping import campuses_for

from ..choices import AssetStatus, TransferStatus
from ..errors import AssetsError
from ..models import Asset, Category, Loan, Transfer
from .register import format_code, is_staff_of, settings_for

KEEPERS = (Role.ASSETS, Role.LOGISTICS)
MOVABLE = (AssetStatus.IN_USE, AssetStatus.IDLE)


# --- transfers -----------------------------------------------------------------------------------------


def receivers(transfer: Transfer) -> tuple[list, tuple]:
    """(people, roles) told of a transfer and allowed to answer it: the new custodian, else the custodian
    of the place it goes to, else the keepers of the receiving campus."""
    person = transfer.to_custodian or transfer.to_place.custodian
    if person is not None:
        return [person.user], ()
    return [], KEEPERS


def may_answer(transfer: Transfer, user) -> bool:
    """The receiver answers: the person it goes to, or (nobody named) a keeper or the director of the
    receiving campus who did not ask for it."""
    people, _roles = receivers(transfer)
    if people:
        return user in people or (user.has_perm("assets.change_transfer") and transfer.to_campus_id != transfer.campus_id
                                  and campuses_for(user).filter(pk=transfer.to_campus_id).exists())
    return (user.has_perm("assets.change_transfer") and user != transfer.requested_by
            and campuses_for(user).filter(pk=transfer.to_campus_id).exists())


def _check_destination(asset: Asset, to_campus: Campus, to_place: Place, to_custodian):
    errors = {}
    if to_place.campus_id != to_campus.pk or not to_place.is_active:
        errors["to_place"] = _("Choose a place of the receiving campus that is in use.")
    if to_custodian is not None and not is_staff_of(to_custodian, to_campus):
        errors["to_custodian"] = _("The new custodian must be a member of staff of the receiving campus.")
    if (to_campus.pk == asset.campus_id and to_place.pk == asset.place_id
            and (to_custodian is None or to_custodian.pk == asset.custodian_id)):
        errors["to_place"] = _("Nothing would change: choose another place or custodian.")
    if errors:
        raise AssetsError(errors)


def _notify(transfer: Transfer, count: int = 1):
    people, roles = receivers(transfer)
    if count > 1:
        title = _("%(n)d assets sent to %(place)s: confirm you received them") % {"n": count, "place": transfer.to_place}
    else:
        title = _("%(asset)s sent to %(place)s: confirm you received it") % {"asset": transfer.asset, "place": transfer.to_place}
    notify(NoticeKind.ASSET_TRANSFER, transfer.to_campus, roles=roles, people=people, title=title, body=transfer.reason,
           link=transfer.get_absolute_url(), key=f"transfer-{transfer.batch or transfer.pk}")


@transaction.atomic
def request_transfer(asset: Asset, *, to_place: Place, user, reason, to_custodian: StaffMember | None = None,
                     to_campus: Campus | None = None) -> Transfer:
    """Send an asset to another place, custodian or campus; it moves when the receiver confirms."""
    asset = Asset.objects.select_for_update().select_related("place").get(pk=asset.pk)
    to_campus = to_campus or asset.campus
    if not (reason or "").strip():
        raise AssetsError(_("Say why the asset moves."), field="reason")
    if asset.status not in MOVABLE:
        raise AssetsError(_("Only an asset in use or idle moves (this one is %(status)s).") % {"status": asset.get_status_display()})
    if Transfer.objects.filter(asset=asset, status=TransferStatus.PENDING).exists():
        raise AssetsError(_("This asset is already on its way somewhere: answer or cancel that transfer first."))
    _check_destination(asset, to_campus, to_place, to_custodian)
    transfer = save_tracked(Transfer(
        campus=asset.campus, asset=asset, from_place=asset.place, from_custodian=asset.custodian, to_campus=to_campus,
        to_place=to_place, to_custodian=to_custodian, reason=reason.strip(), requested_by=user, requested_at=timezone.now(),
    ), user, gettext_noop("transfer requested"))
    _notify(transfer)
    return transfer


def _category_at(category: Category, campus: Campus, cache: dict) -> Category:
    """The receiving campus's category of the same name (added, with the same rule, when it has none)."""
    if category.campus_id == campus.pk:
        return category
    if category.name not in cache:
        cache[category.name], _created = Category.objects.get_or_create(
            campus=campus, name=category.name,
            defaults={"top": category.top, "life_class": category.life_class, "life_years": category.life_years},
        )
    return cache[category.name]


def _arrive(transfer: Transfer, user, *, next_sequence=None, cache=None) -> None:
    asset = transfer.asset
    asset.place = transfer.to_place
    if transfer.to_custodian is not None:
        asset.custodian = transfer.to_custodian
    if transfer.to_campus_id != asset.campus_id:
        asset.custodian = transfer.to_custodian
        asset.category = _category_at(asset.category, transfer.to_campus, cache if cache is not None else {})
        asset.campus = transfer.to_campus
        asset.sequence = next_sequence
        asset.code = format_code(settings_for(transfer.to_campus).prefix(), next_sequence)
    save_tracked(asset, user, gettext_noop("transfer received"))


def _next_sequence_at(campus: Campus) -> int:
    settings_for(campus)
    from ..models import AssetSettings

    AssetSettings.objects.select_for_update().filter(campus=campus).first()
    return (Asset.objects.filter(campus=campus).aggregate(last=Max("sequence"))["last"] or 0) + 1


@transaction.atomic
def answer_transfer(transfer: Transfer, *, accept: bool, user, note="") -> list[Transfer]:
    """The receiver confirms (the asset moves: to another campus it gets that campus's next code, and needs
    a new label) or refuses (with a note). A transfer of a batch answers the whole batch: all or nothing."""
    batch = Transfer.objects.select_for_update(of=("self", "asset")).select_related("asset", "to_place", "to_campus", "to_custodian")
    batch = list(batch.filter(batch=transfer.batch) if transfer.batch else batch.filter(pk=transfer.pk))
    if any(t.status != TransferStatus.PENDING for t in batch):
        raise AssetsError(_("This transfer has already been answered."))
    if not may_answer(batch[0], user):
        raise AssetsError(_("Only the receiver answers a transfer."))
    if not accept and not (note or "").strip():
        raise AssetsError(_("Say why you refuse it."), field="note")
    now = timezone.now()
    sequence, cache = None, {}
    for item in batch:
        if accept:
            if item.to_campus_id != item.asset.campus_id:
                sequence = _next_sequence_at(item.to_campus) if sequence is None else sequence + 1
            _arrive(item, user, next_sequence=sequence, cache=cache)
        item.status = TransferStatus.CONFIRMED if accept else TransferStatus.REFUSED
        item.answered_by, item.answered_at, item.answer_note = user, now, (note or "").strip()
        save_tracked(item, user, gettext_noop("received") if accept else gettext_noop("refused"))
    if not accept:
        notify(NoticeKind.ASSET_TRANSFER, batch[0].campus, people=[batch[0].requested_by],
               title=_("Transfer refused: %(asset)s") % {"asset": batch[0].asset}, body=note,
               link=batch[0].get_absolute_url(), key=f"transfer-refused-{batch[0].batch or batch[0].pk}")
    return batch


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, user) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise AssetsError(_("This transfer has already been answered."))
    if transfer.batch:
        raise AssetsError(_("A branch-closing batch is answered by the receiving campus, not cancelled one by one."))
    transfer.status = TransferStatus.CANCELLED
    transfer.answered_by, transfer.answered_at = user, timezone.now()
    return save_tracked(transfer, user, gettext_noop("cancelled"))


@transaction.atomic
def transfer_campus(campus: Campus, *, to_campus: Campus, to_place: Place, user, reason) -> list[Transfer]:
    """A branch closing: every asset of ``campus`` still on the register goes to ``to_place`` of ``to_campus``
    in one batch, which the receiving campus confirms at once. All or nothing: an asset lent, under repair
    or already on its way stops the whole batch (named)."""
    if to_campus.pk == campus.pk:
        raise AssetsError(_("Choose another campus."), field="to_campus")
    if not (reason or "").strip():
        raise AssetsError(_("Say why the asset moves."), field="reason")
    if to_place.campus_id != to_campus.pk or not to_place.is_active:
        raise AssetsError(_("Choose a place of the receiving campus that is in use."), field="to_place")
    assets = list(Asset.objects.select_for_update().filter(campus=campus).on_register().select_related("place").order_by("sequence"))
    if not assets:
        raise AssetsError(_("This campus has no assets on the register."))
    blocked = [a for a in assets if a.status not in MOVABLE]
    pending = set(Transfer.objects.filter(asset__in=assets, status=TransferStatus.PENDING).values_list("asset_id", flat=True))
    blocked += [a for a in assets if a.pk in pending and a not in blocked]
    if blocked:
        names = "、".join(a.code for a in blocked[:10]) + ("…" if len(blocked) > 10 else "")
        raise AssetsError(_("These assets must come back (returned, repaired, or their transfer answered) first: %(codes)s") % {"codes": names})
    batch, now = uuid.uuid4(), timezone.now()
    transfers = [Transfer(
        campus=campus, asset=a, from_place=a.place, from_custodian=a.custodian, to_campus=to_campus, to_place=to_place,
        reason=reason.strip(), batch=batch, requested_by=user, requested_at=now,
    ) for a in assets]
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(transfers, Transfer, batch_size=500, default_user=user, default_change_reason=gettext_noop("branch closing"))
    first = Transfer.objects.filter(batch=batch).order_by("pk").first()
    _notify(first, count=len(transfers))
    return transfers


# --- loans -------------------------------------------------------------------------------------------------


@transaction.atomic
def lend_asset(asset: Asset, *, borrower: StaffMember, user, due_on: dt.date | None = None, purpose="",
               lent_on: dt.date | None = None) -> Loan:
    """Lend a portable item (camera, projector, tablet) to a member of staff until ``due_on`` (default: the
    campus's loan length)."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    today = timezone.localdate()
    lent_on = lent_on or today
    due_on = due_on or lent_on + dt.timedelta(days=settings_for(asset.campus).loan_days)
    errors = {}
    if asset.status not in MOVABLE:
        errors["asset"] = _("Only an asset in use or idle is lent (this one is %(status)s).") % {"status": asset.get_status_display()}
    if not is_staff_of(borrower, asset.campus):
        errors["borrower"] = _("The borrower must be a member of staff of this campus.")
    if lent_on > today or lent_on < today - dt.timedelta(days=31):
        errors["lent_on"] = _("Give a date within the last month.")
    if not lent_on <= due_on <= lent_on + dt.timedelta(days=366):
        errors["due_on"] = _("The due date is after the loan date and within a year.")
    if errors:
        raise AssetsError(errors)
    loan = save_tracked(Loan(campus=asset.campus, asset=asset, borrower=borrower, purpose=(purpose or "").strip(),
                             lent_on=lent_on, due_on=due_on, lent_by=user), user, gettext_noop("lent"))
    asset.status = AssetStatus.LENT
    save_tracked(asset, user, gettext_noop("lent"))
    return loan


@transaction.atomic
def return_asset(loan: Loan, *, user, note="", returned_on: dt.date | None = None) -> Loan:
    loan = Loan.objects.select_for_update().select_related("asset").get(pk=loan.pk)
    if loan.returned_on is not None:
        raise AssetsError(_("This loan has already been returned."))
    returned_on = returned_on or timezone.localdate()
    if not loan.lent_on <= returned_on <= timezone.localdate():
        raise AssetsError(_("Give a date between the loan and today."), field="returned_on")
    loan.returned_on, loan.returned_to, loan.return_note = returned_on, user, (note or "").strip()
    save_tracked(loan, user, gettext_noop("returned"))
    asset = loan.asset
    if asset.status == AssetStatus.LENT:
        asset.status = AssetStatus.IN_USE
        save_tracked(asset, user, gettext_noop("returned"))
    return loan


def overdue_loans(campus: Campus, today: dt.date):
    return Loan.objects.filter(campus=campus, returned_on__isnull=True, due_on__lt=today)
