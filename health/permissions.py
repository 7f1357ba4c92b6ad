from campus.roles import Role

TEACHER_RULES = [
    "view_healthcheck", "add_healthcheck", "change_healthcheck",
    "view_observation", "add_observation",
    "view_medicationrequest", "add_medicationrequest",
    "view_medicationdose", "add_medicationdose", "change_medicationdose",
    "view_sickfollowup", "change_sickfollowup",
    "view_diseasecase", "view_outbreakalert",
]

RULES = {
    Role.DIRECTOR: ["view_*", "change_healthsettings", "change_outbreakalert"],
    Role.HEALTH: ["view_*", "add_*", "change_*"],
    Role.TEACHER: TEACHER_RULES,
}
