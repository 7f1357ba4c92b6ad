"""The campus app's dashboard cards and to-dos: staff certificates expiring, attendance by class, today and this month."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from . import attendance
from .access import user_has_roles
from .models import Child, Classroom, StaffSettings
from .roles import Role
from .scoping import staff_of, visible_classrooms
from .services import expiring_staff_certificates
from .ui import Card, CardState, Todo, collect, nothing_recorded


def attendance_by_class(campus, first: dt.date, last: dt.date, classes=None, counts=None) -> list[dict]:
    """Per class: child-days recorded, present, sick, other absences (one query unless ``counts``
    are given, plus one for the classes unless given)."""
    if classes is None:
        classes = list(Classroom.objects.filter(campus=campus, is_active=True).by_grade())
    if counts is None:
        counts = attendance.counts_by_class(campus, first, last)
    result = []
    for room in classes:
        row = counts.get(room.pk, attendance.Counts())
        result.append({"classroom": room, "recorded": row.recorded, "present": row.present, "sick": row.sick,
                       "other": row.other, "rate": row.rate})
    return result


def certificates_card(campus, day) -> Card:
    """Every staff member's certificate expiring within the campus's alert days, or expired (the
    logistics head's and the director's dashboard)."""
    days, certificates = expiring_staff_certificates(campus, day)
    expired = sum(1 for cert in certificates if cert.expired)
    return Card(
        title=_("Staff certificates expiring"),
        value=str(len(certificates)) if certificates.on_file else "",
        detail=(_("Expired or expiring within %(days)d days; %(n)d expired.") % {"days": days, "n": expired}
                if certificates.on_file else _("No staff certificate is on file yet.")),
        url=reverse("campus:staff_list"),
        state=(CardState.OVERDUE if expired else CardState.ATTENTION if certificates
               else CardState.OK if certificates.on_file else CardState.NONE),
        key="campus.certificates",
        headers=[_("Staff member"), _("Certificate"), _("Expires on"), _("State")],
        rows=[[cert.staff.name, cert.get_kind_display(), cert.expires_on, _("expired") if cert.expired else _("expiring")]
              for cert in certificates],
    )


def cards(campus, day) -> list[Card]:
    classes = list(Classroom.objects.filter(campus=campus, is_active=True).by_grade())
    on_day, this_month = attendance.counts_by_class_day_and_month(campus, day)
    today = attendance_by_class(campus, day, day, classes, on_day)
    month = attendance_by_class(campus, day.replace(day=1), day, classes, this_month)
    enrolled = Child.objects.enrolled_on(day).filter(campus=campus).count()
    present = sum(row["present"] for row in today)
    missing = [row["classroom"].name for row in today if row["recorded"] == 0]
    url = reverse("campus:attendance")
    if not any(row["recorded"] for row in today):
        state, detail = CardState.NONE, nothing_recorded()
    elif missing:
        state, detail = CardState.ATTENTION, _("Not recorded yet: %(classes)s") % {"classes": "、".join(missing)}
    else:
        state, detail = CardState.OK, _("All classes recorded.")
    return [
        Card(
            title=_("Attendance today"), key="campus.attendance_today",
            value=f"{present} / {enrolled}",
            detail=detail,
            url=url,
            state=state,
            headers=[_("Class"), _("Present"), _("Sick"), _("Other absence")],
            rows=[[row["classroom"].name, row["present"], row["sick"], row["other"]] for row in today],
        ),
        Card(
            title=_("Attendance this month"), key="campus.attendance_month",
            value=str(sum(row["present"] for row in month)) if any(row["recorded"] for row in month) else "",
            detail=_("Child-days present out of recorded, by class."),
            url=url,
            state=CardState.INFO if any(row["recorded"] for row in month) else CardState.NONE,
            headers=[_("Class"), _("Present"), _("Recorded"), _("Attendance rate")],
            rows=[[row["classroom"].name, row["present"], row["recorded"], row["rate"]] for row in month],
        ),
        certificates_card(campus, day),
    ]


def todos(request, day) -> list[Todo]:
    user = request.user
    result = []
    if user_has_roles(user, [Role.DIRECTOR, Role.LOGISTICS]) and request.campus is not None:
        _days, certificates = expiring_staff_certificates(request.campus, day)
        if certificates:
            result.append(Todo(
                title=_("Staff certificates expiring: %(n)d") % {"n": len(certificates)}, url=reverse("campus:staff_list"),
                detail="；".join(f"{cert.staff.name} {cert.get_kind_display()} {cert.expires_on}" for cert in certificates[:5]),
                level="danger" if any(cert.expired for cert in certificates) else "warning",
            ))
    result.extend(own_certificate_todos(request, day))
    if not user.has_perm("campus.add_attendance") or user_has_roles(user, [Role.DIRECTOR]):
        return result
    classes = visible_classrooms(request)
    recorded = attendance.recorded_classes(classes, day)
    return result + [
        Todo(
            title=_("Attendance: %(class)s") % {"class": room.name},
            url=reverse("campus:attendance_take", args=[room.pk]),
            detail=_("Recorded") if room.pk in recorded else _("Not recorded yet"),
            level="success" if room.pk in recorded else "warning",
        )
        for room in classes
    ]


def own_certificate_todos(request, day) -> list[Todo]:
    """Everyone's own certificates expiring within the campus's alert days (or expired), on their home page."""
    staff = staff_of(request.user)
    if staff is None or request.campus is None:
        return []
    horizon = day + dt.timedelta(days=StaffSettings.for_campus(request.campus).certificate_alert_days)
    latest: dict[str, object] = {}
    for cert in staff.certificates.order_by("expires_on"):
        latest[cert.kind] = cert
    due = [cert for cert in latest.values() if cert.expires_on <= horizon]
    if not due:
        return []
    return [Todo(
        title=_("Your certificates to renew: %(n)d") % {"n": len(due)}, url=reverse("campus:my_certificates"),
        detail="；".join(f"{cert.get_kind_display()} {cert.expires_on}" for cert in due),
        level="danger" if any(cert.expires_on < day for cert in due) else "warning",
    )]


def side_by_side(campuses, day) -> list[dict]:
    """Each app's cards for each campus, lined up by ``Card.key``: one row per card, one cell per
    campus (None where that campus has no such card), in the order the cards first appear."""
    by_campus = [{card.key or card.title: card for card in collect("dashboard", "cards", campus, day)} for campus in campuses]
    rows = {}
    for cards in by_campus:
        for key, card in cards.items():
            rows.setdefault(key, card.title)
    return [{"title": title, "cells": [cards.get(key) for cards in by_campus]} for key, title in rows.items()]
