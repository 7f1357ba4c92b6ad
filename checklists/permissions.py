from campus.roles import Role

# Everyone who does checklists may see and complete runs and work on follow-ups; the logistics
# head owns plans and templates; the director also edits the campus's checklist settings.
WORKER = ["view_run", "change_run", "view_itemresult", "view_followup", "change_followup", "view_checklisttemplate",
          "view_plan", "view_templateitem"]

RULES = {
    Role.DIRECTOR: ["view_*", "change_run", "change_followup", "verify_followup", "change_checklistsettings",
                    "add_plan", "change_plan", "add_checklisttemplate", "change_checklisttemplate"],
    Role.LOGISTICS: ["view_*", "add_plan", "change_plan", "add_checklisttemplate", "change_checklisttemplate",
                     "add_templateitem", "change_templateitem", "delete_templateitem", "change_run", "add_run",
                     "add_followup", "change_followup", "verify_followup"],
    Role.HEALTH: [*WORKER, "add_run", "add_followup", "verify_followup"],
    Role.TEACHER: WORKER,
    Role.COOK: WORKER,
    Role.GATEKEEPER: WORKER,
    Role.CASHIER: WORKER,
    Role.ASSETS: WORKER,
}
