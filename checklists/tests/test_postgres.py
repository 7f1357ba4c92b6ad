"""On PostgreSQL: two workers generating at once, two phones completing at once.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/houqin_checklists``; CI's SQLite pass
deselects these (``-m "not postgres"``)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from campus.models import Notification, NotificationRecipient
from campus.roles import Role
from checklists import services
from checklists.choices import RunStatus
from checklists.models import ChecklistSettings, ChecklistTemplate, ItemResult, Run, TemplateItem

pytestmark = pytest.mark.postgres


def _templates(campus, count=20):
    start = timezone.localdate() - dt.timedelta(days=30)
    for n in range(count):
        template = ChecklistTemplate.objects.create(
            campus=campus, code=f"t{n}", title=f"检查{n}", department="logistics", assignee_role=Role.GATEKEEPER.value,
            recurrence="daily", starts_on=start, due_time=dt.time(23, 59),
        )
        TemplateItem.objects.create(template=template, label="门窗已锁好")
    settings = ChecklistSettings.for_campus(campus)
    settings.catch_up_days = 9
    settings.save()


def test_generation_twice_and_in_two_workers_at_once_creates_nothing_twice(postgres, transactional_db, monkeypatch, in_threads):
    from tests.factories import make_world

    world = make_world()
    _templates(world.campus)
    expected = 20 * 10  # 20 daily templates, today and 9 days of catch-up

    # Both workers read "nothing exists yet" before either inserts: the constraint alone must stop duplicates.
    original = services.build_runs
    gate = threading.Barrier(2)

    def build_then_wait(*args, **kwargs):
        runs = original(*args, **kwargs)
        gate.wait(timeout=20)
        return runs

    monkeypatch.setattr(services, "build_runs", build_then_wait)
    reports, errors = in_threads(lambda index: services.generate_runs(campus=world.campus))
    assert not errors, errors
    assert [report.created for report in reports] == [expected, expected]  # both tried every row
    assert Run.objects.count() == expected
    assert not Run.objects.values("template", "period_start").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Notification.objects.values("campus", "kind", "key").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not NotificationRecipient.objects.values("notification", "user").annotate(n=Count("id")).filter(n__gt=1).exists()

    monkeypatch.setattr(services, "build_runs", original)
    assert services.generate_runs(campus=world.campus).created == 0  # and a second run, later
    assert Run.objects.count() == expected


def test_two_phones_completing_the_same_run_at_once(postgres, transactional_db, clock, in_threads):
    from tests.factories import make_world

    world = make_world()
    clock.school_day(world.campus)  # the run is generated for today
    template = ChecklistTemplate.objects.create(
        campus=world.campus, code="fridge", title="冰箱", department="kitchen", assignee_role=Role.COOK.value,
        starts_on=timezone.localdate(),
    )
    item = TemplateItem.objects.create(template=template, label="冷藏温度", kind="number", min_value=0, max_value=8)
    services.generate_runs(campus=world.campus)
    run = Run.objects.get()
    users = [world.user(Role.COOK), world.user(Role.LOGISTICS)]

    def complete(index):
        return services.complete_run(Run.objects.get(pk=run.pk), user=users[index],
                                     answers={item.pk: services.Answer(value=Decimal(4 + index))})

    results, errors = in_threads(complete)
    assert len(errors) == 1 and isinstance(errors[0], services.RunAlreadyDone), errors
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert ItemResult.objects.filter(run=run).count() == 1
