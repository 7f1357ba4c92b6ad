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

# Duties: every staff member reports hazards, signs their post's letter, confirms reading the rules and
# plans, signs in to training and sees the duty roster; class teachers record safety lessons for their
# own classes; the logistics head is the campus's safety officer and manages it all; the director sees
# everything, issues the letters and verifies rectifications.
EVERY_STAFF = ["view_hazard", "add_hazard", "add_lettersignature", "view_safetydocument", "add_documentread",
               "view_trainingsession", "add_trainingattendance", "view_dutyshift"]
SAFETY_OFFICER = [
    *EVERY_STAFF, "view_drill", "view_drillproblem", "view_drillphoto", "add_drill", "change_drill", "add_drillphoto",
    "change_hazard", "verify_hazard", "view_safetyletter", "view_lettersignature", "add_safetyletter", "change_safetyletter",
    "add_safetydocument", "change_safetydocument", "view_documentread", "add_trainingsession", "change_trainingsession",
    "view_trainingattendance", "view_safetylesson", "add_safetylesson", "add_dutyshift", "change_dutyshift",
]
DUTIES_RULES: dict = {
    Role.DIRECTOR: [*EVERY_STAFF, "issue_safetyletter", "verify_hazard"],
    Role.LOGISTICS: SAFETY_OFFICER,
    Role.HEALTH: EVERY_STAFF,
    Role.TEACHER: [*EVERY_STAFF, "view_safetylesson", "add_safetylesson"],
    Role.COOK: EVERY_STAFF,
    Role.GATEKEEPER: EVERY_STAFF,
    Role.CASHIER: EVERY_STAFF,
    Role.ASSETS: EVERY_STAFF,
}

RULES = {role: [*GATE_RULES.get(role, []), *DUTIES_RULES.get(role, [])] for role in Role}
