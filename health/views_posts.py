"""Health education posts: the health teacher's list and form; the parent's reading."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus.access import parent_required, staff_required
from campus.errors import service_call
from campus.scoping import get_child_for_user

from . import posts


class PostForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    body = forms.CharField(label=gettext_lazy("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


@staff_required(perm="health.add_healthpost")
def post_list(request):
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            posts.publish_post(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Posted: every family of the campus can read it."))
            return redirect("health:posts")
    return render(request, "health/posts.html", {"form": form, "posts": posts.for_campus(request.campus.pk)})


@parent_required
def parent_posts(request, pk):
    child = get_child_for_user(request, pk)
    return render(request, "health/parent_posts.html", {"child": child, "posts": posts.for_campus(child.campus_id)})
