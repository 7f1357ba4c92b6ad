"""The follow-up API other apps call (kitchen, health): open, close, verify; ad-hoc runs."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from campus.choices import NoticeKind
from campus.models import NotificationRecipient
from campus.roles import Role
from checklists import services
from checklists.choices import FollowUpStatus, RunStatus
from checklists.models import ChecklistTemplate, FollowUp, Run
from tests import factories

pytestmark = pytest.mark.django_db


def test_open_follow_up_with_source_and_default_deadline(world):
    follow_up = services.open_follow_up(
        campus=world.campus, title="冰箱温度偏高", source=world.child, kind="health",
        assignee_role=Role.HEALTH, created_by=world.user(Role.COOK),
    )
    assert follow_up.status == FollowUpStatus.OPEN
    assert follow_up.source == world.child
    assert follow_up.due_on == timezone.localdate() + dt.timedelta(days=3)
    assert follow_up.assignee_role == Role.HEALTH.value
    assert follow_up.source_url == world.child.get_absolute_url()
    # the health teacher is told through the notification service, with a link to the follow-up
    (told,) = NotificationRecipient.objects.filter(notification__kind=NoticeKind.FOLLOW_UP).select_related("notification")
    assert told.user == world.user(Role.HEALTH) and told.notification.link == follow_up.get_absolute_url()
    assert follow_up.history.count() == 1


def test_open_follow_up_due_datetime_and_person(world):
    due = timezone.now() + dt.timedelta(days=1)
    follow_up = services.open_follow_up(
        campus=world.campus, title="修门", assignee=world.user(Role.ASSETS), due=due, kind="repair",
    )
    assert follow_up.due_on == timezone.localdate(due)
    assert follow_up.assignee == world.user(Role.ASSETS)
    assert follow_up.assignee_role == ""


def test_open_follow_up_default_role_and_bad_kind(world):
    follow_up = services.open_follow_up(campus=world.campus, title="x")
    assert follow_up.assignee_role == Role.LOGISTICS.value
    with pytest.raises(services.ChecklistError):
        services.open_follow_up(campus=world.campus, title="x", kind="nonsense")


def test_close_then_verify_needs_a_second_person(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    follow_up = services.open_follow_up(campus=world.campus, title="门锁坏了", kind="repair")
    logistics, director = world.user(Role.LOGISTICS), world.user(Role.DIRECTOR)
    with pytest.raises(services.ChecklistError):
        services.verify_follow_up(follow_up, user=director)  # not closed yet
    with pytest.raises(services.ChecklistError):
        services.close_follow_up(follow_up, user=logistics, note="  ")
    with pytest.raises(services.ChecklistError) as refused:
        services.close_follow_up(follow_up, user=logistics, note="已换锁")  # a repair needs a photo of the result
    assert "photo" in refused.value.message_dict
    services.close_follow_up(follow_up, user=logistics, note="已换锁", photo=SimpleUploadedFile("a.png", factories.make_image(), content_type="image/png"))
    with translation.override("en"), pytest.raises(services.ChecklistError, match="other than the person who closed"):
        services.verify_follow_up(follow_up, user=logistics)
    services.verify_follow_up(follow_up, user=director)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.VERIFIED
    assert (follow_up.closed_by, follow_up.verified_by) == (logistics, director)
    assert follow_up.history.count() == 3


def test_database_refuses_verifier_equal_to_closer(world):
    follow_up = services.open_follow_up(campus=world.campus, title="x")
    user = world.user(Role.LOGISTICS)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(closed_by=user, verified_by=user)


def test_reopen(world):
    follow_up = services.open_follow_up(campus=world.campus, title="x")
    services.close_follow_up(follow_up, user=world.user(Role.LOGISTICS), note="修好了")
    services.reopen_follow_up(follow_up, user=world.user(Role.DIRECTOR), note="还在漏水")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN and follow_up.closed_by is None


def test_open_adhoc_run_creates_the_template_from_the_standard_plan(world):
    assert not ChecklistTemplate.objects.filter(campus=world.campus).exists()
    run = services.open_adhoc_run(
        campus=world.campus, template_code="class-disinfection", reason="手足口病病例", source=world.classroom,
        place="小一班", created_by=world.user(Role.HEALTH),
    )
    assert run.is_adhoc and run.status == RunStatus.OPEN
    assert run.template.code == "class-disinfection" and run.template.plan is not None
    assert run.template.items.count() >= 5
    assert run.place == "小一班" and run.source == world.classroom
    assert run.due_at > timezone.now() - dt.timedelta(minutes=1)
    # a second outbreak the same day opens a second run (ad-hoc runs are not one per period)
    second = services.open_adhoc_run(campus=world.campus, template_code="class-disinfection", reason="again",
                                     due=timezone.localdate())
    assert second.pk != run.pk
    assert Run.objects.filter(template=run.template).count() == 2
    assert ChecklistTemplate.objects.filter(campus=world.campus).count() == 1


def test_open_adhoc_run_unknown_code(world):
    with pytest.raises(services.ChecklistError):
        services.open_adhoc_run(campus=world.campus, template_code="no-such", reason="x")


def test_follow_up_pages(world, client_as):
    follow_up = services.open_follow_up(campus=world.campus, title="滑梯螺丝松动", source=world.classroom)
    client = client_as(world.user(Role.LOGISTICS))
    response = client.get(reverse("checklists:followup_list"))
    assert "滑梯螺丝松动" in response.content.decode()
    response = client.get(follow_up.get_absolute_url())
    assert response.status_code == 200
    response = client.post(reverse("checklists:followup_close", args=[follow_up.pk]), {"note": ""})
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    client.post(reverse("checklists:followup_close", args=[follow_up.pk]), {"note": "已拧紧"})
    client.post(reverse("checklists:followup_verify", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.CLOSED  # the closer cannot verify
    client_as(world.user(Role.DIRECTOR)).post(reverse("checklists:followup_verify", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.VERIFIED
