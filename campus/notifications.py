"""The notification service: every alert in Houqin goes through ``notify`` (or ``notify_many``).

An alert has a kind (``campus.choices.NoticeKind``), a campus, a title, a text, a link to its record
and an idempotency key. The same campus, kind and key is the same alert:

- the first call creates it, with one recipient row per person named and per holder (at that
  moment) of each role at the campus (a group director who sees every campus included);
- a later call with the same key never sends it again. It updates the title, text and link in
  place when they changed (an outbreak alert "updated as cases arrive") and shows it as unread
  again; people who newly hold a role are added and told; no one is e-mailed twice.

Channels: the in-app bell is the recipient row itself (unread while ``read_at`` is empty). Every
other channel is a sender in ``CHANNELS`` with one ``Delivery`` row per recipient (status,
attempts, sent_at, error), sent by a Celery task after the transaction commits; a failed delivery
is retried by the beat job ``retry_deliveries`` (both in ``campus.deliveries``). 企业微信 and 钉钉
group robots are per campus, not per person: a new alert, and each update of one in place (its
``revision`` counts them), is handed to ``campus.channels`` after the commit, which sends it to each
group of the campus that takes its kind, once per revision.

Each person chooses, per kind, whether it also comes by e-mail (``set_email_preferences``); the
default is ``EMAIL_BY_DEFAULT``.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tasks
from .choices import EMAIL_BY_DEFAULT, NoticeKind
from .deliveries import (  # noqa: F401 - the sending half, re-exported: tests and callers use it from here
    CHANNELS,
    MAX_ATTEMPTS,
    RETRY_AFTER,
    EmailChannel,
    retry_deliveries,
    send_deliveries,
)
from .models_notify import Delivery, Notification, NotificationPreference, NotificationRecipient
from .roles import Role


@dataclass(frozen=True)
class Notice:
    """One alert to send: what ``notify`` takes, for ``notify_many``."""

    kind: str
    campus_id: int
    key: str
    title: str
    body: str = ""
    link: str = ""
    roles: tuple = ()
    people: tuple = ()  # user ids

    @property
    def ident(self):
        return (self.campus_id, self.kind, self.key)


def notify(kind, campus, *, roles=(), people=(), title, body="", link="", key) -> Notification:
    """Tell the holders of ``roles`` at ``campus`` and the users ``people``. See the module docstring."""
    notice = Notice(kind=NoticeKind(kind).value, campus_id=campus.pk, key=str(key), title=str(title)[:200], body=str(body),
                    link=str(link)[:300], roles=tuple(str(r) for r in roles), people=tuple(_user_id(p) for p in people))
    return notify_many([notice])[0]


def medication_due(campus, doses) -> list[Notification]:
    """Doses due soon and not yet given (the health beat job, ``health.services.alert_doses_due``):
    one alert per dose (key: request, day and time; a second run never sends again) to the staff of
    the child's class (head teacher and nursery staff) and the campus's health teacher. ``doses``:
    ``DoseDue`` values."""
    staff = class_staff({dose.classroom for dose in doses})
    notices = []
    for dose in doses:
        local = timezone.localtime(dose.due_at)
        at = local.strftime("%H:%M")
        notices.append(Notice(
            kind=NoticeKind.MEDICATION_DUE.value, campus_id=campus.pk, key=dose_key(dose.request_id, local.date(), at),
            title=(_("Medicine due at %(time)s: %(child)s, %(drug)s") % {"time": at, "child": dose.child_name, "drug": dose.drug})[:200],
            body=_("%(class)s · %(amount)s · not given yet") % {"class": dose.classroom.name, "amount": dose.amount},
            link=dose.link[:300], roles=(Role.HEALTH.value,), people=tuple(sorted(staff.get(dose.classroom.pk, ())))))
    return notify_many(notices)


def dose_key(request_id: int, day, time: str) -> str:
    return f"dose:{request_id}:{day}:{time}"


def dose_given(campus_id: int, request_id: int, day, time: str) -> int:
    """The dose was given: its reminder, if one was sent, is read for everyone."""
    return mark_read(campus_id, [dose_key(request_id, day, time)], kinds=[NoticeKind.MEDICATION_DUE])


def class_staff(classrooms) -> dict:
    """{classroom id: {user id}} of each class's head teacher and staff (nursery staff). Two queries."""
    from .models import Classroom, StaffMember

    classrooms = list(classrooms)
    found: dict = {c.pk: set() for c in classrooms}
    for classroom_id, user_id in Classroom.staff.through.objects.filter(classroom_id__in=list(found)).values_list(
            "classroom_id", "staffmember__user_id"):
        found[classroom_id].add(user_id)
    heads = {c.pk: c.head_teacher_id for c in classrooms if c.head_teacher_id}
    users = dict(StaffMember.objects.filter(pk__in=set(heads.values())).values_list("pk", "user_id")) if heads else {}
    for classroom_id, staff_id in heads.items():
        found[classroom_id].add(users.get(staff_id))
    return {c: {u for u in ids if u} for c, ids in found.items()}


