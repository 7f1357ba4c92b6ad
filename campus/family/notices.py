"""Notices (通知) to families, with read receipts.

``publish_notice``: a notice to one class's families (or the campus's), and one receipt row per
family told (each guardian with a login of a child enrolled in the class or campus) — one insert
however many families. A parent opening the notice marks their receipt read. The class's staff (and
the director) see who has not read it; another class's teacher sees nothing of it."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..choices import NoticeKind
from ..errors import ServiceError
from ..history import save_tracked
from ..models import Child, Guardian
from ..models_family import FamilyNotice, NoticeReceipt
from ..roles import Role


class NoticeError(ServiceError):
    pass


@transaction.atomic
def publish_notice(campus, *, user, title, body, classroom=None) -> FamilyNotice:
    if classroom is not None and classroom.campus_id != campus.pk:
        raise NoticeError(_("The class belongs to another campus."), field="classroom")
    if not title.strip() or not body.strip():
        raise NoticeError(_("Write a title and a text."), field="title")
    notice = FamilyNotice(campus=campus, classroom=classroom, title=title.strip(), body=body.strip(), author=user,
                          published_at=timezone.now())
    save_tracked(notice, user, clean=True)
    children = Child.objects.enrolled_on(timezone.localdate()).filter(campus=campus)
    if classroom is not None:
        children = children.filter(classroom=classroom)
    guardians = Guardian.objects.filter(children__in=children, user__isnull=False).values_list("pk", flat=True).distinct()
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, guardian_id=pk) for pk in guardians])
    # The staff side (and the groups that take notices, where teachers forward it to the families' chat).
    staff = notifications.class_staff([classroom]).get(classroom.pk, ()) if classroom is not None else ()
    notifications.notify(NoticeKind.NOTICE, campus, roles=[Role.DIRECTOR], people=sorted(staff), key=f"notice:{notice.pk}",
                         title=_("Notice to families: %(title)s") % {"title": notice.title}, body=notice.body[:500],
                         link=notice.get_absolute_url())
    return notice


def for_child(child, guardian, limit=5):
    """The latest notices of the child's class and campus, each with ``unread`` for this guardian (one query)."""
    unread = NoticeReceipt.objects.filter(notice=OuterRef("pk"), guardian=guardian, read_at__isnull=True)
    return list(FamilyNotice.objects.filter(campus_id=child.campus_id).filter(Q(classroom__isnull=True) | Q(classroom_id=child.classroom_id))
                .annotate(unread=Exists(unread)).order_by("-published_at", "-pk")[:limit])


def open_notice(notice, guardian) -> None:
    NoticeReceipt.objects.filter(notice=notice, guardian=guardian, read_at__isnull=True).update(read_at=timezone.now())


def receipts(notice):
    """(read, not read) guardians of a notice, with their children's names (two queries)."""
    rows = list(NoticeReceipt.objects.filter(notice=notice).select_related("guardian").order_by("guardian__name"))
    names: dict = {}
    through = Guardian.children.through.objects.filter(guardian_id__in=[r.guardian_id for r in rows])
    if notice.classroom_id:
        through = through.filter(child__classroom_id=notice.classroom_id)
    for guardian_id, child_name in through.values_list("guardian_id", "child__name"):
        names.setdefault(guardian_id, []).append(child_name)
    for row in rows:
        row.children = "、".join(names.get(row.guardian_id, []))
    return [r for r in rows if r.read_at], [r for r in rows if not r.read_at]
