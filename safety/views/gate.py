"""Safety pages: the gate (visitors, do-not-admit list, pickers, dismissal handover) and the settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.errors import service_call
from campus.history import history_entries

from .. import services
from ..forms import SettingsForm


@staff_required(perm="safety.view_safetysettings")
def index(request):
    return render(request, "safety/gate/index.html", {})


@staff_required(perm="safety.change_safetysettings")
def settings_edit(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj, campus=request.campus)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(obj, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Safety settings saved."))
            return redirect("safety:settings")
    return render(request, "safety/gate/form.html", {"form": form, "title": _("Safety settings"), "obj": obj,
                                                    "history": history_entries(obj), "back": reverse("safety:index")})
