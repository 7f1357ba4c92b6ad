"""Writes of the campus app. Views, imports, tasks and other apps call these; nothing else writes
attendance. Each function is one transaction with history kept."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .choices import AttendanceStatus
from .errors import ServiceError
from .history import save_tracked
from .models import Attendance, Child, Classroom, StaffCertificate, StaffSettings
from .signals import attendance_recorded


class AttendanceError(ServiceError):
    pass


def _save_rows(campus, day, to_create, to_update, user, reason_for_change) -> list:
    """Insert and update attendance rows in bulk with their history, and tell listeners on commit."""
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=user, default_change_reason=reason_for_change)
    if to_update:
        bulk_update_with_history(
            to_update, Attendance, ["status", "reason", "recorded_by", "recorded_at"], default_user=user,
            default_change_reason=reason_for_change,
        )
    records = to_create + to_update
    if records:
        transaction.on_commit(
            lambda: attendance_recorded.send(sender=Attendance, campus=campus, day=day, records=records, user=user)
        )
    return records


@transaction.atomic
def record_class_attendance(classroom: Classroom, day: dt.date, exceptions: dict, user, reason_for_change="") -> list:
    """Save one day's attendance for a whole class in one go.

    ``exceptions`` maps child id to ``(status, reason)``; every other child enrolled that day is
    present. Existing records are updated (history kept), new ones created. A constant number of
    queries whatever the class size.
    """
    if day > timezone.localdate():
        raise AttendanceError(_("Attendance cannot be recorded for a future day."))
    children = list(classroom.children_on(day).only("id", "campus_id", "classroom_id"))
    child_ids = {child.id for child in children}
    unknown = set(exceptions) - child_ids
    if unknown:
        raise AttendanceError(_("Some children are not in this class on that day."))
    statuses = {child.id: exceptions.get(child.id, (AttendanceStatus.PRESENT, "")) for child in children}
    return _write_day(classroom, day, children, statuses, user, reason_for_change)


@transaction.atomic
def set_attendance(child: Child, day: dt.date, status: str, user, reason: str = "", reason_for_change: str = ""):
    """One child's attendance for a day (used by the morning check and by corrections)."""
    if day > timezone.localdate():
        raise AttendanceError(_("Attendance cannot be recorded for a future day."))
    row = Attendance.objects.select_for_update().filter(child=child, date=day).first()
    if row is None:
        row = Attendance(campus_id=child.campus_id, classroom_id=child.classroom_id, child=child, date=day)
    elif row.status == status and row.reason == reason:
        return row
    row.status, row.reason, row.recorded_by, row.recorded_at = status, reason, user, timezone.now()
    save_tracked(row, user, reason_for_change)
    transaction.on_commit(
        lambda: attendance_recorded.send(sender=Attendance, campus=child.campus, day=day, records=[row], user=user)
    )
    return row


def mark_present(classroom: Classroom, day: dt.date, child_ids, user, reason_for_change: str = "") -> list:
    """Mark these children of a class present on a day, leaving the others' records alone."""
    return check_in(classroom, day, dict.fromkeys(child_ids, (AttendanceStatus.PRESENT, "")), user, reason_for_change)


@transaction.atomic
def check_in(classroom: Classroom, day: dt.date, statuses: dict, user, reason_for_change: str = "") -> list:
    """The morning check's attendance: ``statuses`` maps child id to ``(status, reason)`` (present,
    or sick leave for a child sent home); the children not named keep their records. Constant
    number of queries whatever the number of children."""
    if day > timezone.localdate():
        raise AttendanceError(_("Attendance cannot be recorded for a future day."))
    wanted = set(statuses)
    children = list(classroom.children_on(day).filter(id__in=wanted).only("id", "campus_id"))
    if len(children) != len(wanted):
        raise AttendanceError(_("Some children are not in this class on that day."))
    return _write_day(classroom, day, children, statuses, user, reason_for_change)


def _write_day(classroom, day, children, statuses: dict, user, reason_for_change) -> list:
    """Create or update the day's record of each of ``children`` to ``statuses[child.id]``
    (``(status, reason)``), leaving unchanged rows alone; a constant number of queries."""
    existing = {row.child_id: row for row in Attendance.objects.filter(child_id__in=list(statuses), date=day)}
    now = timezone.now()
    to_create, to_update = [], []
    for child in children:
        status, reason = statuses[child.id]
        if status not in AttendanceStatus.values:
            raise AttendanceError(_("Unknown attendance status."))
        row = existing.get(child.id)
        if row is None:
            to_create.append(
                Attendance(
                    campus_id=child.campus_id, classroom_id=classroom.id, child_id=child.id, date=day,
                    status=status, reason=reason, recorded_by=user, recorded_at=now,
                )
            )
        elif row.status != status or row.reason != reason:
            row.status, row.reason, row.recorded_by, row.recorded_at = status, reason, user, now
            row._change_reason = reason_for_change
            to_update.append(row)
    return _save_rows(classroom.campus, day, to_create, to_update, user, reason_for_change)


