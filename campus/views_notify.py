"""The person's notifications: the list behind the bell, opening one, marking all read, and the
e-mail preferences. Everyone sees only their own rows (another person's is a 404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .access import staff_required
from .choices import NoticeKind
from .models_notify import NotificationRecipient


@staff_required
def notification_list(request):
    page = Paginator(notifications.for_user(request.user, request.campus_ids), 30).get_page(request.GET.get("page"))
    return render(request, "campus/notifications.html", {"page": page, "many_campuses": len(request.campus_ids) > 1})


@staff_required
@require_POST
def notification_open(request, pk):
    """Mark it read and go to its record (the list when it has no link, or a link off this site)."""
    recipient = get_object_or_404(
        NotificationRecipient.objects.select_related("notification"),
        pk=pk, user=request.user, notification__campus_id__in=request.campus_ids,
    )
    notifications.open_notification(recipient)
    link = recipient.notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(link)
    return redirect("campus:notifications")


@staff_required
@require_POST
def notification_read_all(request):
    notifications.mark_all_read(request.user, request.campus_ids)
    return redirect("campus:notifications")


@staff_required
def notification_settings(request):
    current = notifications.email_preferences(request.user)
    if request.method == "POST":
        notifications.set_email_preferences(request.user, {kind: request.POST.get(f"email_{kind}") == "on" for kind in current})
        messages.success(request, _("Your notification settings are saved."))
        return redirect("campus:notification_settings")
    rows = [{"kind": kind, "label": NoticeKind(kind).label, "email": email} for kind, email in current.items()]
    return render(request, "campus/notification_settings.html", {"rows": rows, "email": request.user.email})
