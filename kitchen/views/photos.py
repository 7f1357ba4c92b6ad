"""Meal photos: the day's photos by meal, uploaded from the phone by a cook or the logistics head
(with the tick that they show only food) and taken down by them or the director; a parent gets a
photo of their child's campus through ``parent_meal_photo`` (the campus's staff through /media/)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import service_call
from campus.media import file_response
from campus.scoping import get_child_for_user, get_scoped_object_or_404, in_current_campus
from campus.uploads import ACCEPT, IMAGE, UploadValidator

from .. import photos
from ..choices import Meal
from ..models_photos import MealPhoto
from ..services import settings_for


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """One or more photos (the phone's picker or camera), each checked by ``campus.uploads``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": ACCEPT[IMAGE]}))
        kwargs.setdefault("validators", [UploadValidator((IMAGE,))])
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class MealPhotoForm(forms.Form):
    meal = forms.ChoiceField(label=gettext_lazy("Meal"), choices=Meal.choices)
    photos = PhotosField(label=gettext_lazy("Photos"), help_text=gettext_lazy("One or more photos of the dishes as served."))
    food_only = forms.BooleanField(label=gettext_lazy("The photos show only the food: no child is in them"), required=True)

    def __init__(self, *args, served=None, **kwargs):
        super().__init__(*args, **kwargs)
        if served is not None:
            self.fields["meal"].choices = [(m, Meal(m).label) for m in served]


@staff_required(perm="kitchen.view_mealphoto")
def meal_photos(request):
    day = date_param(request, latest=timezone.localdate())
    served = settings_for(request.campus).served_meals()
    may_add = request.user.has_perm("kitchen.add_mealphoto")
    form = MealPhotoForm(request.POST or None, request.FILES or None, served=served) if may_add else None
    if may_add and request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            saved = photos.add_meal_photos(request.campus, day=day, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("%(n)d photos uploaded.") % {"n": len(saved)})
            return redirect(f"{reverse('kitchen:meal_photos')}?date={day.isoformat()}")
    rows = list(in_current_campus(request, MealPhoto.objects.shown()).filter(date=day).select_related("uploaded_by__staff").order_by("meal", "pk"))
    meals = [(Meal(m).label, [r for r in rows if r.meal == m]) for m in served]
    return render(request, "kitchen/meal_photos.html", {
        "day": day, "meals": meals, "form": form, "may_delete": request.user.has_perm("kitchen.delete_mealphoto"),
    })


@staff_required(perm="kitchen.delete_mealphoto")
@require_POST
def meal_photo_delete(request, pk):
    photo = get_scoped_object_or_404(request, MealPhoto, pk=pk)
    day = photo.date
    return post_action(request, lambda: photos.take_down_meal_photo(photo, user=request.user), _("Photo taken down."),
                       f"{reverse('kitchen:meal_photos')}?date={day.isoformat()}")


@parent_required
def parent_meal_photo(request, pk, photo_pk):
    """A meal photo of the campus of the parent's child (a parent of another campus gets 404)."""
    child = get_child_for_user(request, pk)
    photo = get_object_or_404(MealPhoto.objects.shown(), pk=photo_pk, campus_id=child.campus_id)
    root = settings.MEDIA_ROOT.resolve()
    target = (root / photo.photo.name).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    response = file_response(target)
    response["Cache-Control"] = "private, max-age=86400"  # a photo never changes (a new one has a new id)
    return response
