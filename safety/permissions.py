"""Safety permissions, one block per half of the app joined below. The gatekeeper sees visitors and
pickers (never health or money); class teachers hand over their own classes; parents manage their own
child's pickers through parent views (no permission); the director sees everything, ID numbers whole."""

from campus.roles import Role

GATE_RULES = {
    Role.DIRECTOR: ["view_*", "change_safetysettings"],
    Role.GATEKEEPER: ["view_safetysettings"],
    Role.TEACHER: ["view_safetysettings"],
    Role.LOGISTICS: ["view_safetysettings"],
}

DUTIES_RULES: dict = {}

RULES = {role: [*GATE_RULES.get(role, []), *DUTIES_RULES.get(role, [])] for role in Role}
