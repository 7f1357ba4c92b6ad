"""Counts by scanning (盘点): the manager walks a place (or the whole campus) scanning labels; the
reconciliation lists what is missing, in the wrong place or should not be here; finishing keeps the
differences, each resolved later (found, moved here, lost → a write-off request)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.history import save_tracked
from campus.models import Campus, Place

from ..choices import AssetStatus, CountStatus, DifferenceKind, Resolution, WriteOffKind
from ..errors import AssetsError
from ..models import Asset, Count, CountDifference, CountScan
from .register import find_by_code

EXPECTED = (AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR)  # a lent asset is with its borrower


@transaction.atomic
def start_count(campus: Campus, *, user, place: Place | None = None, run_id: int | None = None, note="") -> Count:
    """Open a count of ``place`` (or the whole campus); ``run_id``: the checklist run it answers."""
    if place is not None and place.campus_id != campus.pk:
        raise AssetsError(_("Choose a place of this campus."), field="place")
    open_count = Count.objects.filter(campus=campus, place=place, status=CountStatus.OPEN).first()
    if open_count is not None:
        if run_id and not open_count.checklist_run_id:
            open_count.checklist_run_id = run_id
            save_tracked(open_count, user, gettext_noop("linked to a checklist run"))
        return open_count
    expected = _expected(campus, place).count()
    return save_tracked(Count(campus=campus, place=place, started_by=user, started_at=timezone.now(), expected=expected,
                              checklist_run_id=run_id, note=(note or "").strip()), user, gettext_noop("count started"))


def _expected(campus: Campus, place: Place | None):
    qs = Asset.objects.filter(campus=campus, status__in=EXPECTED)
    return qs.filter(place=place) if place is not None else qs


@transaction.atomic
def scan(count: Count, text: str, *, user) -> tuple[CountScan, bool]:
    """Record a scanned label (its code, or the asset page's address); ``(scan, new)``: a label scanned
    twice counts once."""
    if count.status != CountStatus.OPEN:
        raise AssetsError(_("This count is finished."))
    asset = find_by_code(count.campus, text)
    if asset is None:
        raise AssetsError(_("No asset of this campus has the code %(code)s.") % {"code": (text or "").strip()[:40] or "—"}, field="code")
    existing = CountScan.objects.filter(count=count, asset=asset).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            record = CountScan.objects.create(count=count, asset=asset, scanned_by=user, scanned_at=timezone.now())
    except IntegrityError:
        return CountScan.objects.get(count=count, asset=asset), False
    Count.objects.filter(pk=count.pk).update(scanned=count.scans.count())
    return record, True


@dataclass
class Reconciliation:
    """What a count found so far: ``missing`` (expected, not scanned), ``wrong_place`` (scanned here,
    registered elsewhere), ``extra`` (scanned, but lent out or written off), ``found`` (as expected)."""

    missing: list = field(default_factory=list)
    wrong_place: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    found: list = field(default_factory=list)

    @property
    def differences(self) -> int:
        return len(self.missing) + len(self.wrong_place) + len(self.extra)


def reconcile(count: Count) -> Reconciliation:
    """Two queries whatever the size: the assets expected, the assets scanned (each with its place and
    custodian, what the count page and the count sheet show; no scan rows or categories are built)."""
    related = ("place", "custodian")
    expected = {a.pk: a for a in _expected(count.campus, count.place).select_related(*related).order_by("sequence")}
    scanned = Asset.objects.filter(pk__in=count.scans.values("asset_id")).select_related(*related).order_by("sequence")
    result = Reconciliation()
    seen = set()
    for asset in scanned:
        seen.add(asset.pk)
        if asset.pk in expected:
            result.found.append(asset)
        elif asset.status not in EXPECTED:
            result.extra.append(asset)
        else:
            result.wrong_place.append(asset)
    result.missing = [asset for pk, asset in expected.items() if pk not in seen]
    return result


@transaction.atomic
def finish_count(count: Count, *, user) -> Count:
    """Close the count and keep its differences to resolve; a checklist run that opened it is completed."""
    count = Count.objects.select_for_update().get(pk=count.pk)
    if count.status != CountStatus.OPEN:
        raise AssetsError(_("This count is finished."))
    result = reconcile(count)
    rows = [CountDifference(count=count, asset=a, kind=DifferenceKind.MISSING, registered_place=a.place) for a in result.missing]
    rows += [CountDifference(count=count, asset=a, kind=DifferenceKind.WRONG_PLACE, registered_place=a.place, found_place=count.place)
             for a in result.wrong_place]
    rows += [CountDifference(count=count, asset=a, kind=DifferenceKind.EXTRA, registered_place=a.place, found_place=count.place)
             for a in result.extra]
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(rows, CountDifference, batch_size=500, default_user=user, default_change_reason=gettext_noop("count finished"))
    count.status, count.finished_by, count.finished_at = CountStatus.FINISHED, user, timezone.now()
    count.expected, count.scanned = len(result.missing) + len(result.found), len(result.found) + len(result.wrong_place) + len(result.extra)
    save_tracked(count, user, gettext_noop("count finished"))
    _complete_run(count, user, anomalies=len(rows))
    return count


def _complete_run(count: Count, user, *, anomalies: int) -> None:
    """Hook for the checklists run that opened this count (wired when checklists.hooks lands)."""
    if not count.checklist_run_id:
        return
    from . import checklist_hook

    checklist_hook.complete(count, user=user, anomalies=anomalies)


@transaction.atomic
def resolve_difference(difference: CountDifference, *, resolution: str, user, note="") -> CountDifference:
    """Found (nothing changes), moved (the register now says the place where it was found), or lost (a
    write-off request of kind 报损 is opened for the director)."""
    difference = CountDifference.objects.select_for_update().select_related("count", "asset", "count__campus").get(pk=difference.pk)
    if difference.resolution:
        raise AssetsError(_("This difference has already been resolved."))
    if resolution not in Resolution.values:
        raise AssetsError(_("Choose how it was resolved."), field="resolution")
    asset = difference.asset
    if resolution == Resolution.MOVED:
        if difference.found_place is None:
            raise AssetsError(_("Only an asset found in another place is moved on the register."), field="resolution")
        asset.place = difference.found_place
        save_tracked(asset, user, gettext_noop("place corrected by a count"))
    elif resolution == Resolution.LOST:
        if difference.kind != DifferenceKind.MISSING:
            raise AssetsError(_("Only a missing asset is lost."), field="resolution")
        from .writeoffs import request_write_off

        request_write_off(difference.count.campus, assets=[asset], kind=WriteOffKind.LOSS, user=user,
                          reason=note or _("Missing at the count of %(date)s") % {"date": f"{difference.count.started_at:%Y-%m-%d}"})
    difference.resolution, difference.resolved_by, difference.resolved_at = resolution, user, timezone.now()
    difference.note = (note or "").strip()[:200]
    return save_tracked(difference, user, gettext_noop("resolved"))


def open_differences(campus: Campus):
    return CountDifference.objects.filter(count__campus=campus, resolution="")
