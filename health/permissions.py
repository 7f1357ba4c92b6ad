from campus.roles import Role

TEACHER_RULES = [
    "view_healthcheck", "add_healthcheck", "change_healthcheck",
    "view_observation", "add_observation",
    "view_medicationrequest", "add_medicationrequest",
    "view_medicationdose", "add_medicationdose", "change_medicationdose",
    "view_sickfollowup", "change_sickfollowup",
    "view_diseasecase", "view_outbreakalert",
]

# The health teacher keeps every register; the per-campus settings are the director's.
HEALTH_RULES = [
    "view_*", "add_*", "change_healthcheck", "change_observation", "change_medicationrequest", "change_medicationdose",
    "change_sickfollowup", "change_diseasecase", "change_outbreakalert", "change_measurementround", "change_measurement",
    "change_bloodpressure", "change_weakchildcase", "change_weakchildvisit", "change_physicalexam", "change_growthreference",
]

RULES = {
    Role.DIRECTOR: ["view_*", "change_healthsettings", "change_outbreakalert"],
    Role.HEALTH: HEALTH_RULES,
    Role.TEACHER: TEACHER_RULES,
}
