"""Meal photos (``MealPhoto``): a cook or the logistics head uploads one or more photos of a meal of
the day from the phone, ticking that they show only food. Each upload is checked by its content
(``campus.uploads``: an image we accept, within the size limit), turned upright and re-encoded as a
JPEG of at most ``MAX_SIDE`` pixels, so its EXIF data (where and when, the phone) never reaches a
family. Parents see today's photos on the today page (``kitchen.family``), through their own URL."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campus.errors import ServiceError
from campus.history import save_tracked
from campus.uploads import IMAGE, validate_upload

from .choices import Meal
from .models_photos import MealPhoto
from .services import settings_for

MAX_SIDE = 1600  # pixels: sharp on a phone, a few hundred kB
MAX_PER_MEAL = 6
QUALITY = 85


class PhotoError(ServiceError):
    pass


def clean_image(upload) -> bytes:
    """The photo re-encoded: upright, RGB, at most ``MAX_SIDE`` pixels, no EXIF or other metadata."""
    from PIL import Image, ImageOps

    try:
        validate_upload(upload, (IMAGE,))
    except ValidationError as exc:
        raise PhotoError(exc.messages[0], field="photos") from None
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)  # as the phone showed it; the orientation tag goes with the rest
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=QUALITY, optimize=True)  # no exif=, no icc_profile=: nothing but pixels
    return out.getvalue()


@transaction.atomic
def add_meal_photos(campus, *, day, meal, photos, food_only, user) -> list[MealPhoto]:
    """Photos of ``meal`` on ``day`` (today or an earlier day). Refused: without the tick that they show
    only food; a meal the campus does not serve; a future day; more than ``MAX_PER_MEAL`` for a meal."""
    if not food_only:
        raise PhotoError(_("Tick that the photos show only the food: photos of children are not sent to families."),
                         field="food_only")
    if meal not in settings_for(campus).served_meals():
        raise PhotoError(_("The campus does not serve this meal."), field="meal")
    if day > timezone.localdate():
        raise PhotoError(_("Photos of a meal not served yet cannot be uploaded."))
    photos = [p for p in photos or () if p]
    if not photos:
        raise PhotoError(_("Choose at least one photo."), field="photos")
    existing = MealPhoto.objects.shown().filter(campus=campus, date=day, meal=meal).count()
    if existing + len(photos) > MAX_PER_MEAL:
        raise PhotoError(_("At most %(n)d photos per meal: this meal has %(existing)d already.")
                         % {"n": MAX_PER_MEAL, "existing": existing}, field="photos")
    contents = [clean_image(upload) for upload in photos]  # every file checked before any is stored
    saved = []
    for content in contents:
        row = MealPhoto(campus=campus, date=day, meal=Meal(meal).value, food_only=True, uploaded_by=user)
        row.photo.save(f"{day:%Y%m%d}-{meal}-{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
        saved.append(save_tracked(row, user, gettext_noop("uploaded")))
    return saved


@transaction.atomic
def take_down_meal_photo(photo: MealPhoto, *, user) -> MealPhoto:
    """Take a photo down (a child in the picture, the wrong meal): no one is shown it again and its
    file is deleted; the record stays, saying who took it down and when."""
    photo = MealPhoto.objects.select_for_update().get(pk=photo.pk)
    if photo.taken_down_at is not None:
        raise PhotoError(_("This photo has already been taken down."))
    photo.taken_down_at, photo.taken_down_by = timezone.now(), user
    save_tracked(photo, user, gettext_noop("taken down"))
    name, storage = photo.photo.name, photo.photo.storage
    transaction.on_commit(lambda: storage.delete(name))
    return photo

