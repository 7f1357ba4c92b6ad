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
    response = client.get(f"/kitchen/disinfection/?first={today}&last={today}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    body_rows = [v for v in values if v and v[1] and str(v[1]) in ("Lunch", "午餐")]
    assert len(body_rows) == 1 and body_rows[0][2] in ("Steam", "蒸汽")
    pdf = client.get(f"/kitchen/disinfection/?first={today}&last={today}&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def correction_data(world, record_, **changes):
    data = {"date": record_.date.isoformat(), "meal": record_.meal, "method": record_.method, "items": record_.items,
            "item_count": str(record_.item_count), "minutes": str(record_.duration_seconds // 60), "seconds": "0",
            "started_at": timezone.localtime(record_.started_at).strftime("%Y-%m-%dT%H:%M"),
            "operator": world.user(Role.COOK).pk, "reason": "分钟数录错了"}
    data.update(changes)
    return data


def test_a_correction_needs_a_reason_and_keeps_both_versions(world, client_as):
    typo = record(world, M.BOILING, duration_seconds=5 * 60)  # 5 minutes typed for 15: an anomaly
    assert typo.anomaly and typo.follow_up is not None
    client = client_as(world.user(Role.COOK))
    url = f"/kitchen/disinfection/{typo.pk}/correct/"
    assert "分钟" in client.get(url).content.decode()
    refused = client.post(url, correction_data(world, typo, minutes="15", reason=""))
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    typo.refresh_from_db()
    assert typo.duration_seconds == 300  # nothing saved
    assert client.post(url, correction_data(world, typo, minutes="15")).status_code == 302
    typo.refresh_from_db()
    assert typo.duration_seconds == 900 and typo.anomaly == ""
    assert typo.follow_up is not None  # the follow-up stays until a second person verifies it
    versions = list(typo.history.order_by("history_date", "history_id"))
    assert versions[0].duration_seconds == 300 and versions[-1].duration_seconds == 900
    assert versions[-1].history_change_reason == "分钟数录错了"
    page = client.get(typo.get_absolute_url()).content.decode()
    assert "分钟数录错了" in page


def test_a_correction_below_the_rule_opens_the_follow_up(world):
    fine = record(world, M.STEAM, duration_seconds=10 * 60)
    assert fine.follow_up is None
    corrected = services.record_disinfection(
        world.campus, user=world.user(Role.COOK), date=fine.date, meal=fine.meal, method=fine.method, items=fine.items,
        item_count=fine.item_count, started_at=fine.started_at, operator=fine.operator, duration_seconds=6 * 60,
        reason="计时器看错", instance=fine,
    )
    assert corrected.pk == fine.pk and corrected.anomaly and corrected.follow_up == FollowUp.objects.get()
    assert Disinfection.objects.count() == 1
