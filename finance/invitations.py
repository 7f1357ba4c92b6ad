"""Parent logins: invitation links (a guardian WITHOUT a login sets a password) and password resets
(a guardian WITH a login gets a new password: a separate, logged action the parent is told about).

Rules:
- An invitation is only for a guardian without a login; for one with a login, ``issue_reset``.
- A guardian has at most one live link: issuing a new one revokes the older ones, and using one
  revokes the others.
- A link is dead once used, revoked or expired. The link page and the POST check all three.
- A reset link's row is the log (who issued it, when, when it was used). When it is used, the
  parent is told: an e-mail if the login has an address, and a notice on every login for
  ``RESET_NOTICE_DAYS`` days (``notice_on_login``, connected in ``FinanceConfig.ready``).
"""

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from campus.errors import ServiceError
from campus.history import save_tracked
from campus.models import Guardian
from campus.people import display_name
from campus.roles import Role
from campus.scoping import guardian_of

from .choices import InvitationKind
from .models import FinanceSettings, ParentInvitation

log = logging.getLogger(__name__)
INVITATION_SALT = "finance.parent-invitation"
RESET_LINK_HOURS = 24
RESET_NOTICE_DAYS = 7


class InvitationError(ServiceError):
    """A refused action, with a message for the user."""


def _not_valid():
    return InvitationError(_("This invitation link is not valid. Ask the kindergarten for a new one."))


def live(queryset=None):
    """Links that can still be used (not used, not revoked, not expired)."""
    queryset = ParentInvitation.objects.all() if queryset is None else queryset
    return queryset.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gte=timezone.now())


def _revoke_others(guardian_id, keep=None):
    others = ParentInvitation.objects.filter(guardian_id=guardian_id, used_at__isnull=True, revoked_at__isnull=True)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    others.update(revoked_at=timezone.now())


def _issue(guardian: Guardian, campus, user, kind, valid_for) -> tuple[ParentInvitation, str]:
    _revoke_others(guardian.pk)
    invitation = ParentInvitation.objects.create(
        guardian=guardian, campus=campus, issued_by=user, kind=kind, expires_at=timezone.now() + valid_for,
    )
    return invitation, invitation_token(invitation)


@transaction.atomic
def issue_invitation(guardian: Guardian, campus, user) -> tuple[ParentInvitation, str]:
    """A link for a guardian without a login to set a password; older links of the guardian die."""
    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    if guardian.user_id is not None:
        raise InvitationError(_("%(name)s already has a login. An invitation cannot replace it: "
                                "use “Reset password” (the parent is told).") % {"name": guardian.name})
    days = FinanceSettings.for_campus(campus).invitation_days
    return _issue(guardian, campus, user, InvitationKind.INVITE, dt.timedelta(days=days))


@transaction.atomic
def issue_reset(guardian: Guardian, campus, user) -> tuple[ParentInvitation, str]:
    """A link for a guardian WITH a login to set a new password (valid ``RESET_LINK_HOURS``)."""
    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    if guardian.user_id is None:
        raise InvitationError(_("%(name)s has no login yet: issue an invitation link.") % {"name": guardian.name})
    log.info("parent password reset link for guardian %s issued by user %s", guardian.pk, getattr(user, "pk", None))
    return _issue(guardian, campus, user, InvitationKind.RESET, dt.timedelta(hours=RESET_LINK_HOURS))


def invitation_token(invitation: ParentInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "g": invitation.guardian_id}, salt=INVITATION_SALT, compress=True)


def _check(invitation: ParentInvitation | None) -> ParentInvitation:
    if invitation is None:
        raise _not_valid()
    if invitation.used_at is not None:
        raise InvitationError(_("This invitation link has already been used. Log in with your phone number."))
    if invitation.revoked_at is not None:
        raise InvitationError(_("This link was replaced by a newer one and no longer works. "
                                "Use the newest link, or ask the kindergarten for a new one."))
    if invitation.expires_at < timezone.now():
        raise InvitationError(_("This invitation link has expired. Ask the kindergarten for a new one."))
    guardian = invitation.guardian
    if invitation.kind == InvitationKind.INVITE and guardian.user_id is not None:
        raise InvitationError(_("This invitation link has already been used. Log in with your phone number."))
    if invitation.kind == InvitationKind.RESET and guardian.user_id is None:
        raise _not_valid()
    return invitation


def invitation_from_token(token: str) -> ParentInvitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        raise _not_valid() from None
    if not isinstance(data, dict):
        raise _not_valid()
    invitation = ParentInvitation.objects.select_related("guardian").filter(pk=data.get("i"), guardian_id=data.get("g")).first()
    return _check(invitation)


@transaction.atomic
def accept_invitation(token: str, password: str):
    """The guardian sets a password. An invitation makes a login named after the phone number, in
    the parent group; a reset sets the password of the guardian's login and tells the parent."""
    invitation = invitation_from_token(token)
    Guardian.objects.select_for_update().filter(pk=invitation.guardian_id).first()  # one link at a time per guardian
    invitation = _check(ParentInvitation.objects.select_related("guardian").get(pk=invitation.pk))
    guardian = invitation.guardian
    now = timezone.now()
    if invitation.kind == InvitationKind.RESET:
        user = guardian.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.notified_to = _tell_parent(invitation, user)
    else:
        User = get_user_model()
        if User.objects.filter(username=guardian.phone).exists():
            raise InvitationError(_("This phone number already belongs to another login. Ask the kindergarten."))
        user = User(username=guardian.phone, first_name=guardian.name)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=Role.PARENT.value))
        guardian.user = user
        save_tracked(guardian, user, gettext_noop("parent portal invitation accepted"))  # the parent linked their own login
    invitation.used_at = now
    invitation.save(update_fields=["used_at", "notified_to"])
    _revoke_others(guardian.pk, keep=invitation)
    return user


def _tell_parent(invitation: ParentInvitation, user) -> str:
    """E-mail the parent that the password was reset (after commit). Returns the address, or ""."""
    address = (user.email or "").strip()
    if not address:
        return ""
    with override("zh-hans"):
        subject = _("Your parent portal password was reset")
        body = reset_notice(invitation) + "\n"
    transaction.on_commit(lambda: _send(subject, body, address))
    return address


def _send(subject, body, address):
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - a mail server down must not undo the reset; the page notice remains
        log.exception("could not e-mail the password-reset notice to %s", address)


def reset_notice(invitation: ParentInvitation) -> str:
    when = formats.date_format(timezone.localtime(invitation.used_at or timezone.now()), "Y-m-d H:i")
    return _("Your password was reset on %(when)s with a link issued by %(staff)s of %(campus)s. "
             "If you did not ask for this, tell the kindergarten at once.") % {
        "when": when, "staff": display_name(invitation.issued_by, "—"), "campus": invitation.campus.name}


def recent_resets(guardian):
    since = timezone.now() - dt.timedelta(days=RESET_NOTICE_DAYS)
    return (ParentInvitation.objects.filter(guardian=guardian, kind=InvitationKind.RESET, used_at__gte=since)
            .select_related("issued_by__staff", "campus").order_by("-used_at"))


def notice_on_login(sender, request, user, **kwargs):
    """``user_logged_in``: a parent whose password was reset lately sees who did it, and when."""
    guardian = guardian_of(user)
    if guardian is None or request is None:
        return
    for invitation in recent_resets(guardian)[:3]:
        messages.warning(request, reset_notice(invitation), fail_silently=True)
