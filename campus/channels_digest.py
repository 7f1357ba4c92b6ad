"""The director's daily digest: at each campus's time (``AlertSettings.digest_at``), one DIGEST
alert through ``notify`` (so it reaches the director's bell, e-mail and the groups that take it)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import NoticeKind
from .models import Campus
from .models_family import AlertSettings
from .models_notify import Notification
from .notifications import notify
from .roles import Role


def send_digests(now=None) -> int:
    """For each campus whose digest time has come today: one DIGEST alert to the director (key: the
    date, so once a day), listing the day's alerts by kind. Returns how many were sent."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    campuses = list(Campus.objects.filter(is_active=True))
    rules = {row.campus_id: row for row in AlertSettings.objects.filter(campus__in=campuses)}
    due = [c for c in campuses if (r := rules.get(c.pk) or AlertSettings.for_campus(c)).digest_at and local.time() >= r.digest_at]
    if not due:
        return 0
    done = set(Notification.objects.filter(campus__in=due, kind=NoticeKind.DIGEST, key=f"digest:{today}")
               .values_list("campus_id", flat=True))
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    counts: dict = {}
    for campus_id, kind in Notification.objects.filter(campus__in=due, created_at__gte=start).exclude(
            kind=NoticeKind.DIGEST).values_list("campus_id", "kind"):
        counts.setdefault(campus_id, {}).setdefault(kind, 0)
        counts[campus_id][kind] += 1
    sent = 0
    for campus in due:
        if campus.pk in done:
            continue
        lines = [f"{NoticeKind(kind).label}：{n}" for kind, n in sorted(counts.get(campus.pk, {}).items())]
        notify(NoticeKind.DIGEST, campus, roles=[Role.DIRECTOR], key=f"digest:{today}",
               title=_("Daily digest of %(campus)s, %(day)s") % {"campus": campus.name, "day": today.isoformat()},
               body="\n".join(lines) or _("No alerts today."), link=reverse("campus:notifications"))
        sent += 1
    return sent


