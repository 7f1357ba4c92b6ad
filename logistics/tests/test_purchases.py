"""Purchase requests (申购): the director approves (a second approver above the campus threshold,
never one's own request), the keeper orders and receives with a check at the door (partial
receipts, lines closed when complete, more than ordered only with a reason), the goods go into
stock through the ledger and the amount reaches finance as a claim waiting for payment."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campus.choices import NoticeKind
from campus.models_notify import Notification
from campus.roles import Role
from finance import services as finance_services
from finance.choices import ClaimStatus
from logistics.errors import StoresError
from logistics.models import LogisticsSettings, PurchaseRequest, PurchaseStatus, StockMove
from logistics.services import balance_of, purchasing
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(world):
    world.logistics, world.director = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR)
    world.store = factories.make_flow_store(world.campus)
    world.soap = factories.make_stocked_item(world.store, "洗手液", "0", user=world.logistics, price="12.00")
    world.paper = factories.make_stocked_item(world.store, "A4打印纸", "0", user=world.logistics, unit="包", price="25.00",
                                              category="office")
    return world


def ordered(shop, lines=None):
    request = factories.make_purchase(shop.campus, shop.logistics, shop.store,
                                      lines or [(shop.soap, "20", "12.00"), (shop.paper, "10", "25.00")])
    purchasing.approve_purchase(request, shop.director)
    return purchasing.order_purchase(request, shop.logistics, supplier="文具店")


def test_the_director_is_told_and_approves(shop):
    request = factories.make_purchase(shop.campus, shop.logistics, shop.store, [(shop.soap, "20", "12.00")])
    notice = Notification.objects.get(kind=NoticeKind.STORES_APPROVAL, key=f"purchase-{request.pk}-submitted")
    assert notice.recipients.filter(user=shop.director).exists()
    request = purchasing.approve_purchase(request, shop.director)
    assert request.status == PurchaseStatus.APPROVED and request.approved_by == shop.director
    assert not notice.recipients.filter(user=shop.director, read_at__isnull=True).exists()


def test_nobody_approves_their_own_request(shop):
    request = factories.make_purchase(shop.campus, shop.director, shop.store, [(shop.soap, "2", "12.00")])
    with pytest.raises(StoresError, match="自己"):
        purchasing.approve_purchase(request, shop.director)
    request.refresh_from_db()
    assert request.status == PurchaseStatus.SUBMITTED


def test_above_the_threshold_a_second_person_approves(shop):
    LogisticsSettings.objects.update_or_create(campus=shop.campus, defaults={"purchase_second_approval_amount": Decimal("100.00")})
    request = factories.make_purchase(shop.campus, shop.logistics, shop.store, [(shop.paper, "10", "25.00")])
    request = purchasing.approve_purchase(request, shop.director)
    assert request.status == PurchaseStatus.NEEDS_SECOND
    with pytest.raises(StoresError, match="另一人"):
        purchasing.approve_purchase(request, shop.director)
    second = factories.make_staff(Role.DIRECTOR, shop.campus, username="director-b").user
    request = purchasing.approve_purchase(request, second)
    assert request.status == PurchaseStatus.APPROVED and request.second_approved_by == second


def test_a_rejection_says_why(shop):
    request = factories.make_purchase(shop.campus, shop.logistics, shop.store, [(shop.soap, "2", "12.00")])
    with pytest.raises(StoresError):
        purchasing.reject_purchase(request, shop.director, " ")
    request = purchasing.reject_purchase(request, shop.director, "库里还有")
    assert request.status == PurchaseStatus.REJECTED
    with pytest.raises(StoresError):
        purchasing.order_purchase(request, shop.logistics)


def test_partial_receipts_go_into_stock_and_to_finance(shop):
    request = ordered(shop)
    soap_line, paper_line = request.lines.order_by("id")
    receipt = purchasing.receive_purchase(request, user=shop.logistics, lines=[
        {"line": soap_line, "quantity": Decimal("20"), "unit_price": Decimal("11.50")},
        {"line": paper_line, "quantity": Decimal("6"), "returned": Decimal("1"), "condition": "damaged"},
    ])
    request.refresh_from_db()
    assert request.status == PurchaseStatus.PARTLY_RECEIVED
    assert balance_of(shop.store, shop.soap) == 20 and balance_of(shop.store, shop.paper) == 6
    assert receipt.amount == Decimal("380.00")  # 20 × 11.50 + 6 × 25.00
    claim = receipt.finance_claim
    assert claim.amount == Decimal("380.00") and claim.status == ClaimStatus.APPROVED
    assert claim.approved_by == shop.director and claim.claimant == shop.logistics
    assert finance_services.pay_claim(claim, shop.user(Role.CASHIER), "bank").status == ClaimStatus.PAID  # the cashier pays it
    assert StockMove.objects.filter(document_id=receipt.pk, item=shop.soap).get().unit_cost == Decimal("11.50")
    purchasing.receive_purchase(request, user=shop.logistics, lines=[{"line": paper_line, "quantity": Decimal("4")}])
    request.refresh_from_db()
    assert request.status == PurchaseStatus.RECEIVED
    assert all(line.closed for line in request.lines.all())


def test_more_than_ordered_needs_a_reason(shop):
    request = ordered(shop, [(shop.soap, "10", "12.00")])
    line = request.lines.get()
    with pytest.raises(StoresError) as refused:
        purchasing.receive_purchase(request, user=shop.logistics, lines=[{"line": line, "quantity": Decimal("12")}])
    assert "lines-0-over_reason" in refused.value.message_dict
    assert balance_of(shop.store, shop.soap) == 0
    purchasing.receive_purchase(request, user=shop.logistics,
                                lines=[{"line": line, "quantity": Decimal("12"), "over_reason": "整箱12瓶"}])
    assert balance_of(shop.store, shop.soap) == 12


def test_goods_sent_back_say_why(shop):
    request = ordered(shop, [(shop.soap, "10", "12.00")])
    with pytest.raises(StoresError) as refused:
        purchasing.receive_purchase(request, user=shop.logistics,
                                    lines=[{"line": request.lines.get(), "quantity": Decimal("8"), "returned": Decimal("2")}])
    assert "lines-0-condition" in refused.value.message_dict


def test_a_line_in_words_is_received_as_a_catalogue_item(shop):
    request = ordered(shop, [("彩色卡纸", "5", "8.00")])
    line = request.lines.get()
    with pytest.raises(StoresError) as refused:
        purchasing.receive_purchase(request, user=shop.logistics, lines=[{"line": line, "quantity": Decimal("5")}])
    assert "lines-0-item" in refused.value.message_dict
    purchasing.receive_purchase(request, user=shop.logistics, lines=[{"line": line, "quantity": Decimal("5"), "item": shop.paper}])
    assert balance_of(shop.store, shop.paper) == 5


def test_a_line_closed_short_completes_the_order(shop):
    request = ordered(shop, [(shop.soap, "10", "12.00")])
    line = request.lines.get()
    purchasing.receive_purchase(request, user=shop.logistics, lines=[{"line": line, "quantity": Decimal("7")}])
    purchasing.close_line_short(line, shop.logistics, "供应商缺货")
    request.refresh_from_db()
    assert request.status == PurchaseStatus.RECEIVED


def test_the_pages_on_a_phone(shop, client_as):
    client = client_as(shop.logistics)
    response = client.post(reverse("logistics:purchase_add"), {
        "title": "补充洗手液", "store": shop.store.pk, "supplier": "", "note": "",
        "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
        "lines-0-item": shop.soap.pk, "lines-0-quantity": "6", "lines-0-estimated_price": "12", "lines-0-reason": "各班用完",
        "lines-1-item": "", "lines-1-quantity": "", "lines-1-estimated_price": "",
    })
    request = PurchaseRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    director = client_as(shop.director)
    assert "批准" in director.get(request.get_absolute_url()).content.decode()
    director.post(reverse("logistics:purchase_approve", args=[request.pk]))
    client = client_as(shop.logistics)
    client.post(reverse("logistics:purchase_order", args=[request.pk]), {"supplier": "超市"})
    page = client.get(reverse("logistics:purchase_receive", args=[request.pk]))
    assert page.status_code == 200
    response = client.post(reverse("logistics:purchase_receive", args=[request.pk]), {
        "note": "", "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "1",
        "lines-0-line": request.lines.get().pk, "lines-0-item": shop.soap.pk, "lines-0-quantity": "6",
        "lines-0-unit_price": "12", "lines-0-returned": "", "lines-0-condition": "good",
    })
    assert response.status_code == 302
    assert balance_of(shop.store, shop.soap) == 6
    pdf = client.get(reverse("logistics:purchase_print", args=[request.pk]))
    assert pdf["Content-Type"] == "application/pdf"
