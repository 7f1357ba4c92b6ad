import pytest
from django.utils import timezone

from finance import close, services
from finance.models import Bill
from tests import factories
from tests.factories import make_world

from .conftest import shot

pytestmark = pytest.mark.browser


def _closed_world():
    world = make_world()
    factories.make_fee_standard(world.campus, user=world.user("director"))
    this_month, last_month = factories.this_month(), factories.last_month()
    close.close_month(world.campus, last_month, render=False)
    close.close_month(world.campus, this_month, render=False)
    account = services.refresh_canteen_draft(world.campus, last_month)
    services.add_cost_line(world.campus, last_month, "food", "大米、蔬菜、肉类", "520.00", world.user("cashier"))
    account.refresh_from_db()
    services.post_account(account, world.user("director"))
    return world, this_month, last_month


def test_parent_opens_this_months_statement_and_the_posted_canteen_account_but_not_another_childs(page_as):
    world, this_month, last_month = _closed_world()
    bill = Bill.objects.get(child=world.child, month=this_month)
    other = Bill.objects.get(child=world.other_child, month=this_month)
    page = page_as(world.parent.user, "phone")
    assert world.child.name in page.content()
    page.click("text=缴费结算单")
    page.wait_for_load_state("networkidle")
    page.click(f"text={this_month:%Y-%m}")
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert "幼儿收费月结单" in content and str(bill.amount_due) in content and "保教费" in content
    shot(page, "finance-parent-statement-phone")

    page.goto(f"{page.base_url}/parent/")
    page.click("text=伙食账")
    page.wait_for_load_state("networkidle")
    page.click(f"text={last_month:%Y-%m}")
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert "伙食账" in content and "520.00" in content and "本学期累计" in content
    shot(page, "finance-parent-canteen-phone")

    response = page.goto(f"{page.base_url}/finance/parent/statement/{other.pk}/")
    assert response.status == 404
    assert world.other_child.name not in page.content()
    response = page.goto(f"{page.base_url}/finance/parent/child/{world.other_child.pk}/statements/")
    assert response.status == 404


def test_cashier_records_a_payment_and_sees_the_month_close_progress(page_as):
    world, this_month, _last_month = _closed_world()
    bill = Bill.objects.get(child=world.child, month=this_month)
    page = page_as(world.user("cashier"), "phone")
    page.goto(f"{page.base_url}/finance/child/{world.child.pk}/")
    page.fill("input[name=amount]", str(bill.amount_due))
    page.select_option("select[name=method]", "wechat")
    page.click("text=登记收款 >> nth=-1")
    page.wait_for_load_state("networkidle")
    assert "已登记收款" in page.content() and "已结清" in page.content()
    shot(page, "finance-cashier-account-phone")
    page.goto(f"{page.base_url}/finance/")
    shot(page, "finance-index-phone")
    assert "月结" in page.content()


def test_cashier_prints_every_statement_as_a_job_and_resumes_a_stalled_close(page_as, settings):
    import datetime as dt

    from finance.models import MonthClose, StatementsPrint

    settings.CELERY_TASK_ALWAYS_EAGER = True
    world, this_month, _last_month = _closed_world()
    page = page_as(world.user("cashier"), "phone")
    page.goto(f"{page.base_url}/finance/bills/?month={this_month:%Y-%m}")
    shot(page, "finance-bill-list-phone")
    with page.expect_navigation(timeout=120_000):  # the test's worker renders inside the request (eager)
        page.click("text=全部班级", no_wait_after=True)
    job = StatementsPrint.objects.get()
    assert f"/finance/bills/print/{job.pk}/" in page.url and job.status == "done"
    content = page.content()
    assert "100%" in content and "下载结算单（PDF）" in content
    shot(page, "finance-statements-print-phone")
    with page.expect_download() as download:
        page.click("text=下载结算单（PDF）")
    assert download.value.suggested_filename.startswith(f"statements-{this_month:%Y-%m}")

    record = MonthClose.objects.get(campus=world.campus, month=this_month)
    MonthClose.objects.filter(pk=record.pk).update(status="running", total=10, done=4,
                                                   heartbeat_at=timezone.now() - dt.timedelta(minutes=9))
    page.goto(f"{page.base_url}/finance/close/{record.pk}/")
    assert "后台进程已停止" in page.content() and "继续月结" in page.content()
    shot(page, "finance-close-stalled-phone")
    with page.expect_navigation(timeout=120_000):
        page.click("text=继续月结", no_wait_after=True)
    record.refresh_from_db()
    assert record.status == "done" and "100%" in page.content()
