"""Alert channels where the staff are: 企业微信 and 钉钉 group robots, per campus.

Every alert goes through ``campus.notifications.notify``; when it creates a new alert, or updates
one in place (an outbreak alert whose count rises: the alert's ``revision`` goes up by one), it asks,
after the commit, for ``dispatch`` (a Celery task): one ``GroupDelivery`` row per active group of
the campus that takes the alert's kind and per revision (unique per alert, group and revision:
planned twice, stored once; the message is kept on the row as it was then), due now or, for a
non-urgent kind during the campus's quiet hours, when they end. Updates that reach ``dispatch``
together are told once, with the latest text.

Sending (``send_group_delivery``) first claims the row with a conditional update (pending ->
sending), so two workers never send one alert twice; a robot that answers with an error or not at
all leaves the row pending with its error, and the Celery task retries it with a growing delay
(``BACKOFF``). The beat job ``sweep`` catches what a lost task or a crash left: alerts of the last
day without their rows, rows still waiting (quiet hours ended), rows stuck "being sent". After
``MAX_ATTEMPTS`` tries a row is failed, never silently dropped: the settings page shows it.

钉钉 robots with 加签 security get ``timestamp`` and ``sign`` (HMAC-SHA256 of "timestamp\\nsecret",
base64) on the address; both answer ``{"errcode": 0}`` when the message is accepted.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import URGENT_KINDS, Channel, DeliveryStatus, NoticeKind
from .errors import ServiceError
from .history import save_tracked
from .models_family import AlertGroup, AlertSettings, GroupDelivery
from .models_notify import Notification

log = logging.getLogger("campus.channels")

MAX_ATTEMPTS = 5
BACKOFF = [30, 120, 600, 1800]  # seconds before the 2nd, 3rd, 4th, 5th try
STUCK_AFTER = dt.timedelta(minutes=10)
TIMEOUT = 10
OFFICIAL_HOSTS = {Channel.WECOM: "qyapi.weixin.qq.com", Channel.DINGTALK: "oapi.dingtalk.com"}


class ChannelError(ServiceError):
    pass


class RobotRefused(Exception):
    """The robot answered, but not with errcode 0 (or not at all)."""


# --- the two robots ------------------------------------------------------------------------------


def _text(title: str, body: str, link: str) -> str:
    lines = [f"【{title}】"] + ([body] if body else [])
    if link:
        lines.append(f"{settings.SITE_URL.rstrip('/')}{link}")
    return "\n".join(lines)


def signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """钉钉 加签: the address with ``timestamp`` and ``sign`` added (no secret: unchanged)."""
    if not secret:
        return url
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def payload(channel: str, text: str) -> dict:
    # Plain text on both: group members read it in the chat list; markdown shows raw on old clients.
    return {"msgtype": "text", "text": {"content": text}}


def post(group: AlertGroup, text: str) -> None:
    """Send ``text`` to the group's robot; raises ``RobotRefused`` unless it was accepted."""
    url = signed_url(group.webhook_url, group.secret) if group.channel == Channel.DINGTALK else group.webhook_url
    data = json.dumps(payload(group.channel, text), ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - https to the two hosts only
            answer = response.read(4096)
    except (urllib.error.URLError, OSError) as exc:
        raise RobotRefused(f"{type(exc).__name__}: {exc}") from exc
    try:
        errcode = json.loads(answer or b"{}").get("errcode")
    except ValueError:
        errcode = None
    if errcode != 0:
        raise RobotRefused(answer.decode(errors="replace")[:500])


# --- planning ------------------------------------------------------------------------------------


def dispatch(notification_ids, now=None) -> list[int]:
    """The group rows of these alerts (made once). Returns the ids of those due now (the task
    ``campus.tasks.dispatch_to_groups`` queues one sending task for each)."""
    now = now or timezone.now()
    notifications = list(Notification.objects.filter(pk__in=list(notification_ids)))
    if not notifications:
        return []
    campus_ids = {n.campus_id for n in notifications}
    groups = list(AlertGroup.objects.filter(campus_id__in=campus_ids, is_active=True))
    if not groups:
        return []
    quiet = {row.campus_id: row for row in AlertSettings.objects.filter(campus_id__in=campus_ids)}
    rows = []
    for notification in notifications:
        rules = quiet.get(notification.campus_id) or AlertSettings()  # no row yet: the defaults
        due = now if notification.kind in URGENT_KINDS else rules.quiet_ends(now)
        text = message(notification)
        rows += [GroupDelivery(notification=notification, group=group, revision=notification.revision, text=text, not_before=due)
                 for group in groups if group.campus_id == notification.campus_id and notification.kind in group.kinds]
    GroupDelivery.objects.bulk_create(rows, ignore_conflicts=True)  # one row per alert, group and revision
    ids = list(GroupDelivery.objects.filter(notification_id__in=[n.pk for n in notifications], status=DeliveryStatus.PENDING,
                                            attempts=0, not_before__lte=now).values_list("pk", flat=True))
    return ids


def message(notification: Notification) -> str:
    """What the group reads: the alert as it stands; an update in place says it is one."""
    title = notification.title
    if notification.revision:
        title = _("%(title)s (updated)") % {"title": title}
    return _text(title, notification.body, notification.link)


# --- sending -------------------------------------------------------------------------------------


def send_group_delivery(delivery_id: int, now=None) -> str:
    """Try one row once. Returns its status afterwards: sent; pending (try again later: the caller
    retries with backoff); failed (out of tries); or the row's status untouched when it was not
    waiting (already sent, being sent by another worker, not due yet)."""
    now = now or timezone.now()
    claimed = GroupDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, not_before__lte=now).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, tried_at=now)
    row = GroupDelivery.objects.select_related("notification", "group").get(pk=delivery_id)
    if not claimed:
        return row.status
    try:
        post(row.group, row.text or message(row.notification))
    except Exception as exc:  # recorded on the row and retried
        log.warning("group delivery %s failed: %s", delivery_id, exc)
        status = DeliveryStatus.FAILED if row.attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
        GroupDelivery.objects.filter(pk=delivery_id).update(status=status, error=str(exc)[:2000])
        return status
    GroupDelivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
    return DeliveryStatus.SENT


