"""On PostgreSQL: two detections at once in one class (two teachers saving at the same moment,
windows overlapping) make one outbreak alert, not two (the class row is locked, not luck)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from checklists.models import Run
from health import services
from health.choices import SymptomGroup
from health.models import OutbreakAlert, SickFollowUp
from tests.factories import make_class_with_children

pytestmark = pytest.mark.postgres


def test_two_overlapping_detections_at_once_make_one_alert(postgres, transactional_db, clock, monkeypatch):
    from health.services import outbreak
    from tests.factories import make_world

    world = make_world()
    today = clock.school_day(world.campus, at="09:00")
    room, kids = make_class_with_children(world, 6)
    yesterday = today - dt.timedelta(days=1)
    for child, day in zip(kids, [yesterday] * 3 + [today] * 3, strict=True):
        SickFollowUp.objects.create(campus=room.campus, classroom=room, child=child, date=day,
                                    symptom_group=SymptomGroup.FEVER)
    services.settings_for(room.campus)  # the campus's settings row exists, as on any campus in use
    barrier, errors = threading.Barrier(2), []
    # Both read the cases at the same moment, and creating an alert takes a while: without the lock
    # each would find no alert and make its own.
    read, create = outbreak.similar_cases, outbreak._create_alert

    def similar_cases(*args, **kwargs):
        found = read(*args, **kwargs)
        barrier.wait(timeout=20)
        return found

    def slow_create(*args, **kwargs):
        time.sleep(0.5)
        return create(*args, **kwargs)

    monkeypatch.setattr(outbreak, "similar_cases", similar_cases)
    monkeypatch.setattr(outbreak, "_create_alert", slow_create)

    def detect(day):
        try:
            services.evaluate_outbreak(room, day, world.user("health_teacher"))
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=detect, args=(day,)) for day in (today, yesterday)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    alert = OutbreakAlert.objects.get()
    assert alert.cases == 6 and Run.objects.filter(is_adhoc=True).count() == 1
