from .roles import Role

ALL_STAFF_VIEW = ["view_campus", "view_term", "view_calendarday", "view_classroom", "view_child"]

RULES = {
    Role.DIRECTOR: ["view_*", "add_*", "change_*", "delete_calendarday"],
    Role.LOGISTICS: [*ALL_STAFF_VIEW, "view_staffmember", "view_staffcertificate", "view_attendance"],
    Role.HEALTH: [*ALL_STAFF_VIEW, "view_attendance", "change_attendance", "add_attendance", "view_staffcertificate",
                  "view_staffmember", "view_guardian", "view_guardianship"],
    # change_child: a class teacher keeps allergies and dietary needs of their own classes' children up to date.
    Role.TEACHER: [*ALL_STAFF_VIEW, "change_child", "view_attendance", "add_attendance", "change_attendance", "view_guardian",
                   "view_guardianship"],
    Role.COOK: [*ALL_STAFF_VIEW, "view_attendance"],
    # The gate will need the pickers (names), not the guardians' phones: no view_guardian until then.
    Role.GATEKEEPER: [*ALL_STAFF_VIEW],
    Role.CASHIER: [*ALL_STAFF_VIEW, "view_attendance", "view_guardian", "view_guardianship", "add_guardian",
                   "change_guardian"],
    Role.ASSETS: [*ALL_STAFF_VIEW],
    Role.PARENT: [],
}
