"""Measurement rounds, classification, obesity care, the weak-children register, charts and the
WS/T 423 import (the z-score maths itself is tested in test_growth.py)."""

import datetime as dt
import io

import pytest
import tablib
from django.utils import timezone

from health import growth, services
from health.choices import FollowUpStatus, WeakReason, WeightStatus
from health.models import GrowthReference, Measurement, WeakChildCase
from health.resources import GrowthReferenceResource
from health.services import HealthError
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def boy_of_48_months(room, name):
    """Born 1461 days ago: exactly 48.0 months, where WHO's tables give the boys' medians
    height 103.3 cm and weight 16.3 kg."""
    return factories.make_child(room, name, gender="M", birth_date=TODAY() - dt.timedelta(days=1461))


@pytest.fixture
def room(world):
    return world.classroom


def test_round_computes_who_zscores_and_classifies(world, room):
    median, obese = boy_of_48_months(room, "中位数"), boy_of_48_months(room, "胖胖")
    rnd = services.record_round(room, TODAY(), {median.pk: ("103.3", "16.3"), obese.pk: ("103.3", "21")},
                                world.user("health_teacher"))
    m = Measurement.objects.get(child=median)
    assert all(abs(z) <= 0.05 for z in (m.wfa, m.hfa, m.wfh, m.bmi))  # WHO medians: z ≈ 0
    assert m.weight_status == WeightStatus.NORMAL and not m.underweight and not m.stunting
    o = Measurement.objects.get(child=obese)
    assert o.wfh == growth.zscores("M", obese.birth_date, TODAY(), 103.3, 21).wfh
    assert 2 <= o.wfh < 3 and o.weight_status == WeightStatus.OBESE
    assert rnd.measurements.count() == 2 and o.history.count() == 1
    case = WeakChildCase.objects.get(child=obese)
    assert case.reason == WeakReason.OBESITY and case.status == FollowUpStatus.OPEN


def test_cut_offs_are_campus_settings(world, room):
    hs = services.settings_for(world.campus)
    hs.obesity_z = 3
    hs.save()
    child = boy_of_48_months(room, "胖胖")
    services.record_round(room, TODAY(), {child.pk: ("103.3", "21")}, world.user("health_teacher"))
    assert Measurement.objects.get(child=child).weight_status == WeightStatus.OVERWEIGHT


def test_stunting_and_underweight_enter_the_weak_children_register(world, room):
    child = boy_of_48_months(room, "瘦小")
    services.record_round(room, TODAY(), {child.pk: ("92", "11.5")}, world.user("health_teacher"))
    m = Measurement.objects.get(child=child)
    assert m.stunting and m.underweight
    assert WeakChildCase.objects.get(child=child).reason == WeakReason.MALNUTRITION


def test_a_thin_child_of_normal_height_is_wasted(world, room):
    child = boy_of_48_months(room, "单薄")
    services.record_round(room, TODAY(), {child.pk: ("103.3", "13.0")}, world.user("health_teacher"))
    m = Measurement.objects.get(child=child)
    assert -3 < m.wfh < -2 and abs(m.hfa) <= 0.05  # WHO: thin for his height, height at the median
    assert m.weight_status == WeightStatus.WASTING and not m.stunting
    assert WeakChildCase.objects.get(child=child).reason == WeakReason.MALNUTRITION


@pytest.mark.parametrize("height,weight", [("30", "15"), ("200", "15"), ("100", "2"), ("100", "90"), ("abc", "15")])
def test_impossible_heights_and_weights_save_nothing(world, room, height, weight):
    child = boy_of_48_months(room, "甲")
    ok = boy_of_48_months(room, "乙")
    with pytest.raises(HealthError) as exc:
        services.record_round(room, TODAY(), {child.pk: (height, weight), ok.pk: ("103", "16")}, world.user("health_teacher"))
    assert child.name in exc.value.message_dict[child.pk][0]
    assert not Measurement.objects.exists()


