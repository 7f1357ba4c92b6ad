"""The director's alert settings: the campus's 企业微信 / 钉钉 group robots (which alert kinds each
receives, a test message), quiet hours and the daily digest time, and the last group deliveries."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import channels
from .access import staff_required
from .channels_forms import AlertGroupForm, AlertSettingsForm
from .errors import service_call
from .models_family import AlertGroup, AlertSettings
from .roles import Role
from .scoping import get_scoped_object_or_404, in_current_campus

ACCESS = {"perm": "campus.change_alertgroup", "roles": [Role.DIRECTOR]}


@staff_required(**ACCESS)
def alert_settings(request):
    rules = AlertSettings.for_campus(request.campus)
    form = AlertSettingsForm(request.POST or None, initial={"quiet_from": rules.quiet_from, "quiet_until": rules.quiet_until,
                                                           "digest_at": rules.digest_at,
                                                           "medication_due_minutes": rules.medication_due_minutes})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            channels.save_alert_settings(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Alert settings saved."))
            return redirect("campus:alert_settings")
    groups = list(in_current_campus(request, AlertGroup).order_by("name"))
    return render(request, "campus/alerts/settings.html", {
        "form": form, "groups": groups, "deliveries": list(channels.recent_deliveries(request.campus)),
    })


@staff_required(**ACCESS)
def alert_group_add(request):
    return _group_form(request, None)


@staff_required(**ACCESS)
def alert_group_edit(request, pk):
    return _group_form(request, get_scoped_object_or_404(request, AlertGroup, pk=pk, campus=request.campus))


def _group_form(request, group):
    initial = {"kinds": [], "is_active": True}
    if group is not None:
        initial = {"channel": group.channel, "name": group.name, "webhook_url": group.webhook_url, "kinds": group.kinds,
                   "is_active": group.is_active}
    form = AlertGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            group = channels.save_group(request.campus, user=request.user, group=group, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Group saved. Send a test message to check it."))
            return redirect("campus:alert_settings")
    return render(request, "campus/alerts/group_form.html", {"form": form, "group": group,
                                                             "has_secret": bool(group and group.secret)})


@staff_required(**ACCESS)
@require_POST
def alert_group_test(request, pk):
    group = get_scoped_object_or_404(request, AlertGroup.objects.select_related("campus"), pk=pk, campus=request.campus)
    with service_call(request=request) as call:
        channels.send_test(group)
    if call.ok:
        messages.success(request, _("The test message was accepted by the group robot."))
    return redirect("campus:alert_settings")