@dataclass(frozen=True)
class DoseDue:
    """One dose for ``medication_due``: plain values, so the notification service needs no health model."""

    request_id: int
    child_name: str
    classroom: object  # the child's Classroom
    drug: str
    amount: str
    due_at: object  # an aware datetime
    link: str = ""


def month_closed(campus, *, month, bills: int, statements: int, link: str) -> Notification:
    """Finance's month close has finished (``finance.close.close_month``): the director and the
    cashier are told once per campus and month (a resumed or repeated close never sends again)."""
    label = f"{month.year}-{month.month:02d}"
    return notify(NoticeKind.MONTH_CLOSED, campus, roles=[Role.DIRECTOR, Role.CASHIER], key=f"close:{label}",
                  title=_("Month close of %(month)s finished: %(campus)s") % {"month": label, "campus": campus.name},
                  body=_("%(bills)d bills, %(statements)d statements ready to print and send.") % {"bills": bills, "statements": statements},
                  link=link)


def _user_id(person) -> int:
    return person if isinstance(person, int) else person.pk


@transaction.atomic(savepoint=False)
def notify_many(notices: list[Notice]) -> list[Notification]:
    """``notify`` for many alerts at once, in a constant number of queries (the checklist beat job).
    Part of the caller's transaction when there is one (no savepoint: all or nothing)."""
    if not notices:
        return []
    now = timezone.now()
    wanted = {notice.ident: notice for notice in notices}
    existing = _load(wanted)
    known = {n.pk for n in existing.values()}
    new = [Notification(campus_id=n.campus_id, kind=n.kind, key=n.key, title=n.title, body=n.body, link=n.link,
                        created_at=now, updated_at=now) for ident, n in wanted.items() if ident not in existing]
    if new:
        Notification.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent sender may have made one
        existing = _load(wanted)
        created = [n.pk for n in existing.values() if n.pk not in known]
        transaction.on_commit(lambda: _to_groups(created))
    changed = []
    for ident, notification in existing.items():
        notice = wanted[ident]
        if notification.pk in known and (notification.title, notification.body, notification.link) != (
                notice.title, notice.body, notice.link):
            notification.title, notification.body, notification.link, notification.updated_at = (
                notice.title, notice.body, notice.link, now)
            changed.append(notification)
    if changed:
        revisions = {n.pk: n.revision + 1 for n in changed}
        for notification in changed:  # counted in the database: two updates at once are two revisions
            notification.revision = F("revision") + 1
        Notification.objects.bulk_update(changed, ["title", "body", "link", "updated_at", "revision"])
        for notification in changed:
            notification.revision = revisions[notification.pk]
        NotificationRecipient.objects.filter(notification__in=changed).update(read_at=None)
        updated = [n.pk for n in changed]
        transaction.on_commit(lambda: _to_groups(updated))  # the groups hear of the update too, once
    _add_recipients(wanted, existing, known)
    return [existing[notice.ident] for notice in notices]


def _load(wanted: dict) -> dict:
    rows = Notification.objects.filter(
        campus_id__in={i[0] for i in wanted}, kind__in={i[1] for i in wanted}, key__in={i[2] for i in wanted})
    return {(n.campus_id, n.kind, n.key): n for n in rows if (n.campus_id, n.kind, n.key) in wanted}