def backoff(attempts: int) -> int:
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def sweep(now=None) -> int:
    """The beat job: plan the alerts of the last day whose current revision has no rows yet (a lost
    dispatch of a new alert or of an update), free rows stuck being sent, and send every row that is
    due (after quiet hours, after a lost task)."""
    now = now or timezone.now()
    planned = GroupDelivery.objects.filter(notification=OuterRef("pk"), revision=OuterRef("revision"))
    recent = Notification.objects.filter(updated_at__gte=now - dt.timedelta(days=1), campus__alert_groups__is_active=True).exclude(
        Exists(planned)).values_list("pk", flat=True).distinct()
    dispatch(list(recent), now=now)
    GroupDelivery.objects.filter(status=DeliveryStatus.SENDING, tried_at__lt=now - STUCK_AFTER).update(status=DeliveryStatus.PENDING)
    GroupDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts__gte=MAX_ATTEMPTS).update(status=DeliveryStatus.FAILED)
    due = GroupDelivery.objects.filter(status=DeliveryStatus.PENDING, not_before__lte=now).filter(
        Q(tried_at__isnull=True) | Q(tried_at__lt=now - dt.timedelta(seconds=BACKOFF[0])))
    return sum(send_group_delivery(pk, now=now) == DeliveryStatus.SENT for pk in list(due.values_list("pk", flat=True)))


# --- the director's settings (services) ----------------------------------------------------------


def check_webhook(channel: str, url: str) -> str:
    """The address of a robot of that channel: https on the channel's own host (no internal address
    can be made to receive our alerts); ``HOUQIN_WEBHOOK_EXTRA_HOSTS`` adds hosts (the tests' server)."""
    parts = urllib.parse.urlsplit(url.strip())
    extra = set(getattr(settings, "HOUQIN_WEBHOOK_EXTRA_HOSTS", ()))
    host = parts.hostname or ""
    if host in extra and parts.scheme in ("http", "https"):
        return url.strip()
    if channel not in OFFICIAL_HOSTS:
        raise ChannelError(_("Choose 企业微信 or 钉钉."), field="channel")
    if parts.scheme != "https" or host != OFFICIAL_HOSTS[channel]:
        raise ChannelError(_("A %(channel)s robot's address starts with https://%(host)s/.")
                           % {"channel": Channel(channel).label, "host": OFFICIAL_HOSTS[channel]}, field="webhook_url")
    query = urllib.parse.parse_qs(parts.query)
    needed = "key" if channel == Channel.WECOM else "access_token"
    if not query.get(needed):
        raise ChannelError(_("The address has no %(name)s: copy the whole address from the robot's settings.") % {"name": needed},
                           field="webhook_url")
    return url.strip()


@transaction.atomic
def save_group(campus, *, user, channel, name, webhook_url, kinds, is_active=True, secret="", group=None) -> AlertGroup:
    """Add or change a group robot. An empty ``secret`` keeps the saved one (it is never shown)."""
    url = check_webhook(channel, webhook_url)
    unknown = set(kinds) - set(NoticeKind.values)
    if unknown:
        raise ChannelError(_("Unknown alert kind."), field="kinds")
    if secret and channel == Channel.DINGTALK and not secret.startswith("SEC"):
        raise ChannelError(_("A 钉钉 signing secret starts with SEC."), field="secret")
    group = group or AlertGroup(campus=campus)
    if group.campus_id != campus.pk:
        raise ChannelError(_("That group belongs to another campus."))
    group.channel, group.name, group.webhook_url, group.kinds, group.is_active = channel, name.strip(), url, sorted(set(kinds)), is_active
    if secret:
        group.secret = secret.strip()
    elif channel != Channel.DINGTALK:
        group.secret = ""
    save_tracked(group, user)
    return group


@transaction.atomic
def delete_group(group: AlertGroup, *, user) -> None:
    group.delete()


@transaction.atomic
def save_alert_settings(campus, *, user, quiet_from, quiet_until, digest_at, medication_due_minutes=None) -> AlertSettings:
    if (quiet_from is None) != (quiet_until is None):
        raise ChannelError(_("Give both ends of the quiet hours, or neither."), field="quiet_until")
    row = AlertSettings.for_campus(campus)
    row.quiet_from, row.quiet_until, row.digest_at = quiet_from, quiet_until, digest_at
    if medication_due_minutes is not None:
        row.medication_due_minutes = medication_due_minutes
    save_tracked(row, user)
    return row


def send_test(group: AlertGroup) -> None:
    """The settings page's button: a test message now, not queued (the director waits for the answer)."""
    try:
        post(group, _("Test message from Houqin: alerts of %(campus)s will arrive in this group.") % {"campus": group.campus.name})
    except RobotRefused as exc:
        raise ChannelError(_("The robot did not accept the message: %(error)s") % {"error": exc}) from exc


def recent_deliveries(campus, limit: int = 20):
    return (GroupDelivery.objects.filter(group__campus=campus).select_related("notification", "group")
            .order_by("-notification__created_at", "-pk")[:limit])
