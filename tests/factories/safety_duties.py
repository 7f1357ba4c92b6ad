"""Safety duties factories, through the safety services: drills, hazards, letters, documents,
training sessions, safety lessons and duty shifts."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.roles import Role
from safety.models import SafetyDocument, SafetyLetter, TrainingSession
from safety.services import duties as services

from .campus import make_place
from .files import make_image


def make_photo(name="photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_image(), content_type="image/png")


def make_drill(world, *, held_on=None, problems=("楼梯口拥挤",), **extra):
    data = {"kind": "fire", "held_on": held_on or timezone.localdate(), "participants": 120, "classrooms": [world.classroom],
            "evacuation_seconds": 110, "problems": list(problems)}
    data.update(extra)
    return services.record_drill(world.campus, user=world.user(Role.LOGISTICS), **data)


def make_hazard(world, *, kind="facilities", level="general", place=None, user=None, description="滑梯螺丝松动", photo=True):
    return services.report_hazard(world.campus, user=user or world.user(Role.TEACHER), kind=kind, level=level,
                                  place=place or _place(world.campus, "户外活动场地"), description=description,
                                  photo=make_photo() if photo else None)


def _place(campus, name):
    from campus.models import Place

    return Place.objects.filter(campus=campus, name=name).first() or make_place(campus, name)


def make_rectified_hazard(world, **extra):
    hazard = make_hazard(world, **extra)
    return services.rectify_hazard(hazard, user=world.user(Role.LOGISTICS), rectification="已拧紧", after_photo=make_photo())


def make_letter(world, role=Role.TEACHER, *, issued=True, term=None):
    term = term or world.campus.terms.first()
    letter = services.save_letter(SafetyLetter(campus=world.campus), {"term": term, "role": Role(role).value, "title": "班级教师安全责任书",
                                                                      "body": "认真履行安全职责。"}, world.user(Role.LOGISTICS))
    return services.issue_letter(letter, world.user(Role.DIRECTOR)) if issued else letter


def make_document(world, *, title="门卫管理制度", kind="rule"):
    document = SafetyDocument(campus=world.campus, created_by=world.user(Role.LOGISTICS), published_on=timezone.localdate())
    return services.save_document(document, {"kind": kind, "title": title, "body": "外来人员一律登记。", "published_on": timezone.localdate(),
                                             "is_active": True}, world.user(Role.LOGISTICS))


def make_training(world, *, held_on=None, hours="2.0", kind="fire", title="消防安全培训"):
    session = TrainingSession(campus=world.campus, recorded_by=world.user(Role.LOGISTICS))
    return services.save_training(session, {"kind": kind, "title": title, "held_on": held_on or timezone.localdate(),
                                            "hours": Decimal(hours), "trainer": "消防站", "place": "多功能厅"}, world.user(Role.LOGISTICS))


def make_lesson(world, classroom=None, *, held_on=None, user=None):
    return services.record_lesson(world.campus, user=user or world.user(Role.TEACHER), classroom=classroom or world.classroom,
                                  held_on=held_on or timezone.localdate(), topic="不跟陌生人走", minutes=20)


def make_shift(world, *, day=None, kind="gate", people=None):
    from safety.models import DutyShift

    return services.save_shift(DutyShift(campus=world.campus), user=world.user(Role.LOGISTICS), kind=kind,
                               date=day or timezone.localdate() + dt.timedelta(days=1),
                               people=people or [world.staff[Role.GATEKEEPER.value]])
