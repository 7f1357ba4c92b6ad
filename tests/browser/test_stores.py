"""On a phone: a class teacher asks for supplies for her class, the logistics head issues them, the
store's balance drops and the teacher signs for the goods."""

import pytest

from campus.roles import Role
from logistics.models import Requisition, RequisitionStatus
from logistics.services import balance_of
from tests import factories
from tests.factories import make_world

from .conftest import shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser


def test_a_teacher_requests_supplies_and_the_logistics_head_issues_them(page_as):
    world = make_world()
    keeper, teacher = world.user(Role.LOGISTICS), world.user(Role.TEACHER)
    world.staff[Role.TEACHER.value].name = "王老师"
    world.staff[Role.TEACHER.value].save()
    store = factories.make_flow_store(world.campus)
    tissue = factories.make_stocked_item(store, "抽纸", "40", user=keeper, unit="包", price="3.50")
    factories.make_stocked_item(store, "洗手液", "12", user=keeper, unit="瓶", price="12.00")

    page = page_as(teacher, "phone")
    page.goto(f"{page.base_url}/logistics/requisitions/add/")
    page.select_option("select[name=classroom]", str(world.classroom.pk))
    page.select_option("select[name=lines-0-item]", str(tissue.pk))
    page.fill("input[name=lines-0-quantity]", "6")
    assert layout_problems(page) == []
    shot(page, "stores-requisition-form-phone")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    requisition = Requisition.objects.get()
    assert requisition.classroom == world.classroom and requisition.status == RequisitionStatus.READY
    shot(page, "stores-requisition-sent-phone")

    keeper_page = page_as(keeper, "phone")
    keeper_page.goto(f"{keeper_page.base_url}{requisition.get_absolute_url()}")
    assert "40" in keeper_page.content()  # what the store holds, next to what was asked
    assert layout_problems(keeper_page) == []
    shot(keeper_page, "stores-requisition-to-issue-phone")
    keeper_page.get_by_role("button", name="发放").click()
    keeper_page.wait_for_load_state("networkidle")
    assert balance_of(store, tissue) == 34
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.ISSUED
    shot(keeper_page, "stores-requisition-issued-phone")

    page.goto(f"{page.base_url}/logistics/requisitions/to-sign/")
    page.get_by_role("button", name="确认收到并签名").click()
    page.wait_for_load_state("networkidle")
    assert requisition.issues.get().signed_at is not None
    assert layout_problems(page) == []
    shot(page, "stores-requisition-signed-phone")


def test_the_stores_flow_pages_fit_a_phone(page_as):
    """Every page of the flows, with records on it, opened on a 390 px phone: no sideways scroll, no
    small buttons, no Latin words."""
    from decimal import Decimal

    from logistics.models.flows import Kit
    from logistics.services import purchasing, requisitions

    world = make_world()
    keeper, director = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR)
    store = factories.make_flow_store(world.campus)
    soap = factories.make_stocked_item(store, "洗手液（500毫升）", "30", user=keeper, price="12.00")
    purchase = factories.make_purchase(world.campus, keeper, store, [(soap, "10", "12.00"), ("儿童床席", "30", "45.00")],
                                       title="夏季床席更新")
    purchasing.approve_purchase(purchase, director)
    purchasing.order_purchase(purchase, keeper, supplier="惠民日用品超市")
    requisition = factories.make_requisition(world.campus, world.user(Role.TEACHER), store, [(soap, "3")], classroom=world.classroom)
    requisitions.issue_requisition(requisition, quantities={requisition.lines.get().pk: Decimal("3")}, user=keeper)
    kit = requisitions.save_kit(Kit(campus=world.campus, name="新学期班级用品"), user=keeper,
                                lines=[{"item": soap, "quantity": Decimal("2")}])
    count = factories.make_stocktake(store, keeper)
    page = page_as(keeper, "phone")
    problems = []
    for name, path in [
        ("purchases", "/logistics/purchases/"), ("purchase", purchase.get_absolute_url()),
        ("receive", f"/logistics/purchases/{purchase.pk}/receive/"), ("purchase-add", "/logistics/purchases/add/"),
        ("requisitions", "/logistics/requisitions/"), ("register", "/logistics/requisitions/register/"),
        ("consumption", "/logistics/requisitions/consumption/"), ("kits", "/logistics/kits/"), ("kit", kit.get_absolute_url()),
        ("stocktakes", "/logistics/stocktakes/"), ("stocktake", count.get_absolute_url()),
        ("sheet", "/logistics/stocktakes/sheet/"),
    ]:
        page.goto(f"{page.base_url}{path}")
        page.wait_for_load_state("networkidle")
        shot(page, f"stores-flow-{name}-phone")
        problems += [f"{path}: {problem}" for problem in layout_problems(page)]
    assert problems == [], "\n".join(problems)
