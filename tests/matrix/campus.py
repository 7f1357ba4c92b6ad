from campus.roles import Role

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
]


def _directors_notification(world) -> int:
    from campus.choices import NoticeKind
    from campus.notifications import notify

    def make():
        notice = notify(NoticeKind.OUTBREAK, world.campus, people=[world.user(Role.DIRECTOR)], title="x", key="matrix")
        return notice.recipients.get().pk

    return world.once("notification", make)
