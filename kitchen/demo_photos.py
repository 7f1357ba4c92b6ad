"""Demo meal photos: today's breakfast and lunch of the central campus, drawn with Pillow (a plate,
a bowl and the dishes' colours: food, never a child), uploaded by the cook through the service.
Idempotent: a meal that has photos today gets none more."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from . import photos
from .choices import Meal
from .models_photos import MealPhoto

PLATES = {  # meal: [(background, [(food colour, box)])]
    Meal.BREAKFAST: [("#f4efe6", [("#f7e7b4", (60, 60, 260, 200)), ("#e9c46a", (290, 90, 400, 190))])],
    Meal.LUNCH: [("#eef2f0", [("#fafafa", (40, 50, 200, 210)), ("#d1495b", (220, 60, 400, 150)), ("#6a994e", (220, 160, 400, 250))]),
                 ("#f2ece4", [("#c97b2a", (70, 60, 380, 240))])],
}


def _plate(background: str, foods) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (440, 300), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 420, 280), fill="#ffffff", outline="#cccccc", width=4)  # the plate
    for colour, box in foods:
        draw.ellipse(box, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("meal.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed(ctx) -> None:
    campus, cook = ctx.campuses["central"], ctx.users["cook"]
    served = photos.settings_for(campus).served_meals()
    made = 0
    for meal, plates in PLATES.items():
        if meal not in served or MealPhoto.objects.shown().filter(campus=campus, date=ctx.today, meal=meal).exists():
            continue
        made += len(photos.add_meal_photos(campus, day=ctx.today, meal=meal, photos=[_plate(bg, foods) for bg, foods in plates],
                                           food_only=True, user=cook))
    if made:
        ctx.log.append(f"kitchen: {made} meal photos")
