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
]


def _directors_notification(world) -> int:
    from campus.choices import NoticeKind
    from campus.notifications import notify

    def make():
        notice = notify(NoticeKind.OUTBREAK, world.campus, people=[world.user(Role.DIRECTOR)], title="x", key="matrix")
        return notice.recipients.get().pk

    return world.once("notification", make)
