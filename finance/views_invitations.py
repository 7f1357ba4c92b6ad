"""Parent logins: the cashier's list of guardians, invitation links (guardians without a login),
password-reset links (guardians with one: logged, the parent is told) and the public link page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.errors import error_text, service_call
from campus.models import Guardian
from campus.people import display_name
from campus.scoping import in_current_campus

from . import invitations
from .choices import InvitationKind
from .forms import InvitationForm
from .models import ParentInvitation


def _guardians(request):
    return in_current_campus(request, Guardian).distinct()


@staff_required(perm="finance.add_parentinvitation")
def invite_list(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    resets = ParentInvitation.objects.filter(kind=InvitationKind.RESET).select_related("issued_by__staff").order_by("-issued_at")
    guardians = _guardians(request).select_related("user").prefetch_related(
        "children", Prefetch("invitations", queryset=resets, to_attr="resets"))
    if query:
        guardians = guardians.filter(Q(name__icontains=query) | Q(phone__icontains=query) | Q(children__name__icontains=query))
    guardians = list(guardians.order_by("name")[:100])
    for guardian in guardians:
        guardian.resets = guardian.resets[:3]
        for reset in guardian.resets:
            reset.by = display_name(reset.issued_by, "—")
    return render(request, "finance/invite_list.html", {
        "guardians": guardians, "query": query,
        "may_reset": request.user.has_perm("finance.reset_parent_password"),
    })


def _issued(request, guardian, issue):
    with service_call(request=request) as call:
        invitation, token = issue(guardian, request.campus, request.user)
    if not call.ok:
        return redirect("finance:invite_list")
    link = request.build_absolute_uri(reverse("finance:invitation", args=[token]))
    return render(request, "finance/invite_issued.html", {"guardian": guardian, "invitation": invitation, "link": link})


@staff_required(perm="finance.add_parentinvitation")
@require_POST
def invite_issue(request, pk):
    """An invitation link, only for a guardian without a login; older links die."""
    return _issued(request, get_object_or_404(_guardians(request), pk=pk), invitations.issue_invitation)


@staff_required(perm="finance.reset_parent_password")
@require_POST
def reset_issue(request, pk):
    """A password-reset link for a guardian with a login: logged, and the parent is told when it is used."""
    return _issued(request, get_object_or_404(_guardians(request), pk=pk), invitations.issue_reset)


@login_not_required
def invitation(request, token):
    with service_call() as call:
        invite = invitations.invitation_from_token(token)
    if not call.ok:
        return render(request, "finance/invitation.html", {"error": error_text(call.error)}, status=410)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call() as call:
            user = invitations.accept_invitation(token, form.cleaned_data["password1"])
        if not call.ok:
            return render(request, "finance/invitation.html", {"error": error_text(call.error)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Next time, log in with your phone number and this password."))
        return redirect("campus:parent_home")
    return render(request, "finance/invitation.html", {"form": form, "guardian": invite.guardian, "invite": invite})
