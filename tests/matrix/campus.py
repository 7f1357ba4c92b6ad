import datetime as dt

from campus.models import StaffCertificate
from campus.roles import Role
from tests.factories import make_place

from . import ALL_STAFF, Expect

TEACHING = {Role.DIRECTOR, Role.HEALTH, Role.TEACHER}

EXPECTATIONS = [
    Expect("home", allow=ALL_STAFF, parent=True, ok=(200, 302)),
    Expect("healthz", public=True, ok=(200, 503)),
    Expect("login", public=True),
    Expect("logout", allow=ALL_STAFF, parent=True, method="post", ok=(302,)),
    Expect("password_change", allow=ALL_STAFF, parent=True),
    Expect("password_change_done", allow=ALL_STAFF, parent=True),
    Expect("set_language", public=True, method="post", data={"language": "en", "next": "/"}, ok=(302,)),
    Expect("campus:dashboard", allow={Role.DIRECTOR, Role.LOGISTICS}),
    Expect("campus:dashboard_campuses", allow={Role.DIRECTOR, Role.LOGISTICS}),
    Expect("campus:switch", allow=ALL_STAFF, method="post", data=lambda w: {"campus": w.campus.pk}, scoped=True, ok=(302,)),
    Expect("campus:attendance", allow={Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.TEACHER, Role.COOK, Role.CASHIER}),
    Expect("campus:attendance_take", allow=TEACHING, kwargs=lambda w: {"pk": w.classroom.pk}),
    Expect("campus:calendar", allow=ALL_STAFF),
    Expect("campus:staff_list", allow={Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH}),
    Expect("campus:child_list", allow=ALL_STAFF, shows_child=True),
    Expect("campus:child_detail", allow=ALL_STAFF, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("campus:parent_home", parent=True),
    Expect(
        "campus:parent_child", parent=True, kwargs=lambda w: {"pk": w.child.pk},
        other_kwargs=lambda w: {"pk": w.other_child.pk},
    ),
    Expect("campus:media", allow=ALL_STAFF, kwargs=lambda w: {"path": "missing.txt"}, scoped=False, ok=(404,)),
    Expect("campus:roster_import", allow={Role.DIRECTOR}),
    Expect("campus:roster_confirm", allow={Role.DIRECTOR}, method="post", ok=(302,)),
    Expect("campus:roster_export", allow={Role.DIRECTOR}),
    Expect("campus:notifications", allow=ALL_STAFF),
    Expect("campus:notification_settings", allow=ALL_STAFF),
    Expect("campus:notification_read_all", allow=ALL_STAFF, method="post", ok=(302,)),
    # One person's notification: the director's here; everyone else (same campus or not) gets a 404.
    Expect("campus:notification_open", allow={Role.DIRECTOR}, method="post", ok=(302,),
           kwargs=lambda w: {"pk": _directors_notification(w)}),
    # Setting up a kindergarten (issue 15): the director's pages; a class teacher edits their own class's children.
    Expect("campus:roster_template", allow={Role.DIRECTOR}),
    Expect("campus:child_add", allow={Role.DIRECTOR}),
    Expect("campus:child_edit", allow={Role.DIRECTOR, Role.TEACHER}, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("campus:child_leave", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("campus:child_move", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("campus:child_siblings", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("campus:special_diets", allow=ALL_STAFF),
    Expect("campus:setup", allow={Role.DIRECTOR}),
    Expect("campus:campus_add", allow=set()),  # the group director only (a director of one campus is refused)
    Expect("campus:campus_edit", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.campus.pk}, classes=False),
    Expect("campus:classroom_add", allow={Role.DIRECTOR}),
    Expect("campus:classroom_edit", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.classroom.pk}),
    Expect("campus:term_add", allow={Role.DIRECTOR}),
    Expect("campus:term_edit", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.campus.terms.first().pk}, classes=False),
    Expect("campus:place_add", allow={Role.DIRECTOR}),
    Expect("campus:place_edit", allow={Role.DIRECTOR}, classes=False,
           kwargs=lambda w: {"pk": w.once("place", lambda: make_place(w.campus, "多功能厅")).pk}),
    Expect("campus:promotion", allow={Role.DIRECTOR}),
    Expect("campus:my_certificates", allow=ALL_STAFF),
    Expect("campus:staff_add", allow={Role.DIRECTOR}),
    Expect("campus:staff_edit", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.staff[Role.COOK.value].pk}, classes=False),
    Expect("campus:staff_leave", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.staff[Role.COOK.value].pk}, classes=False),
    Expect("campus:certificate_add", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": w.staff[Role.COOK.value].pk},
           classes=False),
    Expect("campus:certificate_edit", allow={Role.DIRECTOR}, classes=False, kwargs=lambda w: {"pk": w.once(
        "certificate", lambda: StaffCertificate.objects.create(staff=w.staff[Role.COOK.value], kind="health",
                                                               expires_on=dt.date(2030, 1, 1))).pk}),
    # Alert groups (企业微信 / 钉钉 robots): the director's settings.
    Expect("campus:alert_settings", allow={Role.DIRECTOR}),
    Expect("campus:alert_group_add", allow={Role.DIRECTOR}),
    Expect("campus:alert_group_edit", allow={Role.DIRECTOR}, kwargs=lambda w: {"pk": _group(w)}, classes=False),
    Expect("campus:alert_group_test", allow={Role.DIRECTOR}, method="post", ok=(302,), kwargs=lambda w: {"pk": _group(w)},
           classes=False),
    # Families: a parent's today page and leave requests; the class's staff answer them.
    Expect("campus:parent_today", parent=True, kwargs=lambda w: {"pk": w.child.pk}, other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("campus:parent_leave", parent=True, kwargs=lambda w: {"pk": w.child.pk}, other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("campus:parent_leave_cancel", parent=True, method="post", ok=(302,), kwargs=lambda w: {"pk": _leave(w, w.child)},
           other_kwargs=lambda w: {"pk": _leave(w, w.other_child)}),
    Expect("campus:family_leave_list", allow={Role.DIRECTOR, Role.HEALTH, Role.TEACHER}, shows_child=True,
           setup=lambda w: _leave(w, w.child)),
    Expect("campus:family_leave_detail", allow={Role.DIRECTOR, Role.HEALTH, Role.TEACHER}, kwargs=lambda w: {"pk": _leave(w, w.child)}),
    Expect("campus:family_leave_decide", allow={Role.DIRECTOR, Role.TEACHER}, method="post", ok=(302,),
           kwargs=lambda w: {"pk": _leave(w, w.child)}, data={"decision": "confirm"}),
    Expect("campus:family_settings", allow={Role.DIRECTOR}),
]


def _group(world) -> int:
    from campus.models import AlertGroup

    # A closed port on this machine: the test button gets "connection refused" at once.
    return world.once("alert_group", lambda: AlertGroup.objects.create(
        campus=world.campus, channel="wecom", name="园务群", webhook_url="http://127.0.0.1:9/cgi-bin/webhook/send?key=x").pk)


def _leave(world, child) -> int:
    from tests.factories import make_leave_request

    return world.once(f"leave:{child.pk}", lambda: make_leave_request(child, symptoms="发烧").pk)


def _directors_notification(world) -> int:
    from campus.choices import NoticeKind
    from campus.notifications import notify

    def make():
        notice = notify(NoticeKind.OUTBREAK, world.campus, people=[world.user(Role.DIRECTOR)], title="x", key="matrix")
        return notice.recipients.get().pk

    return world.once("notification", make)


def _notice(world) -> int:
    from campus.family.notices import publish_notice

    return world.once("notice", lambda: publish_notice(world.campus, user=world.user(Role.TEACHER), classroom=world.classroom,
                                                       title="春游通知", body="周五春游，请穿运动鞋。").pk)


def _other_campus_notice(world) -> int:
    from campus.family.notices import publish_notice

    return world.once("far_notice", lambda: publish_notice(world.other_campus, user=world.outsider.user, title="放假通知",
                                                           body="周一放假。").pk)


EXPECTATIONS += [
    Expect("campus:family_notice_list", allow={Role.DIRECTOR, Role.TEACHER}),
    Expect("campus:family_notice_add", allow={Role.DIRECTOR, Role.TEACHER}),
    # Read receipts: the class's staff and the director only.
    Expect("campus:family_notice_detail", allow={Role.DIRECTOR, Role.TEACHER}, kwargs=lambda w: {"pk": _notice(w)}),
    # A class notice is for every family of the class (the other parent's child is in it too): not per child.
    Expect("campus:parent_notice", parent=True, scoped=False, kwargs=lambda w: {"pk": _notice(w)},
           other_kwargs=lambda w: {"pk": _other_campus_notice(w)}),
]
