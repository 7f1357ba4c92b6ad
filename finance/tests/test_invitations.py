"""Issue 9, "a cashier can take over a parent's existing login": invitations are only for guardians
without a login, a newer link kills the older ones, a used/revoked/expired link is dead, and a
parent's password is reset only by a separate, logged action the parent is told about."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from campus.models import Guardian, Guardianship
from campus.roles import Role
from finance import invitations
from finance.choices import InvitationKind
from finance.models import ParentInvitation
from tests import factories
from tests.factories import log_in

pytestmark = pytest.mark.django_db
PASSWORD = "Houqin-2025!"


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def parent(spring):
    """A guardian who already has a parent login (password "old-Secret-1")."""
    guardian = factories.make_parent(spring.children[0], phone="13622223333")
    guardian.user.set_password("old-Secret-1")
    guardian.user.email = "mama@example.com"
    guardian.user.save()
    return guardian


@pytest.fixture
def newcomer(spring):
    guardian = Guardian.objects.create(name="乙爸爸", phone="13644445555")
    Guardianship.objects.create(guardian=guardian, child=spring.children[1], relation="father")
    return guardian


def _path(response):
    return response.context["link"].split("testserver")[1]


def test_an_invitation_for_a_guardian_with_a_login_is_refused(spring, parent, client):
    """The attack: POST /finance/invitations/<id>/issue/ for a parent with a login gave a link that set a
    new password on that login (the cashier then logged in as the parent)."""
    client.force_login(spring.cashier)
    response = client.post(reverse("finance:invite_issue", args=[parent.pk]), follow=True)
    assert "link" not in response.context
    assert "已经有登录账号" in response.content.decode()
    assert not ParentInvitation.objects.filter(guardian=parent).exists()
    with pytest.raises(invitations.InvitationError):
        invitations.issue_invitation(parent, spring.campus, spring.cashier)
    parent.user.refresh_from_db()
    assert parent.user.check_password("old-Secret-1")


def test_an_invitation_left_over_from_before_the_login_cannot_reset_the_password(spring, parent, client):
    """An invitation row made before the guardian had a login (or by the old code) is dead."""
    invitation = ParentInvitation.objects.create(guardian=parent, campus=spring.campus, issued_by=spring.cashier,
                                                 expires_at=timezone.now() + dt.timedelta(days=7))
    path = reverse("finance:invitation", args=[invitations.invitation_token(invitation)])
    assert client.get(path).status_code == 410
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    parent.user.refresh_from_db()
    assert parent.user.check_password("old-Secret-1")


def test_a_newer_invitation_revokes_the_older_one(spring, newcomer, client):
    client.force_login(spring.cashier)
    first = _path(client.post(reverse("finance:invite_issue", args=[newcomer.pk])))
    second = _path(client.post(reverse("finance:invite_issue", args=[newcomer.pk])))
    client.logout()
    response = client.get(first)
    assert response.status_code == 410 and "新的链接" in response.content.decode()
    assert client.post(first, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    assert client.post(second, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.check_password(PASSWORD)


def test_older_links_are_dead_once_a_newer_one_is_used(spring, newcomer, client):
    """Two live links (as the old code left them): using one kills the other, which then cannot
    change the password of the login the first one made."""
    tokens = [invitations.invitation_token(ParentInvitation.objects.create(
        guardian=newcomer, campus=spring.campus, issued_by=spring.cashier, expires_at=timezone.now() + dt.timedelta(days=7)))
        for _ in range(2)]
    user = invitations.accept_invitation(tokens[1], PASSWORD)
    older = reverse("finance:invitation", args=[tokens[0]])
    assert client.get(older).status_code == 410
    assert client.post(older, {"password1": "Taken-over-9", "password2": "Taken-over-9"}).status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert ParentInvitation.objects.get(guardian=newcomer, used_at__isnull=True).revoked_at is not None


def test_used_and_expired_links_are_dead(spring, newcomer, clock):
    invitation, token = invitations.issue_invitation(newcomer, spring.campus, spring.cashier)
    clock.at(timezone.localtime() + dt.timedelta(days=8))
    with pytest.raises(invitations.InvitationError, match="过期"):
        invitations.accept_invitation(token, PASSWORD)
    _invitation, token = invitations.issue_invitation(newcomer, spring.campus, spring.cashier)
    invitations.accept_invitation(token, PASSWORD)
    with pytest.raises(invitations.InvitationError, match="已使用"):
        invitations.accept_invitation(token, "Another-2025!")


def test_an_orphan_login_with_the_phone_is_not_taken_over(spring, newcomer):
    """A login named like the phone that belongs to no guardian or staff (e.g. a superuser) keeps its password."""
    get_user_model().objects.create_superuser(newcomer.phone, password="admin-Secret-1")
    _invitation, token = invitations.issue_invitation(newcomer, spring.campus, spring.cashier)
    with pytest.raises(invitations.InvitationError):
        invitations.accept_invitation(token, PASSWORD)
    assert get_user_model().objects.get(username=newcomer.phone).check_password("admin-Secret-1")


def test_a_password_reset_is_logged_and_the_parent_is_told(spring, parent, client, django_capture_on_commit_callbacks):
    parent_client = type(client)()
    assert log_in(parent_client, parent.phone, "old-Secret-1")
    client.force_login(spring.cashier)
    response = client.post(reverse("finance:reset_issue", args=[parent.pk]))
    assert response.status_code == 200
    path = _path(response)
    reset = ParentInvitation.objects.get(guardian=parent)
    assert (reset.kind, reset.issued_by, reset.used_at) == (InvitationKind.RESET, spring.cashier, None)
    assert reset.expires_at <= timezone.now() + dt.timedelta(hours=invitations.RESET_LINK_HOURS)
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    parent.user.refresh_from_db()
    assert parent.user.check_password(PASSWORD)
    reset.refresh_from_db()
    assert reset.used_at is not None and reset.notified_to == "mama@example.com"
    (message,) = mail.outbox
    assert message.to == ["mama@example.com"] and "spring-cashier" in message.body and "重置" in message.body
    # the parent's old session ended with the old password
    assert parent_client.get(reverse("campus:parent_home")).status_code == 302
    # the notice on the parent's pages at the next login, naming who and when
    client.logout()
    response = client.post(reverse("login"), {"username": parent.phone, "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "重置" in page and "spring-cashier" in page
    # the log on the cashier's page
    client.force_login(spring.cashier)
    listing = client.get(reverse("finance:invite_list")).content.decode()
    assert "重置密码的链接" in listing and "spring-cashier" in listing
    # a used reset link is dead
    client.logout()
    assert client.get(path).status_code == 410


def test_a_reset_is_refused_for_a_guardian_without_a_login_and_for_other_roles(spring, newcomer, parent, client):
    client.force_login(spring.cashier)
    client.post(reverse("finance:reset_issue", args=[newcomer.pk]))
    assert not ParentInvitation.objects.filter(guardian=newcomer).exists()
    client.force_login(spring.director)
    assert client.post(reverse("finance:reset_issue", args=[parent.pk])).status_code == 403
    teacher = factories.make_staff(Role.TEACHER, spring.campus)
    client.force_login(teacher.user)
    assert client.post(reverse("finance:reset_issue", args=[parent.pk])).status_code == 403
    assert not ParentInvitation.objects.filter(guardian=parent).exists()


def test_a_reset_link_expires_after_a_day(spring, parent, clock):
    _invitation, token = invitations.issue_reset(parent, spring.campus, spring.cashier)
    clock.at(timezone.localtime() + dt.timedelta(hours=invitations.RESET_LINK_HOURS, minutes=1))
    with pytest.raises(invitations.InvitationError, match="过期"):
        invitations.accept_invitation(token, PASSWORD)


def test_a_nul_in_the_search_is_not_a_server_error(spring, client):
    client.force_login(spring.cashier)
    assert client.get(reverse("finance:invite_list"), {"q": "\x00甲"}).status_code == 200
