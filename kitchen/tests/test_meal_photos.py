"""Issue 16: the kitchen's photos of the day's meals. Uploaded from the phone by a cook with the
tick that they show only food; re-encoded without EXIF; served only to the campus's kitchen staff and
to parents of a child of that campus; shown beside the menu on the parent's today page."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campus.roles import Role
from kitchen import photos, services
from kitchen.choices import Meal
from kitchen.models import MealPhoto
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg(size=(64, 48), color="orange", exif=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **({"exif": exif} if exif is not None else {}))
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def phone_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the phone was held upright (rotate 90°)
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2026:12:03 11:30:00"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}  # GPS: where the kitchen is
    return exif.tobytes()


def test_exif_is_stripped_and_the_photo_stays_upright(world, media):
    upload = jpeg(exif=phone_exif())
    assert b"PhoneMaker" in upload.read()
    upload.seek(0)
    photo = photos.add_meal_photos(world.campus, day=timezone.localdate(), meal=Meal.LUNCH, photos=[upload], food_only=True,
                                   user=world.user(Role.COOK))[0]
    stored = (media / photo.photo.name).read_bytes()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (48, 64)  # turned as the phone showed it
    assert photo.history.first().history_change_reason == "uploaded"


def test_the_tick_is_required_and_only_photos_within_the_limit_are_taken(world, settings):
    cook = world.user(Role.COOK)
    today = timezone.localdate()
    with pytest.raises(photos.PhotoError) as refused:
        photos.add_meal_photos(world.campus, day=today, meal=Meal.LUNCH, photos=[jpeg()], food_only=False, user=cook)
    assert "food_only" in refused.value.message_dict
    not_a_photo = SimpleUploadedFile("menu.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    with pytest.raises(photos.PhotoError) as refused:
        photos.add_meal_photos(world.campus, day=today, meal=Meal.LUNCH, photos=[jpeg(), not_a_photo], food_only=True, user=cook)
    assert "photos" in refused.value.message_dict
    settings.UPLOAD_IMAGE_MAX_MB = 0  # every file is over the limit now
    with pytest.raises(photos.PhotoError):
        photos.add_meal_photos(world.campus, day=today, meal=Meal.LUNCH, photos=[jpeg()], food_only=True, user=cook)
    settings.UPLOAD_IMAGE_MAX_MB = 10
    with pytest.raises(photos.PhotoError):
        photos.add_meal_photos(world.campus, day=today, meal=Meal.LUNCH, photos=[jpeg()] * (photos.MAX_PER_MEAL + 1),
                               food_only=True, user=cook)
    assert not MealPhoto.objects.exists()


def test_a_cook_uploads_several_photos_from_the_phone_with_the_tick(world, client_as):
    client = client_as(world.user(Role.COOK))
    url = reverse("kitchen:meal_photos")
    page = client.get(url).content.decode()
    assert 'name="food_only"' in page and 'accept="image/jpeg,image/png,image/gif,image/webp"' in page
    response = client.post(url, {"meal": "lunch", "photos": [jpeg(), jpeg(color="green")]})  # no tick
    assert response.status_code == 200 and response.context["form"].errors["food_only"] and not MealPhoto.objects.exists()
    response = client.post(url, {"meal": "lunch", "photos": [jpeg(), jpeg(color="green")], "food_only": "on"})
    assert response.status_code == 302
    assert list(MealPhoto.objects.values_list("meal", "uploaded_by")) == [("lunch", world.user(Role.COOK).pk)] * 2
    page = client.get(url).content.decode()
    assert page.count("/media/kitchen/meal-photos/") == 2
    # The teacher has no kitchen page; the health teacher sees the photos but cannot upload.
    assert client_as(world.user(Role.TEACHER)).get(url).status_code == 403
    health = client_as(world.user(Role.HEALTH)).get(url)
    assert health.status_code == 200 and health.context["form"] is None


def test_photos_are_served_to_the_campus_staff_and_to_parents_of_its_children_only(world, client_as,
                                                                                   django_capture_on_commit_callbacks):
    photo = factories.make_meal_photo(world.campus, world.user(Role.COOK))
    own = reverse("kitchen:parent_meal_photo", args=[world.child.pk, photo.pk])
    response = client_as(world.parent.user).get(own)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A parent of a child of another campus, through their own child: no.
    far = factories.make_parent(world.far_child, phone="13900000009")
    assert client_as(far.user).get(reverse("kitchen:parent_meal_photo", args=[world.far_child.pk, photo.pk])).status_code == 404
    # Nor through a child that is not theirs.
    assert client_as(far.user).get(own).status_code == 404
    media = reverse("campus:media", args=[photo.photo.name])
    assert client_as(world.user(Role.COOK)).get(media).status_code == 200
    assert client_as(world.user(Role.DIRECTOR)).get(media).status_code == 200
    assert client_as(world.outsider.user).get(media).status_code == 404  # staff of another campus
    assert client_as(world.parent.user).get(media).status_code in (403, 404)  # parents only through their child
    # Taken down (a child in the picture): no one gets it, the record says who and when.
    with django_capture_on_commit_callbacks(execute=True):
        photos.take_down_meal_photo(photo, user=world.user(Role.DIRECTOR))
    assert client_as(world.parent.user).get(own).status_code == 404
    assert client_as(world.user(Role.COOK)).get(media).status_code == 404
    with pytest.raises(photos.PhotoError):
        photos.take_down_meal_photo(photo, user=world.user(Role.DIRECTOR))


def test_the_today_page_shows_todays_photos_beside_the_menu(world, client_as, clock, django_assert_num_queries):
    clock.school_day(world.campus, at="12:30")
    health = world.user(Role.HEALTH)
    rice = factories.make_ingredient("R", "米", energy="360", protein="7", fat="1", carb="79")
    dish = factories.make_dish(world.campus, "番茄炒蛋", [(rice, 50)], health)
    services.publish_menu(factories.make_menu(world.campus, {(timezone.localdate(), Meal.LUNCH): [dish]}, health), health)
    client = client_as(world.parent.user)
    url = reverse("campus:parent_today", args=[world.child.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES) as before:
        client.get(url)
    lunch = factories.make_meal_photo(world.campus, world.user(Role.COOK))
    factories.make_meal_photo(world.campus, world.user(Role.COOK), meal=Meal.BREAKFAST)
    yesterday = factories.make_meal_photo(world.campus, world.user(Role.COOK), day=timezone.localdate() - dt.timedelta(days=1))
    with django_assert_num_queries(QUERIES):
        page = client.get(url).content.decode()
    assert len(before.captured_queries) == QUERIES
    assert reverse("kitchen:parent_meal_photo", args=[world.child.pk, lunch.pk]) in page
    assert f"/meal-photos/{yesterday.pk}/" not in page
    assert page.count("/meal-photos/") == 2 and "番茄炒蛋" in page


QUERIES = 12
