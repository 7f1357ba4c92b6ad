"""The measuring position and oedema in a measurement round: service, entry form, pages, register
(issue 11; the z-score maths is in test_growth_boundaries.py)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from health import growth, services
from health.choices import MeasuringPosition, WeightStatus
from health.models import Measurement
from health.services import GrowthEntry
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
NOT_COMPUTED = "水肿，不计算"


def child_aged(room, name, days, gender="M"):
    return factories.make_child(room, name, gender=gender, birth_date=TODAY() - dt.timedelta(days=days))


def test_position_defaults_by_age_and_a_recorded_one_is_corrected(world):
    room, user = world.classroom, world.user("health_teacher")
    toddler, four, five = child_aged(room, "小小", 700), child_aged(room, "四岁", 1461), child_aged(room, "五岁", 1840)
    services.record_round(room, TODAY(), {toddler.pk: ("80.0", "10.9"), four.pk: GrowthEntry("104.0", "16.3", "lying"),
                                          five.pk: ("110.0", "18.3")}, user)
    t, f, v = (Measurement.objects.get(child=c) for c in (toddler, four, five))
    assert (t.position, f.position, v.position) == (MeasuringPosition.LYING, MeasuringPosition.LYING,
                                                    MeasuringPosition.STANDING)
    # Measured as expected: no correction.
    assert t.hfa == growth.zscores("M", toddler.birth_date, TODAY(), 80.0, 10.9).hfa
    # A 4-year-old measured lying is scored at 104.0 - 0.7 cm; the entered height is kept as measured.
    assert f.height_cm == pytest.approx(104.0)
    assert (f.hfa, f.wfh, f.bmi) == tuple(getattr(growth.zscores("M", four.birth_date, TODAY(), 103.3, 16.3), k)
                                          for k in ("hfa", "wfh", "bmi"))
    assert f.hfa == pytest.approx(0, abs=0.01)  # 103.3 cm is WHO's median at 48 months
    # 60.4 months: WHO 2006 standards, weight-for-height present.
    assert v.wfh is not None and v.weight_status != WeightStatus.UNKNOWN


def test_oedema_leaves_weight_based_zscores_out(world):
    room, user = world.classroom, world.user("health_teacher")
    child = child_aged(room, "水肿", 1461)
    services.record_round(room, TODAY(), {child.pk: GrowthEntry("103.3", "21", "", True)}, user)
    m = Measurement.objects.get(child=child)
    assert m.oedema and (m.wfa, m.wfh, m.bmi) == (None, None, None)
    assert m.hfa == pytest.approx(0, abs=0.01)
    assert m.weight_status == WeightStatus.UNKNOWN and not m.underweight
    assert not child.weak_cases.exists()  # no obesity case from a weight swollen by oedema
    assert (m.wfa_shown, m.wfh_shown, m.bmi_shown) == (NOT_COMPUTED,) * 3


def test_a_bad_position_is_refused(world):
    room = world.classroom
    child = child_aged(room, "坐着", 1461)
    with pytest.raises(services.HealthError):
        services.record_round(room, TODAY(), {child.pk: GrowthEntry("103.3", "16.3", "sitting")},
                              world.user("health_teacher"))
    assert not Measurement.objects.exists()


def test_entry_form_offers_position_by_age_and_saves_position_and_oedema(world, client_as):
    room, user = world.classroom, world.user("health_teacher")
    toddler, four = child_aged(room, "小小", 700), child_aged(room, "四岁", 1461)
    client = client_as(user)
    url = f"/health/growth/class/{room.pk}/"
    page = client.get(url).content.decode()
    assert f'name="position_{toddler.pk}" id="pl{toddler.pk}" value="lying" checked' in page
    assert f'name="position_{four.pk}" id="ps{four.pk}" value="standing" checked' in page
    assert f'name="oedema_{four.pk}"' in page
    response = client.post(url, {"date": TODAY().isoformat(), f"height_{toddler.pk}": "80.0", f"weight_{toddler.pk}": "10.9",
                                 f"position_{toddler.pk}": "standing", f"height_{four.pk}": "104.0",
                                 f"weight_{four.pk}": "16.3", f"position_{four.pk}": "standing", f"oedema_{four.pk}": "on"})
    assert response.status_code == 302
    t, f = Measurement.objects.get(child=toddler), Measurement.objects.get(child=four)
    assert t.position == "standing" and not t.oedema
    assert t.hfa == growth.zscores("M", toddler.birth_date, TODAY(), 80.7, 10.9).hfa  # +0.7 cm
    assert f.oedema and f.wfa is None and f.hfa is not None
    # Reopening the form shows what was recorded.
    page = client.get(url).content.decode()
    assert f'id="ps{toddler.pk}" value="standing" checked' in page
    assert f'name="oedema_{four.pk}" id="oe{four.pk}" checked' in page


def test_round_child_page_pdf_and_register_show_position_and_oedema(world, client_as):
    room, user = world.classroom, world.user("health_teacher")
    child = child_aged(room, "小明", 1461)
    rnd = services.record_round(room, TODAY(), {child.pk: GrowthEntry("104.0", "16.3", "lying", True)}, user)
    client = client_as(user)
    page = client.get(f"/health/growth/rounds/{rnd.pk}/").content.decode()
    assert page.count(NOT_COMPUTED) == 3 and "卧位（身长）" in page
    page = client.get(f"/health/growth/child/{child.pk}/").content.decode()
    assert NOT_COMPUTED in page and "卧位（身长）" in page
    assert page.count('class="child-point"') == 1  # height only: no weight-based point with oedema
    assert client.get(f"/health/growth/child/{child.pk}/pdf/").content.startswith(b"%PDF")
    day = TODAY().isoformat()
    response = client.get(f"/health/registers/growth/?first={day}&last={day}&format=xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in rows if "WAZ" in r)
    row = next(r for r in rows if child.name in r)
    record = dict(zip(header, row, strict=False))
    assert record["测量体位"] == "卧位（身长）" and record["水肿"] == "是"
    assert (record["WAZ"], record["WHZ"], record["BAZ"]) == (NOT_COMPUTED,) * 3
    assert record["HAZ"] is not None
