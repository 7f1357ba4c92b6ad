"""Kitchen permissions: cooks write the food-safety records, the health teacher writes dishes,
ingredients and menus, the logistics head keeps the suppliers, the director reads everything and
edits the kitchen settings, and alone may accept a delivery refused for the supplier's licence. Parents see only the published menu and
today's meal photos of their child's campus (parent views, no permission). Meal photos are uploaded by
cooks and the logistics head and taken down by them or the director."""

from campus.roles import Role

RULES = {
    Role.DIRECTOR: ["view_*", "change_kitchensettings", "override_acceptance", "delete_mealphoto"],
    Role.LOGISTICS: ["view_*", "add_supplier", "change_supplier", "add_suppliercertificate", "change_suppliercertificate",
                     "add_mealphoto", "delete_mealphoto"],
    Role.HEALTH: [
        "view_*", "add_dish", "change_dish", "add_dishingredient", "change_dishingredient", "delete_dishingredient",
        "add_ingredient", "change_ingredient", "add_menu", "change_menu", "add_menuitem", "change_menuitem",
        "delete_menuitem", "add_weighing", "change_weighing", "add_weighingline", "delete_weighingline",
        "change_mealfeedback",
    ],
    Role.COOK: [
        "view_*", "add_acceptance", "change_acceptance", "add_delivery", "change_delivery", "add_foodsample", "change_foodsample", "add_disinfection", "change_disinfection",
        "add_staffmeal",
        "change_staffmeal", "add_weighing", "change_weighing", "add_weighingline", "delete_weighingline",
        "change_mealfeedback", "add_mealphoto", "delete_mealphoto",
    ],
}
