"""Requisitions (领用): a class teacher asks for her own class on a phone, the director approves
where the category needs it, the keeper issues against the request (partly if need be) through
the ledger, the receiver signs; a new-term kit goes to every class at once or not at all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campus.roles import Role
from logistics.errors import StoresError
from logistics.models import Requisition, RequisitionStatus, StockMove
from logistics.models.flows import Kit
from logistics.services import balance_of, requisitions
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(world):
    world.keeper, world.director, world.teacher = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR), world.user(Role.TEACHER)
    world.store = factories.make_flow_store(world.campus)
    world.tissue = factories.make_stocked_item(world.store, "抽纸", "30", user=world.keeper, unit="包", price="3.00")
    world.crayons = factories.make_stocked_item(world.store, "蜡笔", "10", user=world.keeper, unit="盒", price="8.00",
                                                category="teaching")
    return world


def test_a_teacher_asks_for_her_class_on_a_phone(store, client_as):
    client = client_as(store.teacher)
    page = client.get(reverse("logistics:requisition_add"))
    assert page.status_code == 200 and "department" not in page.context["form"].fields
    response = client.post(reverse("logistics:requisition_add"), {
        "classroom": store.classroom.pk, "store": store.store.pk, "needed_on": "", "note": "",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-0-item": store.tissue.pk, "lines-0-quantity": "5",
    })
    requisition = Requisition.objects.get()
    assert response.status_code == 302 and requisition.classroom == store.classroom
    assert requisition.status == RequisitionStatus.READY  # cleaning goods need no approval by default


def test_a_teacher_cannot_ask_for_another_class(store, client_as):
    other = factories.make_classroom(store.campus, "大一班")
    response = client_as(store.teacher).post(reverse("logistics:requisition_add"), {
        "classroom": other.pk, "store": store.store.pk,
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-0-item": store.tissue.pk, "lines-0-quantity": "5",
    })
    assert response.status_code == 200 and response.context["form"].errors["classroom"]
    assert not Requisition.objects.exists()


def test_a_category_that_needs_approval_waits_for_the_director(store):
    requisition = factories.make_requisition(store.campus, store.teacher, store.store, [(store.crayons, "2")],
                                             classroom=store.classroom)
    assert requisition.status == RequisitionStatus.SUBMITTED
    line = requisition.lines.get()
    with pytest.raises(StoresError, match="审批"):
        requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("2")}, user=store.keeper)
    with pytest.raises(StoresError, match="自己"):
        requisitions.approve_requisition(requisition, store.teacher)
    requisitions.approve_requisition(requisition, store.director)
    requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("2")}, user=store.keeper)
    assert balance_of(store.store, store.crayons) == 8


def test_issued_in_parts_and_signed_for_by_the_receiver(store):
    requisition = factories.make_requisition(store.campus, store.teacher, store.store, [(store.tissue, "12")],
                                             classroom=store.classroom)
    line = requisition.lines.get()
    issue = requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("5")}, user=store.keeper)
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.PARTLY_ISSUED and balance_of(store.store, store.tissue) == 25
    assert issue.value == Decimal("15.00") and issue.receiver == store.teacher  # the class's head teacher
    with pytest.raises(StoresError, match="只剩 7"):
        requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("8")}, user=store.keeper)
    with pytest.raises(StoresError):
        requisitions.sign_issue(issue, store.keeper)
    requisitions.sign_issue(issue, store.teacher)
    issue.refresh_from_db()
    assert issue.signed_at is not None
    requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("7")}, user=store.keeper)
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.ISSUED


def test_more_than_in_stock_is_refused_with_the_balance(store):
    requisition = factories.make_requisition(store.campus, store.keeper, store.store, [(store.tissue, "40")],
                                             department="厨房")
    with pytest.raises(StoresError, match="30"):
        requisitions.issue_requisition(requisition, quantities={requisition.lines.get().pk: Decimal("40")}, user=store.keeper)
    assert balance_of(store.store, store.tissue) == 30
    assert not requisition.issues.exists()


def test_a_kit_goes_to_every_class_at_once(store):
    classes = [store.classroom, factories.make_classroom(store.campus, "中一班"), factories.make_classroom(store.campus, "大一班")]
    kit = requisitions.save_kit(Kit(campus=store.campus, name="新学期班级用品"), user=store.keeper,
                                lines=[{"item": store.tissue, "quantity": Decimal("10")}, {"item": store.crayons, "quantity": Decimal("2")}])
    made = requisitions.issue_kit(kit, store=store.store, classrooms=classes, user=store.keeper)
    assert len(made) == 3 and all(r.status == RequisitionStatus.ISSUED for r in Requisition.objects.all())
    assert balance_of(store.store, store.tissue) == 0 and balance_of(store.store, store.crayons) == 4


def test_a_short_kit_issues_nothing_and_names_the_short_items(store):
    classes = [store.classroom, factories.make_classroom(store.campus, "中一班")]
    kit = requisitions.save_kit(Kit(campus=store.campus, name="新学期班级用品"), user=store.keeper,
                                lines=[{"item": store.tissue, "quantity": Decimal("20")}, {"item": store.crayons, "quantity": Decimal("2")}])
    with pytest.raises(StoresError) as refused:
        requisitions.issue_kit(kit, store=store.store, classrooms=classes, user=store.keeper)
    assert "抽纸" in str(refused.value) and "蜡笔" not in str(refused.value)
    assert not Requisition.objects.exists() and balance_of(store.store, store.tissue) == 30


def test_the_register_and_the_consumption_report(store, client_as, django_assert_num_queries):
    for quantity in ("2", "3"):
        requisition = factories.make_requisition(store.campus, store.teacher, store.store, [(store.tissue, quantity)],
                                                 classroom=store.classroom)
        requisitions.issue_requisition(requisition, quantities={requisition.lines.get().pk: Decimal(quantity)}, user=store.keeper)
    client = client_as(store.teacher)
    client.get(reverse("logistics:issue_register"))  # the session and the settings rows, once
    with django_assert_num_queries(9):
        response = client.get(reverse("logistics:issue_register"))
    assert response.status_code == 200 and len(response.context["rows"]) == 2
    more = factories.make_requisition(store.campus, store.teacher, store.store, [(store.tissue, "1"), (store.crayons, "1")],
                                      classroom=store.classroom)
    requisitions.approve_requisition(more, store.director)
    requisitions.issue_requisition(more, quantities={line.pk: Decimal("1") for line in more.lines.all()}, user=store.keeper)
    with django_assert_num_queries(9):  # the same for 4 rows as for 2
        assert len(client.get(reverse("logistics:issue_register")).context["rows"]) == 4
    report = client.get(reverse("logistics:consumption"))
    rows = [cells for _url, cells in report.context["rows"]]
    assert rows[0][:3] == ["小一班", "抽纸", "6包"] and rows[-1][3] == Decimal("26.00")
    neighbour = client_as(store.neighbour().user)
    assert neighbour.get(reverse("logistics:issue_register")).context["rows"] == []
    assert neighbour.get(reverse("logistics:consumption")).context["rows"] == []


def test_a_disinfectant_is_issued_with_a_second_person_present(store):
    bleach = factories.make_stocked_item(store.store, "84消毒液", "10", user=store.keeper, category="chemical")
    requisition = factories.make_requisition(store.campus, store.keeper, store.store, [(bleach, "1")], department="保健室")
    requisitions.approve_requisition(requisition, store.director)  # chemicals wait for the director by default
    line = requisition.lines.get()
    factories.name_chemicals_keeper(store.campus, store.keeper)
    with pytest.raises(StoresError) as refused:
        requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("1")}, user=store.keeper)
    assert {"witness", "purpose"} <= set(refused.value.message_dict)
    requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("1")}, user=store.keeper,
                                   witness=store.staff[Role.HEALTH.value], purpose="玩具消毒")
    assert balance_of(store.store, bleach) == 9


def test_a_requisition_of_a_disinfectant_is_issued_by_the_keeper_or_with_the_heads_reason(store):
    bleach = factories.make_stocked_item(store.store, "84消毒液", "10", user=store.keeper, category="chemical")
    requisition = factories.make_requisition(store.campus, store.keeper, store.store, [(bleach, "3")], department="保健室")
    requisitions.approve_requisition(requisition, store.director)
    line = requisition.lines.get()
    witness = store.staff[Role.HEALTH.value]
    factories.name_chemicals_keeper(store.campus, witness)
    with pytest.raises(StoresError) as refused:  # the asset manager keeps the store, not the chemicals
        requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("1")}, user=store.user(Role.ASSETS),
                                       witness=witness, purpose="玩具消毒")
    assert "item" in refused.value.message_dict
    head = store.keeper  # the logistics head
    with pytest.raises(StoresError) as refused:
        requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("1")}, user=head, witness=witness,
                                       purpose="玩具消毒")
    assert "keeper_override" in refused.value.message_dict
    issue = requisitions.issue_requisition(requisition, quantities={line.pk: Decimal("1")}, user=head, witness=witness,
                                           purpose="玩具消毒", keeper_override="保管人外出培训")
    move = StockMove.objects.get(document_id=issue.pk, kind="issue")
    assert move.keeper_override == "保管人外出培训" and balance_of(store.store, bleach) == 9


def test_a_quantity_that_is_not_a_number_is_refused_not_a_server_error(store, client_as):
    requisition = factories.make_requisition(store.campus, store.teacher, store.store, [(store.tissue, "12")],
                                             classroom=store.classroom)
    line = requisition.lines.get()
    client = client_as(store.keeper)
    for raw in ("NaN", "sNaN", "inf", "-Infinity", "abc"):
        response = client.post(reverse("logistics:requisition_issue", args=[requisition.pk]), {f"line-{line.pk}": raw},
                               follow=True)
        assert response.status_code == 200 and "不是数字" in response.content.decode()
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(StoresError, match="不是数字"):
            requisitions.issue_requisition(requisition, quantities={line.pk: value}, user=store.keeper)
    line.refresh_from_db()
    assert line.issued_quantity == 0 and balance_of(store.store, store.tissue) == 30
