"""The notification service: one alert per key, told to the right people of the right campus, by
e-mail when they want it (sent by the Celery task after commit), under the bell on every page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campus import notifications
from campus.choices import Channel, DeliveryStatus, NoticeKind
from campus.models import Delivery, Notification, NotificationPreference, NotificationRecipient
from campus.notifications import notify
from campus.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    """The e-mail task runs in the test process (the project's tests run Celery tasks eagerly)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def outbreak(world, *, body="3 children of 小一班 have a fever", key="outbreak:1"):
    return notify(NoticeKind.OUTBREAK, world.campus, roles=[Role.DIRECTOR, Role.HEALTH], title="Outbreak alert: 小一班",
                  body=body, link=world.child.get_absolute_url(), key=key)


def test_the_same_key_twice_is_one_notification_and_one_email(world, eager, django_capture_on_commit_callbacks):
    with_email(world.user(Role.DIRECTOR), "zhou@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        first = outbreak(world)
    with django_capture_on_commit_callbacks(execute=True):
        second = outbreak(world)
    assert first.pk == second.pk and Notification.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["zhou@example.cn"]]
    assert mail.outbox[0].subject == "Outbreak alert: 小一班"
    assert world.child.get_absolute_url() in mail.outbox[0].body  # with the site's address
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.status, delivery.attempts) == (Channel.EMAIL, DeliveryStatus.SENT, 1)
    assert delivery.sent_at is not None and delivery.error == ""


def test_the_same_key_with_new_text_updates_in_place_and_shows_unread_again(world, eager, django_capture_on_commit_callbacks):
    with_email(world.user(Role.HEALTH), "li@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        outbreak(world)
    NotificationRecipient.objects.update(read_at="2026-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        outbreak(world, body="5 children of 小一班 have a fever")
    assert Notification.objects.get().body == "5 children of 小一班 have a fever"
    assert NotificationRecipient.objects.filter(read_at__isnull=True).count() == 2  # director and health teacher
    assert len(mail.outbox) == 1  # nobody is e-mailed twice


def test_roles_are_resolved_at_the_campus_only(world):
    group_director = factories.make_staff(Role.DIRECTOR, world.other_campus, username="group", sees_all=True)
    factories.make_staff(Role.HEALTH, world.campus, username="former").user.__class__.objects.filter(
        username="former").update(is_active=False)
    outbreak(world)
    told = set(NotificationRecipient.objects.values_list("user__username", flat=True))
    # world.outsider is director and health teacher of the other campus only: not told.
    assert told == {world.user(Role.DIRECTOR).username, world.user(Role.HEALTH).username, group_director.user.username}


def test_people_are_told_by_name(world):
    notify(NoticeKind.FOLLOW_UP, world.campus, people=[world.user(Role.COOK)], title="冰箱", key="follow-up:1")
    assert list(NotificationRecipient.objects.values_list("user", flat=True)) == [world.user(Role.COOK).pk]


def test_e_mail_off_means_no_e_mail_but_still_in_the_app(world, eager, client_as, django_capture_on_commit_callbacks):
    director = with_email(world.user(Role.DIRECTOR), "zhou@example.cn")
    client = client_as(director)
    page = client.get(reverse("campus:notification_settings"))
    assert page.status_code == 200 and f'name="email_{NoticeKind.OUTBREAK}" checked' in page.content.decode()
    data = {f"email_{kind}": "on" for kind in NoticeKind.values if kind != NoticeKind.OUTBREAK}
    assert client.post(reverse("campus:notification_settings"), data).status_code == 302
    assert NotificationPreference.objects.get(user=director, kind=NoticeKind.OUTBREAK).email is False
    with django_capture_on_commit_callbacks(execute=True):
        outbreak(world)
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert NotificationRecipient.objects.filter(user=director, read_at__isnull=True).exists()


def test_checklist_reminders_are_not_e_mailed_unless_asked_for(world, eager, django_capture_on_commit_callbacks):
    cook = with_email(world.user(Role.COOK), "cook@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(NoticeKind.RUN_DUE, world.campus, people=[cook], title="厨房检查", key="run:1")
    assert mail.outbox == []
    notifications.set_email_preferences(cook, {NoticeKind.RUN_DUE: True})
    with django_capture_on_commit_callbacks(execute=True):
        notify(NoticeKind.RUN_DUE, world.campus, people=[cook], title="厨房检查", key="run:2")
    assert len(mail.outbox) == 1


def test_a_failed_e_mail_is_recorded_and_retried(world, settings, django_capture_on_commit_callbacks):
    with_email(world.user(Role.DIRECTOR), "zhou@example.cn")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        outbreak(world)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1) and "Error" in delivery.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.retry_deliveries() == 0  # too soon: the next beat run, ten minutes on, tries again
    assert notifications.retry_deliveries(now=delivery.tried_at + notifications.RETRY_AFTER * 2) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_the_bell_shows_the_unread_count_on_every_page_without_a_query_of_its_own(world, client_as):
    client = client_as(world.user(Role.DIRECTOR))
    url = reverse("campus:calendar")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        page = client.get(url)
    assert page.context["unread_notifications"] == 0 and 'class="bell' in page.content.decode()
    outbreak(world)
    outbreak(world, key="outbreak:2")
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert page.context["unread_notifications"] == 2
    assert 'text-bg-danger">2</span>' in page.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_list_shows_only_my_notifications_and_opening_marks_read(world, client_as):
    outbreak(world)
    notify(NoticeKind.FOLLOW_UP, world.campus, people=[world.user(Role.COOK)], title="只给厨师", key="follow-up:9")
    client = client_as(world.user(Role.DIRECTOR))
    page = client.get(reverse("campus:notifications")).content.decode()
    assert "Outbreak alert: 小一班" in page and "只给厨师" not in page
    mine = NotificationRecipient.objects.get(user=world.user(Role.DIRECTOR))
    response = client.post(reverse("campus:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response.url == world.child.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_another_persons_notification_is_a_404(world, client_as):
    outbreak(world)
    theirs = NotificationRecipient.objects.get(user=world.user(Role.HEALTH))
    client = client_as(world.user(Role.DIRECTOR))
    assert client.post(reverse("campus:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_and_an_outside_link_is_not_followed(world, client_as):
    notify(NoticeKind.FOLLOW_UP, world.campus, people=[world.user(Role.COOK)], title="x", link="https://evil.example/",
           key="follow-up:1")
    notify(NoticeKind.FOLLOW_UP, world.campus, people=[world.user(Role.COOK)], title="y", key="follow-up:2")
    client = client_as(world.user(Role.COOK))
    first = NotificationRecipient.objects.get(notification__title="x")
    assert client.post(reverse("campus:notification_open", args=[first.pk])).url == reverse("campus:notifications")
    client.post(reverse("campus:notification_read_all"))
    assert not NotificationRecipient.objects.filter(read_at__isnull=True).exists()