def test_a_weight_jump_of_30_percent_asks_to_confirm(world, room):
    child = boy_of_48_months(room, "丙")
    user = world.user("health_teacher")
    services.record_round(room, TODAY() - dt.timedelta(days=30), {child.pk: ("102", "16")}, user)
    with pytest.raises(HealthError) as exc:
        services.record_round(room, TODAY(), {child.pk: ("103", "21")}, user)  # +31 %
    assert "%" in exc.value.message_dict[child.pk][0]
    assert Measurement.objects.filter(child=child).count() == 1
    services.record_round(room, TODAY(), {child.pk: ("103", "20.8")}, user)  # +30 %: fine
    services.record_round(room, TODAY(), {child.pk: ("103", "21")}, user, confirmed={child.pk})
    assert Measurement.objects.get(child=child, measured_on=TODAY()).weight_kg == 21


def test_round_page_asks_to_confirm_and_keeps_input(world, room, client_as):
    child = boy_of_48_months(room, "丁")
    user = world.user("health_teacher")
    services.record_round(room, TODAY() - dt.timedelta(days=30), {child.pk: ("102", "16")}, user)
    client = client_as(user)
    response = client.post(f"/health/growth/class/{room.pk}/", {f"height_{child.pk}": "103", f"weight_{child.pk}": "22"})
    page = response.content.decode()
    assert response.status_code == 200 and f'name="confirm_{child.pk}"' in page and 'value="22"' in page
    response = client.post(f"/health/growth/class/{room.pk}/", {f"height_{child.pk}": "103", f"weight_{child.pk}": "22",
                                                               f"confirm_{child.pk}": "on"})
    assert response.status_code == 302


def test_obese_child_gets_a_monthly_blood_pressure_task_until_reclassified(world, room):
    child = boy_of_48_months(room, "胖胖")
    user = world.user("health_teacher")
    services.record_round(room, TODAY() - dt.timedelta(days=40), {child.pk: ("103", "21.5")}, user)
    assert [r["child"] for r in services.blood_pressure_due(world.campus, TODAY())] == [child]
    services.record_blood_pressure(child, measured_on=TODAY() - dt.timedelta(days=5), systolic=102, diastolic=64, user=user)
    assert services.blood_pressure_due(world.campus, TODAY()) == []
    assert [r["child"] for r in services.blood_pressure_due(world.campus, TODAY() + dt.timedelta(days=25))] == [child]
    services.record_round(room, TODAY(), {child.pk: ("104", "17")}, user)  # reclassified normal
    assert services.blood_pressure_due(world.campus, TODAY() + dt.timedelta(days=60)) == []


@pytest.mark.parametrize("systolic,diastolic,field", [(300, 60, "systolic"), (100, 10, "diastolic"), (80, 90, "diastolic")])
def test_impossible_blood_pressure_refused(world, systolic, diastolic, field):
    with pytest.raises(HealthError) as exc:
        services.record_blood_pressure(world.child, measured_on=TODAY(), systolic=systolic, diastolic=diastolic,
                                       user=world.user("health_teacher"))
    assert field in exc.value.message_dict


def test_prevalence_per_class_and_campus(world, room, django_assert_num_queries):
    other = factories.make_classroom(world.campus, "大一班")
    kids = [boy_of_48_months(room, f"小{n}") for n in range(3)] + [boy_of_48_months(other, f"大{n}") for n in range(2)]
    user = world.user("health_teacher")
    services.record_round(room, TODAY(), {kids[0].pk: ("103.3", "21"), kids[1].pk: ("103.3", "16.3"),
                                          kids[2].pk: ("92", "11.5")}, user)
    services.record_round(other, TODAY(), {kids[3].pk: ("103.3", "23")}, user)
    from health.summary import prevalence

    with django_assert_num_queries(2):
        table = prevalence([room, other], TODAY())
    by_class = {row["label"]: row for row in table["rows"]}
    assert by_class[room.name]["measured"] == 3 and by_class[room.name]["obese"] == 1
    assert by_class[room.name]["stunting"] == 1
    assert by_class["大一班"]["severely_obese"] == 1 and by_class["大一班"]["measured"] == 1
    assert table["total"]["measured"] == 4 and table["total"]["children"] == 2 + 3 + 2
    assert dict(zip(["underweight", "stunting", "wasting", "overweight", "obese", "severely_obese"],
                    table["total"]["rates"], strict=True))["obese"] == (1, "25.0%")


