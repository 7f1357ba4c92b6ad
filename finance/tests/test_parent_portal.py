"""The parent portal: invitation links, phone + password login, statements and canteen accounts of
one's own children only."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from campus.models import Guardian, Guardianship
from campus.money import format_yuan
from finance import close, invitations, services
from finance.invitations import InvitationError
from finance.models import Bill, FinanceSettings, ParentInvitation
from tests.factories import log_in

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardian(spring):
    g = Guardian.objects.create(name="甲妈妈", phone="13611112222")
    Guardianship.objects.create(guardian=g, child=spring.children[0], relation="mother")
    return g


def invitation_url(spring, guardian):
    _invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    return reverse("finance:invitation", args=[token])


def test_the_cashier_issues_a_link_and_the_parent_sets_a_password_and_logs_in_with_the_phone(spring, guardian, client):
    client.force_login(spring.cashier)
    page = client.post(reverse("finance:invite_issue", args=[guardian.pk]))
    link = page.context["link"]
    assert "/finance/invitation/" in link
    client.logout()
    path = link.split("testserver")[1]
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": "Houqin-2025!", "password2": "Houqin-2025!"})
    assert response.status_code == 302 and response["Location"] == reverse("campus:parent_home")
    guardian.refresh_from_db()
    user = guardian.user
    assert user.username == "13611112222" and user.groups.filter(name="parent").exists()
    client.logout()
    assert log_in(client, "13611112222", "Houqin-2025!")
    assert client.get(path).status_code == 410  # used once


def test_mismatched_or_weak_passwords_are_refused_next_to_the_field(spring, guardian, client):
    path = invitation_url(spring, guardian)
    response = client.post(path, {"password1": "Houqin-2025!", "password2": "other"})
    assert "password2" in response.context["form"].errors
    response = client.post(path, {"password1": "123", "password2": "123"})
    assert "password1" in response.context["form"].errors
    guardian.refresh_from_db()
    assert guardian.user is None


def test_expired_tampered_and_used_links_are_refused(spring, guardian):
    invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    with pytest.raises(InvitationError):
        invitations.invitation_from_token(token + "x")
    with pytest.raises(InvitationError):
        invitations.invitation_from_token(signing.dumps({"i": invitation.pk, "g": guardian.pk + 1}, salt=invitations.INVITATION_SALT))
    ParentInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(InvitationError, match="过期"):
        invitations.invitation_from_token(token)
    _invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    invitations.accept_invitation(token, "Houqin-2025!")
    with pytest.raises(InvitationError):
        invitations.accept_invitation(token, "Another-2025!")


def test_a_staff_login_with_the_same_phone_is_not_taken_over(spring, guardian):
    from tests import factories

    factories.make_staff("teacher", spring.campus, username=guardian.phone)
    _invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    with pytest.raises(InvitationError):
        invitations.accept_invitation(token, "Houqin-2025!")
    assert get_user_model().objects.get(username=guardian.phone).check_password("pw-123456!")


def test_the_parent_sees_their_childs_statements_and_fees_but_nothing_of_another_child(spring, guardian, client):
    close.close_month(spring.campus, MARCH, render=False)
    _invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    user = invitations.accept_invitation(token, "Houqin-2025!")
    client.force_login(user)
    own = Bill.objects.get(child=spring.children[0])
    other = Bill.objects.get(child=spring.children[1])
    listing = client.get(reverse("finance:parent_statements", args=[spring.children[0].pk]))
    assert listing.status_code == 200 and "2025-03" in listing.content.decode()
    page = client.get(reverse("finance:parent_statement", args=[own.pk])).content.decode()
    assert format_yuan(own.total, symbol=False) in page  # 1,115.00 under "Amount (yuan)"
    pdf = client.get(reverse("finance:parent_statement_pdf", args=[own.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    fees = client.get(reverse("finance:parent_fees", args=[spring.children[0].pk])).content.decode()
    assert "800.00" in fees and "15.00" in fees
    assert services.refund_rule_text(FinanceSettings.for_campus(spring.campus)) in fees  # published with the refund rule
    for url in (reverse("finance:parent_statement", args=[other.pk]), reverse("finance:parent_statement_pdf", args=[other.pk]),
                reverse("finance:parent_statements", args=[spring.children[1].pk]),
                reverse("finance:parent_fees", args=[spring.children[1].pk])):
        assert client.get(url).status_code == 404, url
    home = client.get(reverse("campus:parent_home")).content.decode()
    assert reverse("finance:parent_statements", args=[spring.children[0].pk]) in home


def test_another_campus_account_or_a_draft_is_not_shown_through_ones_own_child(spring, guardian, client, world):
    """The canteen URLs carry the parent's own child and an account id: the account must be a posted
    one of that child's campus."""
    from finance.choices import AccountStatus
    from finance.models import CanteenAccount

    close.close_month(spring.campus, MARCH, render=False)
    close.close_month(spring.campus, dt.date(2025, 4, 1), render=False)
    draft = services.refresh_canteen_draft(spring.campus, MARCH)
    elsewhere = CanteenAccount.objects.create(campus=world.other_campus, month=MARCH, status=AccountStatus.POSTED)
    _invitation, token = invitations.issue_invitation(guardian, spring.campus, spring.cashier)
    client.force_login(invitations.accept_invitation(token, "Houqin-2025!"))
    own_child = spring.children[0].pk
    for account in (draft, elsewhere):
        for name in ("finance:parent_canteen", "finance:parent_canteen_pdf"):
            assert client.get(reverse(name, args=[own_child, account.pk])).status_code == 404, (name, account)
