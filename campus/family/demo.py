"""Demo of the family side: a sick-leave request from the demo parent waiting for the class teacher
(for the next day, so it is pending whenever the demo is seeded), a class notice partly read and a
campus notice. Idempotent."""

import datetime as dt

from ..choices import LeaveKind, LeaveStatus
from ..models_family import FamilyNotice, LeaveRequest, NoticeReceipt
from . import notices, services


def seed(ctx) -> None:
    child, parent = ctx.parent_child, ctx.parent_user
    if child is None or parent is None:
        return
    if not LeaveRequest.objects.filter(child=child, status=LeaveStatus.PENDING).exists():
        day = ctx.today + dt.timedelta(days=1)
        services.request_leave(child, user=parent, kind=LeaveKind.SICK, first_day=day, last_day=day, symptoms="咳嗽、流鼻涕，低烧 37.6 °C")
        ctx.log.append("leave requests created: 1")
    if not FamilyNotice.objects.filter(campus=child.campus, classroom=child.classroom).exists():
        # A class notice partly read (the demo parent has not opened it), and a campus notice.
        notice = notices.publish_notice(child.campus, user=child.classroom.head_teacher.user, classroom=child.classroom,
                                        title="本周五亲子运动会", body="周五上午 9:00 在户外活动场地举行亲子运动会，请穿运动鞋，家长一人陪同。")
        NoticeReceipt.objects.filter(notice=notice).exclude(guardian__user=parent).update(read_at=notice.published_at)
        notices.publish_notice(child.campus, user=ctx.users["director"], title="元旦放假安排",
                               body="1 月 1 日至 1 月 3 日放假，1 月 4 日正常入园。")
        ctx.log.append("notices created: 2")
