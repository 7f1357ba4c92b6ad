"""Issue 16: the parent's statements page says how to pay (the campus's instructions and QR code,
a checked upload) and whether each bill is paid or still due."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from campus.models import Guardian, Guardianship
from finance import close
from finance.models import FinanceSettings
from tests import factories

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def test_statements_show_each_bills_state_and_how_to_pay(spring, client, clock):
    close.close_month(spring.campus, MARCH, render=False)
    rules = FinanceSettings.for_campus(spring.campus)
    rules.payment_instructions = "请在每月 10 日前扫码缴费，备注幼儿姓名。"
    rules.payment_qr.save("qr.png", ContentFile(factories.make_image()), save=True)
    guardian = Guardian.objects.create(name="甲妈妈", phone="13611112223", user=factories.make_user("13611112223"))
    Guardianship.objects.create(guardian=guardian, child=spring.children[0], relation="mother")
    client.force_login(guardian.user)
    page = client.get(reverse("finance:parent_statements", args=[spring.children[0].pk]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    text = page.content.decode()
    assert "请在每月 10 日前扫码缴费" in text and "data:image/png;base64," in text
    assert "逾期" in text or "未缴" in text or "未付" in text
