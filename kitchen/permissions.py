from campus.roles import Role

RULES = {
    Role.DIRECTOR: ["view_*"],
}