@transaction.atomic
def set_calendar_day(campus, day: dt.date, kind: str, note: str = ""):
    from .models import CalendarDay

    row, _created = CalendarDay.objects.update_or_create(campus=campus, date=day, defaults={"kind": kind, "note": note})
    return row


@transaction.atomic
def confirm_calendar_year(campus, year: int, note: str = ""):
    from .models import CalendarYear

    row, _created = CalendarYear.objects.get_or_create(campus=campus, year=year, defaults={"note": note})
    return row


# --- staff certificates ------------------------------------------------------------------------


class CertificateList(list):
    def __init__(self, items, *, on_file: int):
        super().__init__(items)
        self.on_file = on_file


def expiring_staff_certificates(campus, day: dt.date) -> tuple[int, list]:
    """(alert days, certificates) of every active staff member of the campus whose certificate (any
    kind) expires within the campus's ``StaffSettings.certificate_alert_days`` or has expired,
    soonest first; each has ``expired``. A certificate renewed by a newer one of the same kind is
    left out. Two queries (the settings row, the certificates with their staff). The list's
    ``on_file`` is how many certificates the campus's staff have on file at all (none: nothing is
    known, which is not "all valid")."""
    days = StaffSettings.for_campus(campus).certificate_alert_days
    certificates = list(
        StaffCertificate.objects.filter(staff__is_active=True, staff__campuses=campus)
        .select_related("staff").order_by("expires_on", "staff__name").distinct()
    )
    latest: dict[tuple, dt.date] = {}
    for cert in certificates:
        key = (cert.staff_id, cert.kind)
        latest[key] = max(latest.get(key, cert.expires_on), cert.expires_on)
    horizon = day + dt.timedelta(days=days)
    result = []
    for cert in certificates:
        if cert.expires_on <= horizon and cert.expires_on == latest[(cert.staff_id, cert.kind)]:
            cert.expired = cert.expires_on < day
            result.append(cert)
    return days, CertificateList(result, on_file=len(certificates))


def alert_staff_certificates(day: dt.date | None = None) -> int:
    """The daily beat job: each staff certificate that enters the campus's alert window, and again
    when it expires, is told to the director, to the health teacher for a health certificate (健康证:
    nobody works with children or food without a valid one), and to the staff member (with a link to
    their own certificates); once per certificate and state, however often the job runs. Returns how
    many alerts are new."""
    from django.urls import reverse

    from .choices import CertificateKind, NoticeKind
    from .models import Campus
    from .models_notify import Notification
    from .notifications import Notice, notify_many
    from .roles import Role

    day = day or timezone.localdate()
    notices = []
    for campus in Campus.objects.filter(is_active=True):
        for cert in expiring_staff_certificates(campus, day)[1]:
            state = "expired" if cert.expired else "expiring"
            words = {"kind": cert.get_kind_display(), "name": cert.staff.name, "date": cert.expires_on.isoformat()}
            title = (_("%(kind)s expired: %(name)s (%(date)s)") if cert.expired
                     else _("%(kind)s expires soon: %(name)s (%(date)s)")) % words
            body = (_("%(name)s may not work with children or food until a renewed certificate is on file.") % words
                    if cert.expired and cert.kind == CertificateKind.HEALTH
                    else _("Renew it and record the new certificate on the staff member's page."))
            roles = (Role.DIRECTOR, Role.HEALTH) if cert.kind == CertificateKind.HEALTH else (Role.DIRECTOR,)
            key = f"certificate:{cert.pk}:{state}"
            notices.append(Notice(kind=NoticeKind.STAFF_CERTIFICATE.value, campus_id=campus.pk, key=key, title=title[:200],
                                  body=body, link=reverse("campus:staff_edit", args=[cert.staff_id]),
                                  roles=tuple(role.value for role in roles)))
            own = body if cert.expired and cert.kind == CertificateKind.HEALTH else _(
                "Renew a certificate before it expires and give the new one to the director.")
            notices.append(Notice(kind=NoticeKind.STAFF_CERTIFICATE.value, campus_id=campus.pk, key=f"{key}:own",
                                  title=title[:200], body=own, link=reverse("campus:my_certificates"),
                                  people=(cert.staff.user_id,)))
    if not notices:
        return 0
    before = set(Notification.objects.filter(kind=NoticeKind.STAFF_CERTIFICATE, key__in={n.key for n in notices})
                 .values_list("campus_id", "key"))
    notify_many(notices)
    return sum(1 for n in notices if (n.campus_id, n.key) not in before and not n.key.endswith(":own"))
