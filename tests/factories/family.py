"""Family side: leave requests (through the service, so they are in the state a parent's phone makes)."""

import datetime as dt

from django.utils import timezone

from campus.choices import LeaveKind
from campus.family import services


def make_leave_request(child, *, kind=LeaveKind.SICK, first_day=None, last_day=None, symptoms="发烧 38.5", note="", user=None):
    first_day = first_day or timezone.localdate()
    user = user or child.guardians.exclude(user=None).first().user
    return services.request_leave(child, user=user, kind=kind, first_day=first_day, last_day=last_day or first_day,
                                  symptoms=symptoms if kind == LeaveKind.SICK else "", note=note)


def next_day(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)
