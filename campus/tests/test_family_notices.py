"""Notices to families: one insert of receipts for a class of 30 families, read receipts for the
class's staff only, the parent's today page shows it unread until opened."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campus.family import notices
from campus.models import NoticeReceipt
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_class_notice_to_30_families_is_one_insert_of_receipts(world):
    for n in range(28):
        factories.make_parent(factories.make_child(world.classroom, f"幼儿{n}"))
    with CaptureQueriesContext(connection) as queries:
        notice = notices.publish_notice(world.campus, user=world.user(Role.TEACHER), classroom=world.classroom,
                                        title="春游通知", body="周五春游。")
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "noticereceipt" in q["sql"]]
    assert len(inserts) == 1 and notice.receipts.count() == 30
    assert not NoticeReceipt.objects.filter(guardian__children__classroom=world.other_classroom).exists()


def test_read_receipts_for_the_class_staff_and_the_parent_reads_it(world, client_as):
    notice = notices.publish_notice(world.campus, user=world.user(Role.TEACHER), classroom=world.classroom,
                                    title="春游通知", body="周五春游。")
    parent = client_as(world.parent.user)
    today = parent.get(reverse("campus:parent_today", args=[world.child.pk])).content.decode()
    assert "春游通知" in today and "新" in today
    assert parent.get(reverse("campus:parent_notice", args=[notice.pk])).status_code == 200
    teacher = client_as(world.user(Role.TEACHER))
    page = teacher.get(reverse("campus:family_notice_detail", args=[notice.pk])).content.decode()
    unread_part = page.split("未读（")[1].split("已读（")[0]
    assert "李小红" in unread_part and "张小明" not in unread_part  # the other family has not read it
    assert client_as(world.neighbour().user).get(reverse("campus:family_notice_detail", args=[notice.pk])).status_code == 404


def test_the_teacher_writes_a_class_notice_from_the_phone(world, client_as):
    teacher = client_as(world.user(Role.TEACHER))
    response = teacher.post(reverse("campus:family_notice_add"), {"classroom": world.classroom.pk, "title": "体检通知",
                                                                  "body": "周三体检，请空腹。"})
    assert response.status_code == 302
    # A class teacher may not write to the whole campus.
    response = teacher.post(reverse("campus:family_notice_add"), {"classroom": "", "title": "x", "body": "y"})
    assert response.status_code == 200 and NoticeReceipt.objects.values("notice").distinct().count() == 1
