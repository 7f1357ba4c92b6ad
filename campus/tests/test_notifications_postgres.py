"""On PostgreSQL: two workers sending the same alert at the same moment tell each person once and
send each e-mail once (the unique keys and the delivery claim, not luck)."""

import pytest
from django.core import mail

from campus.choices import DeliveryStatus, NoticeKind
from campus.models import Delivery, Notification, NotificationRecipient
from campus.notifications import notify, send_deliveries
from campus.roles import Role

pytestmark = pytest.mark.postgres


def test_two_workers_notify_and_send_at_once_and_each_person_is_told_once(postgres, transactional_db, settings, in_threads):
    from tests.factories import make_world

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = make_world()
    for role, address in ((Role.DIRECTOR, "zhou@example.cn"), (Role.HEALTH, "li@example.cn")):
        world.user(role).email = address
        world.user(role).save()

    def alert(_index):
        notify(NoticeKind.OUTBREAK, world.campus, roles=[Role.DIRECTOR, Role.HEALTH], title="疫情预警", key="outbreak:same")

    assert in_threads(alert)[1] == []
    assert Notification.objects.count() == 1 and NotificationRecipient.objects.count() == 2
    assert Delivery.objects.count() == 2
    recipients = list(NotificationRecipient.objects.values_list("pk", flat=True))
    assert in_threads(lambda _index: send_deliveries(recipients))[1] == []
    assert sorted(m.to[0] for m in mail.outbox) == ["li@example.cn", "zhou@example.cn"]
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}
