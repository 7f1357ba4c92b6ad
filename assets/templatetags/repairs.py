"""The repair history on an asset's page (the register side's slot ``assets/_asset_repairs.html``)."""

from django import template

from ..services import repairs as services

register = template.Library()


@register.inclusion_tag("assets/repairs/_asset_history.html", takes_context=True)
def asset_repair_history(context, asset):
    """The asset's repairs, newest first, with the total repair cost; each links to its page for
    those who may open it (the managers and the director: all; anyone else: their own reports)."""
    user = context["request"].user
    repairs, total = services.asset_repairs(asset)
    sees_all = services.may_see_all(user)
    rows = [(repair, sees_all or user.pk in (repair.reported_by_id, repair.assignee_id)) for repair in repairs]
    return {"asset": asset, "rows": rows, "total": total, "count": len(repairs)}


@register.inclusion_tag("assets/repairs/_asset_rhythms.html", takes_context=True)
def asset_rhythms(context, asset):
    """For the asset's managers: the checklists that check it on a rhythm (for it alone, or for each
    asset of its category), in one query; nothing for the others or for an asset written off."""
    show = bool(context.get("may_manage")) and not asset.is_disposed
    return {"asset": asset, "show": show, "rhythms": services.asset_rhythms(asset) if show else [],
            "perms": context.get("perms")}
