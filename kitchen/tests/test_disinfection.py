import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campus.roles import Role
from checklists.models import FollowUp
from kitchen import services
from kitchen.choices import DisinfectionMethod as M
from kitchen.models import Disinfection

pytestmark = pytest.mark.django_db


def record(world, method, **params):
    return services.record_disinfection(
        world.campus, user=world.user(Role.COOK), date=timezone.localdate(), meal="lunch", method=method, items="碗、勺",
        item_count=60, started_at=timezone.now(), operator=world.user(Role.COOK), **params,
    )


# (method, parameters that meet the domain-facts rule exactly, parameters just below it)
CASES = [
    (M.BOILING, {"duration_seconds": 15 * 60}, {"duration_seconds": 14 * 60}),
    (M.STEAM, {"duration_seconds": 10 * 60}, {"duration_seconds": 9 * 60}),
    (M.INFRARED, {"temperature_c": Decimal("120"), "duration_seconds": 600}, {"temperature_c": Decimal("110"), "duration_seconds": 600}),
    (M.INFRARED, {"temperature_c": Decimal("125"), "duration_seconds": 600}, {"temperature_c": Decimal("125"), "duration_seconds": 540}),
    (M.DISHWASHER, {"temperature_c": Decimal("85"), "duration_seconds": 40}, {"temperature_c": Decimal("80"), "duration_seconds": 40}),
    (M.DISHWASHER, {"temperature_c": Decimal("90"), "duration_seconds": 40}, {"temperature_c": Decimal("90"), "duration_seconds": 30}),
    (M.CHLORINE, {"chlorine_mg_l": 250, "duration_seconds": 300}, {"chlorine_mg_l": 200, "duration_seconds": 300}),
    (M.CHLORINE, {"chlorine_mg_l": 250, "duration_seconds": 300}, {"chlorine_mg_l": 250, "duration_seconds": 240}),
]


@pytest.mark.parametrize(("method", "good", "bad"), CASES)
def test_each_method_is_checked_against_its_rule(world, method, good, bad):
    ok = record(world, method, **good)
    assert ok.anomaly == "" and ok.follow_up is None
    low = record(world, method, **bad)
    assert low.anomaly  # e.g. "时间不足（要求：≥15 分钟）"
    follow_up = FollowUp.objects.get()
    assert low.follow_up == follow_up and follow_up.campus == world.campus and follow_up.assignee == world.user(Role.COOK)


def test_rules_come_from_the_campus_settings(world):
    rules = services.settings_for(world.campus)
    rules.boiling_min_minutes = 20
    rules.save()
    assert record(world, M.BOILING, duration_seconds=15 * 60).anomaly
    assert "≥20" in services.describe_rule(rules, M.BOILING)


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [
        (M.BOILING, {}, "duration_seconds"),
        (M.INFRARED, {"duration_seconds": 600}, "temperature_c"),
        (M.DISHWASHER, {"temperature_c": Decimal("85")}, "duration_seconds"),
        (M.CHLORINE, {"duration_seconds": 300}, "chlorine_mg_l"),
        (M.STEAM, {"duration_seconds": 600, "temperature_c": Decimal("-5")}, "temperature_c"),
        (M.CHLORINE, {"duration_seconds": 300, "chlorine_mg_l": 90000}, "chlorine_mg_l"),
        (M.STEAM, {"duration_seconds": 99999}, "duration_seconds"),
    ],
)
def test_missing_or_absurd_parameter_is_refused(world, method, params, field):
    with pytest.raises(ValidationError) as info:
        record(world, method, **params)
    assert field in info.value.message_dict
    assert not Disinfection.objects.exists() and not FollowUp.objects.exists()


def test_the_phone_form_records_and_shows_the_rule(world, client_as):
    client = client_as(world.user(Role.COOK))
    page = client.get("/kitchen/disinfection/add/?meal=lunch").content.decode()
    assert "≥15 分钟" in page and "≥120 ℃" in page
    data = {"date": timezone.localdate().isoformat(), "meal": "lunch", "method": "steam", "items": "碗", "item_count": "40",
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "operator": world.user(Role.COOK).pk}
    response = client.post("/kitchen/disinfection/add/", data)
    assert response.status_code == 200 and "minutes" in response.context["form"].errors
    assert not Disinfection.objects.exists()
    data["minutes"] = "12"
    assert client.post("/kitchen/disinfection/add/", data).status_code == 302
    row = Disinfection.objects.get()
    assert row.duration_seconds == 720 and row.anomaly == ""
    body = client.get(row.get_absolute_url()).content.decode()
    assert "history-list" in body


def test_disinfection_register_exports(world, client_as):
    record(world, M.STEAM, duration_seconds=600)
    old = record(world, M.BOILING, duration_seconds=900)
    old.date = timezone.localdate() - dt.timedelta(days=40)
    old.save()
    client = client_as(world.user(Role.DIRECTOR))
    today = timezone.localdate().isoformat()
    response = client.get(f"/kitchen/disinfection/?first={today}&last={today}&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    body_rows = [v for v in values if v and v[1] and str(v[1]) in ("Lunch", "午餐")]
    assert len(body_rows) == 1 and body_rows[0][2] in ("Steam", "蒸汽")
    pdf = client.get(f"/kitchen/disinfection/?first={today}&last={today}&export=pdf")
    assert pdf.content.startswith(b"%PDF")
