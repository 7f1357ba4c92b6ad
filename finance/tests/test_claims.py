"""Reimbursement claims: receipt photos, the director's approval (a second approver above the
setting), the cashier's payment; canteen claims count as canteen costs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.roles import Role
from finance import close, services
from finance.choices import ClaimStatus
from finance.models import CanteenAccount, Reimbursement
from finance.services import FinanceError
from tests import factories

pytestmark = pytest.mark.django_db


def photo(name="receipt.png"):
    return SimpleUploadedFile(name, factories.make_image(), content_type="image/png")


@pytest.fixture
def people(spring):
    spring.logistics = factories.make_staff(Role.LOGISTICS, spring.campus, username="spring-logistics").user
    spring.director2 = factories.make_staff(Role.DIRECTOR, spring.campus, username="spring-director2").user
    return spring


def claim(people, amount, category="office"):
    return services.submit_claim(
        Reimbursement(campus=people.campus, title="打印纸", category=category, amount=Decimal(amount),
                      spent_on=dt.date(2025, 3, 5)), [photo()], people.logistics,
    )


def test_a_claim_needs_a_receipt_photo(people):
    with pytest.raises(FinanceError) as refused:
        services.submit_claim(Reimbursement(campus=people.campus, title="x", amount=Decimal("5"), spent_on=dt.date(2025, 3, 5)),
                              [], people.logistics)
    assert list(refused.value.message_dict) == ["photos"]  # a ServiceError naming the field it is about


def test_up_to_the_limit_one_director_approves_and_the_cashier_pays(people):
    c = claim(people, "2000.00")  # the default limit: not above it
    with pytest.raises(FinanceError):
        services.pay_claim(c, people.cashier, "cash")
    c = services.approve_claim(c, people.director)
    assert c.status == ClaimStatus.APPROVED
    c = services.pay_claim(c, people.cashier, "bank")
    assert c.status == ClaimStatus.PAID and c.paid_by == people.cashier and c.method == "bank"


def test_above_the_limit_a_second_different_approver_is_needed(people):
    c = claim(people, "2000.01")
    c = services.approve_claim(c, people.director)
    assert c.status == ClaimStatus.NEEDS_SECOND
    with pytest.raises(FinanceError):
        services.approve_claim(c, people.director)  # not the same person twice
    with pytest.raises(FinanceError):
        services.pay_claim(c, people.cashier, "cash")
    c = services.approve_claim(c, people.director2)
    assert c.status == ClaimStatus.APPROVED and c.second_approved_by == people.director2


def test_no_one_approves_their_own_claim_and_rejection_needs_a_reason(people):
    own = services.submit_claim(Reimbursement(campus=people.campus, title="差旅", amount=Decimal("80"),
                                              spent_on=dt.date(2025, 3, 5)), [photo()], people.director)
    with pytest.raises(FinanceError):
        services.approve_claim(own, people.director)
    with pytest.raises(FinanceError):
        services.reject_claim(own, people.director2, " ")
    assert services.reject_claim(own, people.director2, "没有发票").status == ClaimStatus.REJECTED


def test_a_paid_canteen_claim_is_an_other_cost_of_the_canteen(people):
    close.close_month(people.campus, dt.date(2025, 4, 1), render=False)
    c = claim(people, "66.00", category="canteen")
    services.approve_claim(c, people.director)
    services.pay_claim(c, people.cashier, "cash")
    account = CanteenAccount.objects.get(campus=people.campus, month=dt.date(2025, 3, 1))
    assert account.other_cost == Decimal("66.00")


def test_staff_submit_with_photos_from_a_phone_and_see_only_their_own(people, client):
    client.force_login(people.logistics)
    response = client.post(reverse("finance:claim_create"), {
        "title": "买拖把", "category": "repairs", "amount": "45.50", "spent_on": "2025-03-05",
        "photos": [photo("a.png"), photo("b.png")],
    })
    c = Reimbursement.objects.get()
    assert response.status_code == 302 and c.photos.count() == 2 and c.claimant == people.logistics
    teacher = factories.make_staff(Role.TEACHER, people.campus, username="spring-teacher").user
    client.force_login(teacher)
    assert client.get(reverse("finance:claim_detail", args=[c.pk])).status_code == 404
    assert "买拖把" not in client.get(reverse("finance:claim_list")).content.decode()
    client.force_login(people.director)
    page = client.get(reverse("finance:claim_detail", args=[c.pk])).content.decode()
    assert reverse("finance:claim_photo", args=[c.photos.first().pk]) in page


def test_a_claim_without_photo_or_with_bad_amount_is_refused_next_to_the_field(people, client):
    client.force_login(people.logistics)
    response = client.post(reverse("finance:claim_create"), {"title": "x", "category": "other", "amount": "-1",
                                                             "spent_on": "2025-03-05"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"amount", "photos"}
    assert not Reimbursement.objects.exists()
