"""Safety permissions, one block per half of the app joined below. Gate: the gatekeeper registers
visitors and sees pickers and the do-not-admit list (never health or money); class teachers hand over
their own classes and confirm temporary pickers; every member of staff may pre-register a visitor;
parents manage their own child's pickers through parent views (no permission); the director sees
everything, ID numbers whole, and keeps the do-not-admit list."""

from campus.roles import STAFF_ROLES, Role

GATE_RULES = {role: ["add_visitor"] for role in STAFF_ROLES}
GATE_RULES[Role.DIRECTOR] += [
    "view_*", "change_safetysettings", "change_visitor", "admit_visitor", "see_id_numbers", "add_restrictedperson",
    "change_restrictedperson", "add_handover", "change_picker"]
GATE_RULES[Role.GATEKEEPER] += [
    "view_safetysettings", "view_visitor", "change_visitor", "admit_visitor", "view_restrictedperson", "view_picker",
    "view_handover", "add_handover"]
GATE_RULES[Role.TEACHER] += ["view_safetysettings", "view_picker", "change_picker", "view_handover", "add_handover"]
GATE_RULES[Role.LOGISTICS] += ["view_safetysettings", "view_visitor"]

DUTIES_RULES: dict = {}

RULES = {role: [*GATE_RULES.get(role, []), *DUTIES_RULES.get(role, [])] for role in Role}
