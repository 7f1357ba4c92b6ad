import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from health import services
from health.models import MedicationDose, MedicationRequest
from health.services import HealthError

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def photo():
    return SimpleUploadedFile("form.jpg", b"\xff\xd8\xff\xe0 signed form", content_type="image/jpeg")


@pytest.fixture
def request_(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.create_medication_request(
        world.child, drug="小儿止咳糖浆", dose="5 ml", times="10:00, 14:30", route="oral", starts_on=TODAY(),
        ends_on=TODAY() + dt.timedelta(days=2), user=world.parent.user, guardian=world.parent,
    )


def test_parent_requests_from_own_login(world, client_as):
    client = client_as(world.parent.user)
    day = TODAY().isoformat()
    response = client.post(f"/health/parent/child/{world.child.pk}/medication/new/", {
        "drug": "阿莫西林颗粒", "dose": "半包", "times": "11：00", "route": "oral", "starts_on": day, "ends_on": day})
    assert response.status_code == 302
    req = MedicationRequest.objects.get()
    assert req.requested_by == world.parent and req.times == ["11:00"] and not req.form_photo
    page = client.get(f"/health/parent/child/{world.child.pk}/medication/").content.decode()
    assert "阿莫西林颗粒" in page
    # Another parent's child: refused.
    assert client.get(f"/health/parent/child/{world.other_child.pk}/medication/").status_code == 404


def test_staff_request_needs_a_photo_of_the_signed_form(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kwargs = {"drug": "滴眼液", "dose": "1滴", "times": ["09:30"], "route": "eye", "starts_on": TODAY(), "ends_on": TODAY(),
              "user": world.user("teacher")}
    with pytest.raises(HealthError) as exc:
        services.create_medication_request(world.child, **kwargs)
    assert "form_photo" in exc.value.message_dict
    assert not MedicationRequest.objects.exists()
    req = services.create_medication_request(world.child, form_photo=photo(), **kwargs)
    assert req.form_photo.name.startswith("health/medication/")


def test_bad_times_and_dates_are_refused(world):
    base = {"drug": "药", "dose": "1片", "route": "oral", "user": world.parent.user, "guardian": world.parent}
    with pytest.raises(HealthError) as exc:
        services.create_medication_request(world.child, times="25:00", starts_on=TODAY(), ends_on=TODAY(), **base)
    assert "times" in exc.value.message_dict
    with pytest.raises(HealthError) as exc:
        services.create_medication_request(world.child, times="10:00", starts_on=TODAY(),
                                           ends_on=TODAY() - dt.timedelta(days=1), **base)
    assert "ends_on" in exc.value.message_dict


def test_dose_given_by_one_checked_by_another(world, request_, clock):
    clock.at("10:05")
    nurse, teacher = world.user("health_teacher"), world.user("teacher")
    dose = services.give_dose(request_, day=TODAY(), scheduled="10:00", amount="5ml", user=nurse)
    assert dose.given_by == nurse and dose.checked_by is None
    with pytest.raises(HealthError) as exc:
        services.check_dose(dose, nurse)
    assert "second person" in str(exc.value) or "第二" in str(exc.value)
    dose.refresh_from_db()
    assert dose.checked_by is None
    services.check_dose(dose, teacher)
    dose.refresh_from_db()
    assert dose.checked_by == teacher and dose.history.count() == 2


def test_giving_a_dose_twice_is_refused(world, request_, clock):
    clock.at("10:05")
    services.give_dose(request_, day=TODAY(), scheduled="10:00", amount="5 ml", user=world.user("teacher"))
    with pytest.raises(HealthError) as exc:
        services.give_dose(request_, day=TODAY(), scheduled="10:00", amount="5 ml", user=world.user("health_teacher"))
    assert "twice" in str(exc.value) or "重复" in str(exc.value)
    assert MedicationDose.objects.count() == 1


@pytest.mark.parametrize("day_offset,time,amount", [(3, "10:00", "5 ml"), (-1, "10:00", "5 ml"), (0, "12:00", "5 ml"),
                                                    (0, "10:00", "10 ml")])
def test_dose_outside_the_request_is_refused(world, request_, day_offset, time, amount, clock):
    clock.at("10:05")
    with pytest.raises(HealthError):
        services.give_dose(request_, day=TODAY() + dt.timedelta(days=day_offset), scheduled=time, amount=amount,
                           user=world.user("teacher"))
    assert not MedicationDose.objects.exists()


def test_overdue_doses_are_flagged(world, request_):
    tz = timezone.get_current_timezone()
    at = dt.datetime.combine(TODAY(), dt.time(10, 45), tzinfo=tz)
    states = {d.time: d.state for d in services.doses_for_day(world.campus, TODAY(), now=at)}
    assert states == {"10:00": "overdue", "14:30": "due"}  # 45 min late > 30 min grace
    at = dt.datetime.combine(TODAY(), dt.time(10, 20), tzinfo=tz)
    assert {d.time: d.state for d in services.doses_for_day(world.campus, TODAY(), now=at)}["10:00"] == "due"
    services.give_dose(request_, day=TODAY(), scheduled="10:00", amount="5 ml", user=world.user("teacher"),
                       at=at + dt.timedelta(minutes=5))
    at = dt.datetime.combine(TODAY(), dt.time(16, 0), tzinfo=tz)
    states = {d.time: d.state for d in services.doses_for_day(world.campus, TODAY(), now=at)}
    assert states == {"10:00": "given", "14:30": "overdue"}


def test_medication_pages(world, request_, client_as, django_assert_num_queries, clock):
    clock.at("10:05")
    client = client_as(world.user("teacher"))
    response = client.post(f"/health/medication/{request_.pk}/give/", {"time": "10:00", "amount": "5 ml",
                                                                        "date": TODAY().isoformat()})
    assert response.status_code == 302
    dose = MedicationDose.objects.get()
    response = client.post(f"/health/doses/{dose.pk}/check/", follow=True)
    assert "第二人" in response.content.decode() or "second person" in response.content.decode()
    client = client_as(world.user("health_teacher"))
    client.post(f"/health/doses/{dose.pk}/check/")
    dose.refresh_from_db()
    assert dose.checked_by == world.user("health_teacher")
    page = client.get(f"/health/medication/{request_.pk}/").content.decode()
    assert "小儿止咳糖浆" in page and "history-list" in page
    client.get("/health/medication/")
    with django_assert_num_queries(10):
        assert client.get("/health/medication/").status_code == 200
