"""On PostgreSQL: two workers sending the same alert at the same moment tell each person once and
send each e-mail once (the unique keys and the delivery claim, not luck)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from campus.choices import DeliveryStatus, NoticeKind
from campus.models import Delivery, Notification, NotificationRecipient
from campus.notifications import notify, send_deliveries
from campus.roles import Role

pytestmark = pytest.mark.postgres


def _in_threads(target, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=20)
            target(index)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_two_workers_notify_and_send_at_once_and_each_person_is_told_once(postgres, transactional_db, settings):
    from conftest import build_world

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    for role, address in ((Role.DIRECTOR, "zhou@example.cn"), (Role.HEALTH, "li@example.cn")):
        world.user(role).email = address
        world.user(role).save()

    def alert(_index):
        notify(NoticeKind.OUTBREAK, world.campus, roles=[Role.DIRECTOR, Role.HEALTH], title="疫情预警", key="outbreak:same")

    assert _in_threads(alert) == []
    assert Notification.objects.count() == 1 and NotificationRecipient.objects.count() == 2
    assert Delivery.objects.count() == 2
    recipients = list(NotificationRecipient.objects.values_list("pk", flat=True))
    assert _in_threads(lambda _index: send_deliveries(recipients)) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["li@example.cn", "zhou@example.cn"]
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}