def test_growth_chart_svg_page_pdf_and_parent_view(world, room, client_as):
    user = world.user("health_teacher")
    world.child.birth_date = TODAY() - dt.timedelta(days=1500)
    world.child.save()
    services.record_round(room, TODAY() - dt.timedelta(days=90), {world.child.pk: ("101", "15.5")}, user)
    services.record_round(room, TODAY(), {world.child.pk: ("103", "16.2")}, user)
    page = client_as(user).get(f"/health/growth/child/{world.child.pk}/").content.decode()
    assert page.count("<svg") == 4 and page.count('class="child-point"') == 8 and "polyline" in page
    assert "+2SD" in page
    response = client_as(user).get(f"/health/growth/child/{world.child.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    parent = client_as(world.parent.user)
    page = parent.get(f"/health/parent/child/{world.child.pk}/growth/").content.decode()
    assert page.count("<svg") == 4
    assert parent.get(f"/health/parent/child/{world.other_child.pk}/growth/").status_code == 404
    assert parent.get(f"/health/growth/child/{world.child.pk}/").status_code == 403


def wst_rows():
    """A few WS/T-style SD rows (illustrative numbers; a site imports the real appendix B), with the
    resource's own (translated) column names."""
    columns = {f.attribute: str(f.column_name) for f in GrowthReferenceResource().fields.values()}
    header = [columns[name] for name in ("standard", "indicator", "sex", "x", "sd3neg", "sd2neg", "sd1neg", "sd0", "sd1",
                                         "sd2", "sd3")]
    rows = []
    for x, median in ((45, 106.0), (48, 107.5), (51, 109.0)):
        rows.append(["wst423", "hfa", "男", x, *(round(median + 4.3 * sd, 1) for sd in range(-3, 4))])
    for x, median in ((45, 17.5), (48, 18.2), (51, 18.9)):
        rows.append(["wst423", "wfa", "男", x, *(round(median + 2.0 * sd, 1) for sd in range(-3, 4))])
    return header, rows


def test_wst423_tables_import_and_become_a_second_standard(world, room):
    header, rows = wst_rows()
    data = tablib.Dataset(*rows, headers=header)
    xlsx = data.export("xlsx")
    dataset = tablib.Dataset().load(io.BytesIO(xlsx).read(), format="xlsx")
    resource = GrowthReferenceResource()
    result = resource.import_data(dataset, dry_run=True)
    assert not result.has_errors() and not GrowthReference.objects.exists()
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors(), [r.errors for r in result.rows if r.errors]
    assert GrowthReference.objects.count() == 6
    birth = TODAY() - dt.timedelta(days=1461)  # 48 months
    z = growth.zscores("M", birth, TODAY(), 107.5, 18.2, standard="wst423")
    assert z.hfa == pytest.approx(0, abs=0.02) and z.wfa == pytest.approx(0, abs=0.02) and z.wfh is None
    assert growth.curve("hfa", "M", standard="wst423")[0][0] == 45
    # The campus switches to WS/T 423: rounds use it.
    hs = services.settings_for(world.campus)
    hs.growth_standard = "wst423"
    hs.save()
    child = boy_of_48_months(room, "国标")
    services.record_round(room, TODAY(), {child.pk: ("111.8", "18.2")}, world.user("health_teacher"))
    m = Measurement.objects.get(child=child)
    assert m.standard == "wst423" and m.hfa == pytest.approx(1.0, abs=0.02)


def test_wst423_cannot_be_chosen_before_its_tables_are_imported(world, client_as):
    client = client_as(world.user("director"))
    page = client.get("/health/settings/").content.decode()
    assert "37.3" in page
    data = {f.name: getattr(services.settings_for(world.campus), f.name) for f in services.HealthSettings._meta.fields
            if f.name not in ("id", "campus")}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    response = client.post("/health/settings/", {**data, "growth_standard": "wst423"})
    assert response.status_code == 200 and "growth_standard" in response.context["form"].errors
    response = client.post("/health/settings/", {**data, "outbreak_day_cases": "4"})
    assert response.status_code == 302
    assert services.HealthSettings.objects.get(campus=world.campus).outbreak_day_cases == 4


def test_wst423_import_page_in_the_admin(world, client_as):
    admin = world.user("director")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = client_as(admin)
    assert client.get("/admin/health/growthreference/").status_code == 200
    assert client.get("/admin/health/growthreference/import/").status_code == 200
