"""Notices to families: the staff's list, writing one, and who has (not) read it; the parent's
reading of one (which marks it read)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..access import parent_required, staff_required
from ..errors import service_call
from ..models_family import FamilyNotice
from ..scoping import get_scoped_object_or_404, in_current_campus, limited_to_classes, visible_classrooms
from . import notices
from .forms import NoticeForm


@staff_required(perm="campus.view_familynotice")
def notice_list(request):
    rows = (in_current_campus(request, FamilyNotice).select_related("classroom")
            .annotate(told=Count("receipts"), unread=Count("receipts", filter=Q(receipts__read_at__isnull=True)))
            .order_by("-published_at", "-pk")[:50])
    return render(request, "campus/family/notice_list.html", {
        "notices": list(rows), "may_add": request.user.has_perm("campus.add_familynotice")})


@staff_required(perm="campus.add_familynotice")
def notice_add(request):
    form = NoticeForm(list(visible_classrooms(request).order_by("name")), not limited_to_classes(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            notice = notices.publish_notice(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Notice sent to %(n)d families.") % {"n": notice.receipts.count()})
            return redirect(notice)
    return render(request, "campus/family/notice_form.html", {"form": form})


@staff_required(perm="campus.view_familynotice")
def notice_detail(request, pk):
    notice = get_scoped_object_or_404(request, FamilyNotice.objects.select_related("classroom"), pk=pk)
    read, unread = notices.receipts(notice)
    return render(request, "campus/family/notice_detail.html", {"notice": notice, "read": read, "unread": unread})


@parent_required
def parent_notice(request, pk):
    notice = get_object_or_404(FamilyNotice.objects.select_related("classroom", "campus"), pk=pk)
    mine = request.guardian.children.filter(campus_id=notice.campus_id)
    if notice.classroom_id:
        mine = mine.filter(classroom_id=notice.classroom_id)
    if not mine.exists():
        raise Http404
    notices.open_notice(notice, request.guardian)
    return render(request, "campus/family/parent_notice.html", {"notice": notice})
