"""Doing the work: my checklists, one run = one submit, anomalies, a second completion refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from campus.choices import NoticeKind
from campus.models import NotificationRecipient
from campus.notifications import notify
from campus.roles import Role
from checklists import services
from checklists.choices import FollowUpStatus, ItemKind, RunStatus
from checklists.models import ChecklistTemplate, FollowUp, ItemResult, Run, TemplateItem
from tests import factories

pytestmark = pytest.mark.django_db

def png_bytes() -> bytes:
    return factories.make_image(size=(4, 4), color=(200, 30, 30))


@pytest.fixture
def kitchen(world):
    template = ChecklistTemplate.objects.create(
        campus=world.campus, code="kitchen-closing", title="食堂下班前检查", department="kitchen",
        assignee_role=Role.COOK.value, recurrence="school_day", starts_on=timezone.localdate(), place="食堂",
    )
    items = [
        TemplateItem.objects.create(template=template, position=1, label="燃气总阀已关闭", kind=ItemKind.YES_NO),
        TemplateItem.objects.create(template=template, position=2, label="冷藏冰箱温度", kind=ItemKind.NUMBER, unit="℃",
                                    min_value=Decimal(0), max_value=Decimal(8)),
        TemplateItem.objects.create(template=template, position=3, label="卫生状况", kind=ItemKind.CHOICE,
                                    choices="好\n一般\n差", bad_choices="差", follow_up_kind="hazard"),
        TemplateItem.objects.create(template=template, position=4, label="其他", kind=ItemKind.TEXT, required=False),
        TemplateItem.objects.create(template=template, position=5, label="照片", kind=ItemKind.PHOTO, required=False),
    ]
    now = timezone.now()
    run = Run.objects.create(campus=world.campus, template=template, period_start=timezone.localdate(), due_at=now,
                             grace_until=now + dt.timedelta(hours=2), assignee_role=Role.COOK.value, place="食堂")
    return template, items, run


def post_data(items, temp="5", gas="yes", state="好", **extra):
    data = {f"item_{items[0].pk}": gas, f"item_{items[1].pk}": temp, f"item_{items[2].pk}": state,
            f"item_{items[3].pk}": "", "note": ""}
    data.update(extra)
    return data


def test_my_checklists_shows_my_runs_only(world, kitchen, client_as):
    _template, _items, run = kitchen
    page = client_as(world.user(Role.COOK)).get(reverse("checklists:index")).content.decode()
    assert "食堂下班前检查" in page and run.get_absolute_url() in page
    page = client_as(world.user(Role.GATEKEEPER)).get(reverse("checklists:index")).content.decode()
    assert "食堂下班前检查" not in page


def test_named_people_replace_the_role(world, kitchen, client_as):
    template, _items, _run = kitchen
    template.assignees.add(world.user(Role.TEACHER))
    assert not services.runs_for_user(world.user(Role.COOK), world.campus).exists()
    assert services.runs_for_user(world.user(Role.TEACHER), world.campus).count() == 1


def test_my_checklists_query_count(world, kitchen, client_as, django_assert_num_queries):
    client = client_as(world.user(Role.COOK))
    client.get(reverse("checklists:index"))
    with django_assert_num_queries(10):  # reminders are under the bell now (no query of their own)
        response = client.get(reverse("checklists:index"))
    assert response.status_code == 200


def test_complete_a_run_in_one_submit(world, kitchen, client_as, django_assert_num_queries):
    _template, items, run = kitchen
    client = client_as(world.user(Role.COOK))
    url = run.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_assert_num_queries(19):
        response = client.post(url, post_data(items))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.completed_by == world.user(Role.COOK) and run.anomaly_count == 0
    results = {r.item_id: r for r in ItemResult.objects.filter(run=run)}
    assert results[items[0].pk].value_bool is True
    assert results[items[1].pk].value_number == Decimal("5")
    assert results[items[2].pk].value_text == "好"
    assert not FollowUp.objects.exists()
    assert run.history.count() == 2  # created, then completed (who, when)
    assert run.history.first().history_user == world.user(Role.COOK)
    assert "燃气总阀已关闭" in client.get(url).content.decode()


def test_anomaly_needs_a_note_and_nothing_is_saved_without_it(world, kitchen, client_as):
    _template, items, run = kitchen
    client = client_as(world.user(Role.COOK))
    response = client.post(run.get_absolute_url(), post_data(items, temp="12"))
    assert response.status_code == 200
    assert "说明" in response.content.decode() or "note" in response.content.decode()
    assert response.context["form"].errors[f"note_{items[1].pk}"]
    run.refresh_from_db()
    assert run.status == RunStatus.OPEN and not ItemResult.objects.exists() and not FollowUp.objects.exists()


def test_anomaly_with_note_opens_a_follow_up_with_assignee_and_deadline(world, kitchen, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _template, items, run = kitchen
    client = client_as(world.user(Role.COOK))
    photo = SimpleUploadedFile("fridge.png", png_bytes(), content_type="image/png")
    response = client.post(run.get_absolute_url(), post_data(
        items, temp="12", state="差", **{f"note_{items[1].pk}": "冰箱坏了", f"note_{items[2].pk}": "地面油污",
                                         f"photo_{items[1].pk}": photo}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.anomaly_count == 2
    follow_ups = list(FollowUp.objects.order_by("id"))
    assert len(follow_ups) == 2
    fridge = follow_ups[0]
    assert fridge.run == run and fridge.item_result.item == items[1] and fridge.item_result.photo
    # a repair goes to the campus's asset manager, a hazard to the logistics head (checklists.routing)
    assert fridge.assignee_role == Role.ASSETS.value and fridge.due_on == timezone.localdate() + dt.timedelta(days=3)
    assert fridge.kind == "repair" and follow_ups[1].kind == "hazard"
    assert follow_ups[1].assignee_role == Role.LOGISTICS.value
    assert fridge.title == "未通过：冷藏冰箱温度 · 食堂"
    assert "冰箱坏了" in fridge.description
    assert fridge.source_url == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert fridge.get_absolute_url() in page


def test_answers_of_the_wrong_kind_are_refused(world, kitchen, client_as):
    _template, items, run = kitchen
    client = client_as(world.user(Role.COOK))
    response = client.post(run.get_absolute_url(), post_data(items, temp="warm", gas="maybe", state="很好"))
    errors = response.context["form"].errors
    assert {f"item_{items[0].pk}", f"item_{items[1].pk}", f"item_{items[2].pk}"} <= set(errors)
    run.refresh_from_db()
    assert run.status == RunStatus.OPEN and not ItemResult.objects.exists()


def test_service_refuses_wrong_kinds_too(world, kitchen):
    _template, items, run = kitchen
    with pytest.raises(ValidationError) as exc:
        services.complete_run(run, user=world.user(Role.COOK), answers={
            items[0].pk: services.Answer(value="perhaps"), items[1].pk: services.Answer(value="x"),
            items[2].pk: services.Answer(value="紫色"),
        })
    assert set(exc.value.message_dict) == {f"item_{items[0].pk}", f"item_{items[1].pk}", f"item_{items[2].pk}"}


def test_a_second_completion_is_refused_with_a_clear_message(world, kitchen, client_as):
    _template, items, run = kitchen
    first = client_as(world.user(Role.COOK))
    stale = Run.objects.get(pk=run.pk)  # the second phone loaded the run before the first submitted
    first.post(run.get_absolute_url(), post_data(items))
    with translation.override("en"), pytest.raises(services.RunAlreadyDone, match="already completed by cook"):
        services.complete_run(stale, user=world.user(Role.LOGISTICS), answers={
            items[0].pk: services.Answer(value=True), items[1].pk: services.Answer(value=Decimal(4)),
            items[2].pk: services.Answer(value="好"),
        })
    assert ItemResult.objects.filter(run=run).count() == 5
    response = client_as(world.user(Role.LOGISTICS)).post(run.get_absolute_url(), post_data(items), follow=True)
    assert "已" in response.content.decode() or "already" in response.content.decode()
    assert [str(m) for m in response.context["messages"]]
    run.refresh_from_db()
    assert run.completed_by == world.user(Role.COOK)


def test_someone_else_cannot_complete_my_run(world, kitchen, client_as):
    _template, items, run = kitchen
    response = client_as(world.user(Role.TEACHER)).post(run.get_absolute_url(), post_data(items))
    assert response.status_code == 403
    assert client_as(world.user(Role.LOGISTICS)).post(run.get_absolute_url(), post_data(items)).status_code == 302


def test_completion_marks_reminders_read(world, kitchen):
    _template, items, run = kitchen
    notify(NoticeKind.RUN_DUE, world.campus, people=[world.user(Role.COOK)], key=f"run:{run.pk}", title="厨房检查")
    services.complete_run(run, user=world.user(Role.COOK), answers={
        items[0].pk: services.Answer(value=True), items[1].pk: services.Answer(value=Decimal(4)),
        items[2].pk: services.Answer(value="好")})
    assert not NotificationRecipient.objects.filter(read_at__isnull=True).exists()


def test_late_runs_stay_visible_and_history_opens(world, kitchen, client_as):
    _template, items, run = kitchen
    Run.objects.filter(pk=run.pk).update(status=RunStatus.OVERDUE, grace_until=timezone.now() - dt.timedelta(hours=1))
    cook = client_as(world.user(Role.COOK))
    assert "逾期" in cook.get(reverse("checklists:index")).content.decode() or "Overdue" in cook.get(
        reverse("checklists:index")).content.decode()
    cook.post(run.get_absolute_url(), post_data(items))
    run.refresh_from_db()
    assert run.was_late
    page = client_as(world.user(Role.LOGISTICS)).get(run.get_absolute_url()).content.decode()
    assert "history-list" in page


def test_follow_up_close_verify_through_pages(world, kitchen, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _template, items, run = kitchen
    services.complete_run(run, user=world.user(Role.COOK), answers={
        items[0].pk: services.Answer(value=False, note="阀门关不紧"), items[1].pk: services.Answer(value=Decimal(4)),
        items[2].pk: services.Answer(value="好")})
    follow_up = FollowUp.objects.get()
    logistics = client_as(world.user(Role.LOGISTICS))
    url = reverse("checklists:followup_close", args=[follow_up.pk])
    logistics.post(url, {"note": "已更换阀门"})  # a repair: no photo of the result, not closed
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    fake = SimpleUploadedFile("after.png", b"<svg onload=alert(1)>", content_type="image/png")
    logistics.post(url, {"note": "已更换阀门", "photo": fake})  # not an image by its content
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    photo = SimpleUploadedFile("after.png", png_bytes(), content_type="image/png")
    logistics.post(url, {"note": "已更换阀门", "photo": photo})
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.CLOSED and follow_up.after_photo
    page = logistics.get(follow_up.get_absolute_url()).content.decode()
    assert follow_up.after_photo.url in page
    served = logistics.get(follow_up.after_photo.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client_as(world.user(Role.HEALTH)).post(reverse("checklists:followup_verify", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.VERIFIED


def test_follow_up_list_query_count(world, client_as, django_assert_num_queries):
    for n in range(5):
        services.open_follow_up(campus=world.campus, title=f"问题{n}", assignee=world.user(Role.ASSETS))
    client = client_as(world.user(Role.LOGISTICS))
    client.get(reverse("checklists:followup_list"))
    with django_assert_num_queries(8):
        response = client.get(reverse("checklists:followup_list"))
    assert response.content.decode().count("问题") == 5


def test_reminders_show_under_the_bell_until_opened(world, kitchen, client_as):
    _template, _items, run = kitchen
    services.send_reminders(now=run.due_at - dt.timedelta(minutes=30), campuses=[world.campus])
    client = client_as(world.user(Role.COOK))
    assert client.get(reverse("checklists:index")).context["unread_notifications"] == 1
    page = client.get(reverse("campus:notifications")).content.decode()
    assert run.template.title in page
    recipient = NotificationRecipient.objects.get(user=world.user(Role.COOK))
    response = client.post(reverse("campus:notification_open", args=[recipient.pk]))
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert client.get(reverse("checklists:index")).context["unread_notifications"] == 0


def test_a_required_photo_must_be_taken(world, kitchen, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _template, items, run = kitchen
    items[4].required = True
    items[4].save()
    client = client_as(world.user(Role.COOK))
    with translation.override("zh-hans"):
        refused = client.post(run.get_absolute_url(), post_data(items))
    assert refused.status_code == 200 and refused.context["form"].errors[f"item_{items[4].pk}"]
    run.refresh_from_db()
    assert run.status == RunStatus.OPEN and not ItemResult.objects.exists()
    with pytest.raises(ValidationError):  # the service refuses it too (the demo and the API use it)
        services.coerce_answer(items[4], None)
    photo = SimpleUploadedFile("after.png", png_bytes(), content_type="image/png")
    assert client.post(run.get_absolute_url(), post_data(items, **{f"item_{items[4].pk}": photo})).status_code == 302
    assert ItemResult.objects.get(run=run, item=items[4]).photo.name.endswith(".png")
