"""Writes about the staff: add and edit a staff member with their login, roles, campuses and classes;
a leaver's login is closed and their records stay; certificates with their scans. History kept."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .history import reason_in_context, update_tracked
from .models import Classroom, StaffCertificate, StaffMember
from .roles import STAFF_ROLES
from .services_setup import SetupError, may_manage_all_campuses

STAFF_FIELDS = ("name", "phone", "post", "contract_type", "contract_starts_on", "contract_ends_on",
                "emergency_contact", "emergency_phone")


@transaction.atomic
def save_staff(campus, staff: StaffMember | None, data: dict, user) -> StaffMember:
    """Create or edit a staff member of ``campus``: ``data`` holds the ``STAFF_FIELDS``, ``username``
    (new staff), ``password`` (new staff), ``roles`` (role values), ``campuses`` and ``classrooms``
    (classes of ``campus``). A director who does not see every campus gives only their own campuses."""
    roles = [str(role) for role in data.get("roles", [])]
    if not roles:
        raise SetupError(_("Choose at least one role."), field="roles")
    if set(roles) - {role.value for role in STAFF_ROLES}:
        raise SetupError(_("Not a staff role."), field="roles")
    campuses = list(data.get("campuses") or [campus])
    if not may_manage_all_campuses(user):
        own = set(user.staff.campuses.values_list("pk", flat=True))
        if any(each.pk not in own for each in campuses):
            raise SetupError(_("You may only give your own campuses."), field="campuses")
    starts, ends = data.get("contract_starts_on"), data.get("contract_ends_on")
    if starts and ends and ends < starts:
        raise SetupError(_("The contract ends before it starts."), field="contract_ends_on")
    User = get_user_model()
    if staff is None:
        username = (data.get("username") or "").strip()
        if not username:
            raise SetupError(_("Choose a login name."), field="username")
        if User.objects.filter(username__iexact=username).exists():
            raise SetupError(_("This login name is taken."), field="username")
        if len(data.get("password") or "") < 8:
            raise SetupError(_("The first password needs at least 8 characters."), field="password")
        login = User.objects.create_user(username=username, password=data["password"], first_name=data.get("name", ""))
        staff = StaffMember(user=login)
    update_tracked(staff, {name: data[name] for name in STAFF_FIELDS if name in data}, user,
                   gettext_noop("staff member added") if staff.pk is None else "")
    staff.user.groups.set(Group.objects.filter(name__in=roles))
    if may_manage_all_campuses(user):
        staff.campuses.set(campuses)
    else:  # keep the campuses this director does not manage
        others = staff.campuses.exclude(pk__in=user.staff.campuses.values("pk"))
        staff.campuses.set([*others, *campuses])
    if "classrooms" in data:
        chosen = [room for room in data["classrooms"] if room.campus_id == campus.pk]
        for room in Classroom.objects.filter(campus=campus, staff=staff).exclude(pk__in=[r.pk for r in chosen]):
            room.staff.remove(staff)
        for room in chosen:
            room.staff.add(staff)
    return staff


@transaction.atomic
def staff_leaves(staff: StaffMember, last_day: dt.date, user) -> StaffMember:
    """The person leaves: their login closes, their records and history stay."""
    if not staff.is_active:
        raise SetupError(_("This person has already left."))
    update_tracked(staff, {"is_active": False, "left_on": last_day}, user, reason_in_context("staff", "left"))  # 离职, not 离园
    staff.user.is_active = False
    staff.user.save(update_fields=["is_active"])
    return staff


@transaction.atomic
def save_certificate(staff: StaffMember, cert: StaffCertificate | None, data: dict, user) -> StaffCertificate:
    cert = cert or StaffCertificate(staff=staff)
    issued, expires = data.get("issued_on"), data.get("expires_on")
    if issued and expires and expires < issued:
        raise SetupError(_("The certificate expires before it was issued."), field="expires_on")
    return update_tracked(cert, data, user)
