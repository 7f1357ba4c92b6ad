"""Builders for the health tests."""

import datetime as dt

from django.utils import timezone

from health.choices import ExamKind
from health.models import PhysicalExam
from tests import factories


def certify(*children, day=None):
    """Entry health certificates for these children (they may start)."""
    day = day or timezone.localdate() - dt.timedelta(days=120)
    PhysicalExam.objects.bulk_create([
        PhysicalExam(campus_id=c.campus_id, child=c, kind=ExamKind.ENTRY, exam_date=day, hospital="区妇幼保健院")
        for c in children
    ])
    return children


def class_of(world, size, name=None, certified=True):
    room = factories.make_classroom(world.campus, name, head_teacher=world.staff["teacher"])
    children = [factories.make_child(room, f"{room.name}孩子{n:02d}") for n in range(size)]
    if certified:
        certify(*children)
    return room, children
