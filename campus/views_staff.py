"""Staff in the site (the director): add a person with their login, roles, campuses and classes; edit
them; record that they leave (the login closes, the history stays); their certificates with scans."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import services_staff
from .access import staff_required
from .errors import service_call
from .forms_setup import CertificateForm, StaffForm, StaffLeaveForm
from .history import history_entries
from .models import StaffCertificate, StaffMember, StaffSettings
from .roles import Role, role_label
from .scoping import campuses_for, get_scoped_object_or_404, in_current_campus

DIRECTOR = [Role.DIRECTOR]


def _campuses(request):
    return campuses_for(request.user)


@staff_required(perm="campus.add_staffmember", roles=DIRECTOR)
def staff_add(request):
    form = StaffForm(request.POST or None, campus=request.campus, campuses=_campuses(request))
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            staff = services_staff.save_staff(request.campus, None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("%(name)s can now log in as %(login)s.") % {"name": staff.name, "login": staff.user.username})
            return redirect("campus:staff_edit", pk=staff.pk)
    return render(request, "campus/setup/form.html", {"form": form, "title": _("Add a staff member"),
                                                      "back": reverse("campus:staff_list")})


@staff_required(perm="campus.change_staffmember", roles=DIRECTOR)
def staff_edit(request, pk):
    staff = get_scoped_object_or_404(request, in_current_campus(request, StaffMember).select_related("user"), pk=pk)
    form = StaffForm(request.POST or None, campus=request.campus, campuses=_campuses(request), staff=staff)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_staff.save_staff(request.campus, staff, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect("campus:staff_edit", pk=staff.pk)
    return render(request, "campus/setup/staff_edit.html", {
        "form": form, "staff": staff, "certificates": staff.certificates.all(), "today": timezone.localdate(),
        "roles": sorted(role_label(name) for name in staff.roles), "history": history_entries(staff),
    })


@staff_required(perm="campus.change_staffmember", roles=DIRECTOR)
def staff_leave(request, pk):
    staff = get_scoped_object_or_404(request, in_current_campus(request, StaffMember).select_related("user"), pk=pk)
    form = StaffLeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_staff.staff_leaves(staff, form.cleaned_data["left_on"], request.user)
        if call.ok:
            messages.success(request, _("%(name)s has left; their login is closed.") % {"name": staff.name})
            return redirect("campus:staff_list")
    return render(request, "campus/setup/form.html", {
        "form": form, "title": pgettext("staff", "%(name)s leaves") % {"name": staff.name},
        "intro": _("Their login closes; their records and history stay."), "back": reverse("campus:staff_edit", args=[staff.pk]),
    })


@staff_required(perm="campus.add_staffcertificate", roles=DIRECTOR)
def certificate_add(request, pk):
    staff = get_scoped_object_or_404(request, in_current_campus(request, StaffMember), pk=pk)
    return _certificate_form(request, staff, StaffCertificate(staff=staff))


@staff_required(perm="campus.change_staffcertificate", roles=DIRECTOR)
def certificate_edit(request, pk):
    cert = get_scoped_object_or_404(request, in_current_campus(request, StaffCertificate).select_related("staff"), pk=pk)
    return _certificate_form(request, cert.staff, cert)


def _certificate_form(request, staff, cert):
    form = CertificateForm(request.POST or None, request.FILES or None, instance=cert)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services_staff.save_certificate(staff, cert if cert.pk else None, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Certificate saved."))
            return redirect("campus:staff_edit", pk=staff.pk)
    return render(request, "campus/setup/form.html", {
        "form": form, "title": _("Certificate of %(name)s") % {"name": staff.name}, "obj": cert if cert.pk else None,
        "history": history_entries(cert) if cert.pk else None, "back": reverse("campus:staff_edit", args=[staff.pk]),
    })


@staff_required
def my_certificates(request):
    """The person's own certificates, with the ones about to expire marked (the home page links here)."""
    staff = request.user.staff
    today = timezone.localdate()
    return render(request, "campus/setup/my_certificates.html", {
        "certificates": staff.certificates.all(), "today": today,
        "soon": today + dt.timedelta(days=StaffSettings.for_campus(request.campus).certificate_alert_days),
    })