def _add_recipients(wanted: dict, notifications: dict, known: set) -> None:
    """Recipient rows for everyone not told yet, and a delivery per outside channel they want."""
    holders = role_holders({(n.campus_id, role) for n in wanted.values() for role in n.roles})
    emails = {uid: email for users in holders.values() for uid, email in users.items()}
    people = {
        notifications[ident].pk: set(notice.people).union(*(holders.get((notice.campus_id, r), ()) for r in notice.roles))
        for ident, notice in wanted.items()
    }
    told = set()
    if known:  # alerts sent before: who has been told already
        told = set(NotificationRecipient.objects.filter(notification_id__in=known).values_list("notification_id", "user_id"))
    missing = [(nid, uid) for nid, users in people.items() for uid in users if (nid, uid) not in told]
    if not missing:
        return
    NotificationRecipient.objects.bulk_create(
        [NotificationRecipient(notification_id=nid, user_id=uid) for nid, uid in missing], ignore_conflicts=True)
    unknown = {uid for _n, uid in missing} - emails.keys()
    if unknown:
        emails.update(get_user_model().objects.filter(pk__in=unknown).values_list("pk", "email"))
    kind_of = {n.pk: n.kind for n in notifications.values()}
    preferences: dict[int, dict] = {}
    if any(emails.get(uid) for _n, uid in missing):
        for user_id, kind, email in NotificationPreference.objects.filter(
            user_id__in={uid for _n, uid in missing if emails.get(uid)}, kind__in=set(kind_of.values())
        ).values_list("user_id", "kind", "email"):
            preferences.setdefault(user_id, {})[kind] = email
    channels_for = {
        (nid, uid): [code for code, channel in CHANNELS.items()
                     if channel.wants(kind_of[nid], emails.get(uid, ""), preferences.get(uid, {}))]
        for nid, uid in missing
    }
    if not any(channels_for.values()):
        return
    deliveries = [
        Delivery(recipient_id=pk, channel=code)
        for pk, nid, uid in NotificationRecipient.objects.filter(
            notification_id__in={nid for (nid, _u), codes in channels_for.items() if codes},
            user_id__in={uid for (_n, uid), codes in channels_for.items() if codes},
        ).values_list("pk", "notification_id", "user_id")
        for code in channels_for.get((nid, uid), ())
    ]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    transaction.on_commit(lambda: _enqueue([d.recipient_id for d in deliveries]))


def _to_groups(notification_ids: list[int]) -> None:
    """Group robots (``campus.channels``). A broker that is down loses nothing: the beat sweep plans
    the alerts of the last day that have no group rows."""
    try:
        tasks.dispatch_to_groups.delay(notification_ids)
    except Exception:
        logging.getLogger("campus.notifications").exception("group dispatch not queued; the sweep will plan it")


def _enqueue(recipient_ids: list[int]) -> None:
    tasks.send_deliveries.delay(recipient_ids)


def role_holders(pairs: set) -> dict:
    """{(campus id, role): {user id: e-mail}} of active staff holding the role at the campus (a group
    director who sees every campus holds it at each). One query."""
    if not pairs:
        return {}
    from .models import StaffMember

    campus_ids, roles = {c for c, _r in pairs}, {r for _c, r in pairs}
    holders: dict = {}
    for user_id, email, campus_id, sees_all, role in StaffMember.objects.filter(
        is_active=True, user__is_active=True, user__groups__name__in=roles,
    ).filter(Q(campuses__in=campus_ids) | Q(sees_all_campuses=True)).values_list(
        "user_id", "user__email", "campuses", "sees_all_campuses", "user__groups__name"
    ):
        for campus in campus_ids if sees_all else [campus_id]:
            if (campus, role) in pairs:
                holders.setdefault((campus, role), {})[user_id] = email
    return holders


def mark_read(campus_id: int, keys, *, kinds=None) -> int:
    """The matter is dealt with (a run completed, a follow-up closed): its alerts stop counting."""
    qs = NotificationRecipient.objects.filter(notification__campus_id=campus_id, notification__key__in=list(keys),
                                              read_at__isnull=True)
    if kinds is not None:
        qs = qs.filter(notification__kind__in=list(kinds))
    return qs.update(read_at=timezone.now())


# --- the person's side ---------------------------------------------------------------------------


def for_user(user, campus_ids):
    """The user's notifications at the campuses they may see now, newest first."""
    return (NotificationRecipient.objects.filter(user=user, notification__campus_id__in=campus_ids)
            .select_related("notification__campus").order_by("-notification__updated_at", "-pk"))


def unread_count_subquery(user):
    """Per campus (``OuterRef("pk")``) the user's unread count: annotated onto the campus list that
    the middleware loads anyway, so the bell costs no query of its own."""
    unread = (NotificationRecipient.objects.filter(user_id=user.pk, read_at__isnull=True, notification__campus=OuterRef("pk"))
              .order_by().values("user_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def open_notification(recipient: NotificationRecipient) -> NotificationRecipient:
    if recipient.read_at is None:
        recipient.read_at = timezone.now()
        NotificationRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(read_at=recipient.read_at)
    return recipient


def mark_all_read(user, campus_ids) -> int:
    return NotificationRecipient.objects.filter(
        user=user, notification__campus_id__in=campus_ids, read_at__isnull=True).update(read_at=timezone.now())


def email_preferences(user) -> dict:
    """{kind: e-mail on?} for every kind, the person's choice or the default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, kind in EMAIL_BY_DEFAULT) for kind in NoticeKind.values}


@transaction.atomic
def set_email_preferences(user, choices: dict) -> None:
    """``choices``: {kind: bool}; kinds not named keep their setting."""
    for kind, email in choices.items():
        NotificationPreference.objects.update_or_create(user=user, kind=NoticeKind(kind).value, defaults={"email": bool(email)})
