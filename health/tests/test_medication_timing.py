"""Issue 11: a dose outside its window needs a reason and a confirmation and is marked early/late
everywhere; the giver is not offered the second check; the parent's request form (ISO dates, a
photo of the medicine, a warning for a request overlapping one for the same drug)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from health import services
from health.choices import DoseTiming
from health.models import HealthSettings, MedicationDose, MedicationRequest
from health.services import HealthError
from tests.factories import log_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
PASSWORD = "pw-123456!"


def png(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def syrup(world, media, clock):
    """小儿止咳糖浆 at 10:00 and 14:30, today and the two days after (asked by the parent at 07:30)."""
    clock.at("07:30")
    return services.create_medication_request(
        world.child, drug="小儿止咳糖浆", dose="5 ml", times="10:00, 14:30", route="oral", starts_on=TODAY(),
        ends_on=TODAY() + dt.timedelta(days=2), user=world.parent.user, guardian=world.parent,
    )


def give(req, user, time, **kwargs):
    return services.give_dose(req, day=TODAY(), scheduled=time, amount="5 ml", user=user, **kwargs)


def staff_client(client, world, role):
    assert log_in(client, world.user(role).get_username(), PASSWORD)
    return client


# --- the service ---------------------------------------------------------------------------------


def test_a_dose_within_the_window_is_one_tap(world, syrup, clock):
    clock.at("10:30")  # the edge of ±30 min is still on time
    dose = give(syrup, world.user("teacher"), "10:00")
    assert (dose.timing, dose.minutes_off, dose.timing_reason) == (DoseTiming.ON_TIME, 0, "")
    assert dose.timing_with_reason == ""


def test_the_1430_dose_at_1200_needs_a_reason_then_a_confirmation(world, syrup, clock):
    clock.at("12:00")
    nurse = world.user("health_teacher")
    with translation.override("zh-hans"), pytest.raises(HealthError) as exc:
        give(syrup, nurse, "14:30")
    assert list(exc.value.message_dict) == ["reason"]
    assert exc.value.message_dict["reason"] == ["14:30 的药现在喂将提前 150 分钟（允许 ±30 分钟），请说明现在喂药的原因。"]
    with pytest.raises(HealthError) as exc:
        give(syrup, nurse, "14:30", reason="   ")
    assert list(exc.value.message_dict) == ["reason"]
    with pytest.raises(HealthError) as exc:
        give(syrup, nurse, "14:30", reason="下午外出就诊")
    assert list(exc.value.message_dict) == ["confirmed"]
    assert not MedicationDose.objects.exists()
    dose = give(syrup, nurse, "14:30", reason="下午外出就诊", confirmed=True)
    assert (dose.timing, dose.minutes_off, dose.timing_reason) == (DoseTiming.EARLY, 150, "下午外出就诊")
    assert dose.history.get().history_change_reason == "下午外出就诊"
    with translation.override("zh-hans"):
        assert dose.timing_with_reason == "提前 150 分钟：下午外出就诊"


def test_the_1000_dose_at_1154_is_flagged_late(world, syrup, clock):
    clock.at("11:54")
    with pytest.raises(HealthError) as exc:
        give(syrup, world.user("teacher"), "10:00")
    assert "reason" in exc.value.message_dict
    dose = give(syrup, world.user("teacher"), "10:00", reason="上午户外活动，回班后补喂", confirmed=True)
    assert (dose.timing, dose.minutes_off) == (DoseTiming.LATE, 114)
    with translation.override("zh-hans"):
        assert dose.timing_with_reason == "推迟 114 分钟：上午户外活动，回班后补喂"


def test_the_window_is_a_campus_setting(world, syrup, clock):
    hs = HealthSettings.for_campus(world.campus)
    assert hs.dose_window_minutes == 30
    hs.dose_window_minutes = 120
    hs.save()
    world.campus.refresh_from_db()
    clock.at("11:54")
    dose = give(syrup, world.user("teacher"), "10:00")
    assert dose.timing == DoseTiming.ON_TIME
    clock.at("10:31")
    hs.dose_window_minutes = 0
    hs.save()
    with pytest.raises(HealthError):
        give(syrup, world.user("teacher"), "14:30")


def test_the_giver_cannot_check_their_own_dose(world, syrup, clock):
    clock.at("10:05")
    nurse = world.user("health_teacher")
    dose = give(syrup, nurse, "10:00")
    with pytest.raises(HealthError):
        services.check_dose(dose, nurse)
    dose.refresh_from_db()
    assert dose.checked_by is None


# --- the pages -----------------------------------------------------------------------------------


def test_an_early_tap_on_the_list_asks_for_the_reason_next_to_its_field(world, syrup, client, clock):
    clock.at("12:00")
    client = staff_client(client, world, "health_teacher")
    page = client.get("/health/medication/").content.decode()
    assert "记录已喂" in page and "现在喂将提前 150 分钟" in page and "我确认在规定时间外喂药" in page
    url = reverse("health:dose_give", args=[syrup.pk])
    post = {"time": "14:30", "amount": "5 ml", "date": TODAY().isoformat(), "next": "/health/medication/"}
    response = client.post(url, post)
    assert response.status_code == 200 and not MedicationDose.objects.exists()
    page = response.content.decode()
    reason_input = "<input" + page.split('name="reason"')[0].rsplit("<input", 1)[1] + page.split('name="reason"')[1].split(">")[0]
    assert "is-invalid" in reason_input  # the message is on the reason field
    error = page.split('id="error_1_id_reason"')[1].split("</")[0]
    assert "提前 150 分钟" in error and "请说明现在喂药的原因" in error
    assert "我确认在规定时间外喂药" in page
    response = client.post(url, {**post, "reason": "下午外出就诊"})
    assert response.status_code == 200 and "请勾选" in response.content.decode() and not MedicationDose.objects.exists()
    response = client.post(url, {**post, "reason": "下午外出就诊", "confirmed": "on"})
    assert response.status_code == 302 and response["Location"] == "/health/medication/"
    dose = MedicationDose.objects.get()
    assert dose.timing == DoseTiming.EARLY and dose.given_by == world.user("health_teacher")
    page = client.get("/health/medication/").content.decode()
    assert "提前 150 分钟：下午外出就诊" in page


def test_within_the_window_the_list_records_at_one_tap(world, syrup, client, clock):
    clock.at("10:10")
    client = staff_client(client, world, "teacher")
    page = client.get("/health/medication/").content.decode()
    assert "记录已喂" in page
    row = page.split("10:00</strong>")[1].split("</li>")[0]
    assert 'name="reason"' not in row  # nothing to fill in on time
    response = client.post(reverse("health:dose_give", args=[syrup.pk]),
                           {"time": "10:00", "amount": "5 ml", "date": TODAY().isoformat(), "next": "/health/medication/"})
    assert response.status_code == 302
    assert MedicationDose.objects.get().timing == DoseTiming.ON_TIME


def test_the_giver_is_not_shown_the_second_check(world, syrup, client, clock):
    clock.at("10:05")
    dose = give(syrup, world.user("health_teacher"), "10:00")
    check_url = reverse("health:dose_check", args=[dose.pk])
    client = staff_client(client, world, "health_teacher")
    for url in ("/health/medication/", syrup.get_absolute_url()):
        page = client.get(url).content.decode()
        assert check_url not in page and "第二人核对" not in page.replace("等待另一人核对", ""), url
    assert "等待另一人核对" in client.get("/health/medication/").content.decode()
    # The refusal for a stale page or a hand-made POST is the service's.
    client.post(check_url)
    dose.refresh_from_db()
    assert dose.checked_by is None
    client.logout()
    client = staff_client(client, world, "teacher")
    for url in ("/health/medication/", syrup.get_absolute_url()):
        assert check_url in client.get(url).content.decode(), url
    client.post(check_url)
    dose.refresh_from_db()
    assert dose.checked_by == world.user("teacher")


def test_early_and_late_show_in_the_register_and_the_parents_log(world, syrup, client, clock, django_assert_num_queries):
    clock.at("11:54")
    give(syrup, world.user("teacher"), "10:00", reason="户外活动后补喂", confirmed=True)
    clock.at("12:00")
    give(syrup, world.user("health_teacher"), "14:30", reason="下午外出就诊", confirmed=True)
    staff_client(client, world, "health_teacher")
    page = client.get("/health/registers/medication/").content.decode()
    assert "时间偏差/原因" in page and "推迟 114 分钟：户外活动后补喂" in page and "提前 150 分钟：下午外出就诊" in page
    xlsx = client.get("/health/registers/medication/?format=xlsx")
    assert xlsx.status_code == 200
    client.get("/health/medication/")
    with django_assert_num_queries(10):
        assert client.get("/health/medication/").status_code == 200
    client.logout()
    assert log_in(client, world.parent.user.get_username(), PASSWORD)
    page = client.get(f"/health/parent/child/{world.child.pk}/medication/").content.decode()
    assert "14:30 · 李" not in page
    assert "推迟 114 分钟：户外活动后补喂" in page and "提前 150 分钟：下午外出就诊" in page


# --- the parent's request form ---------------------------------------------------------------------


def parent_client(client, world):
    assert log_in(client, world.parent.user.get_username(), PASSWORD)
    return client


def test_the_parents_form_has_iso_dates_of_today(world, client, clock):
    clock.at("07:30")
    page = parent_client(client, world).get(f"/health/parent/child/{world.child.pk}/medication/new/").content.decode()
    today = TODAY().isoformat()
    assert f'name="starts_on" value="{today}"' in page and f'name="ends_on" value="{today}"' in page
    assert TODAY().strftime("%Y/%m/%d") not in page
    assert 'enctype="multipart/form-data"' in page and 'name="medicine_photo"' in page


def test_the_parent_attaches_a_photo_of_the_medicine(world, client, media, clock):
    clock.at("07:30")
    client = parent_client(client, world)
    url = f"/health/parent/child/{world.child.pk}/medication/new/"
    day = TODAY().isoformat()
    data = {"drug": "阿莫西林颗粒", "dose": "半包", "times": "11:00", "route": "oral", "starts_on": day, "ends_on": day}
    # Not an image by its content, whatever its name: refused next to the field.
    response = client.post(url, {**data, "medicine_photo": SimpleUploadedFile("box.jpg", b"<svg onload=alert(1)>",
                                                                               "image/jpeg")})
    assert response.status_code == 200 and "这个文件不是照片" in response.content.decode()
    assert not MedicationRequest.objects.exists()
    response = client.post(url, {**data, "medicine_photo": SimpleUploadedFile("box.png", png(), "image/png")})
    assert response.status_code == 302
    req = MedicationRequest.objects.get()
    assert req.medicine_photo.name.startswith("health/medicine/")
    photo_url = reverse("health:parent_medicine_photo", args=[world.child.pk, req.pk])
    assert photo_url in client.get(f"/health/parent/child/{world.child.pk}/medication/").content.decode()
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    # Through another child's address: not found.
    assert client.get(reverse("health:parent_medicine_photo", args=[world.other_child.pk, req.pk])).status_code == 404
    client.logout()
    assert log_in(client, world.other_parent.user.get_username(), PASSWORD)
    assert client.get(photo_url).status_code == 404
    # Staff open it through the record (campus:media), linked from the request's page.
    client.logout()
    staff_client(client, world, "health_teacher")
    media_url = reverse("campus:media", args=[req.medicine_photo.name])
    assert media_url in client.get(req.get_absolute_url()).content.decode()
    assert client.get(media_url).status_code == 200


def test_a_photo_over_the_size_limit_is_refused(world, client, media, settings, clock):
    clock.at("07:30")
    settings.UPLOAD_IMAGE_MAX_MB = 0
    client = parent_client(client, world)
    day = TODAY().isoformat()
    response = client.post(f"/health/parent/child/{world.child.pk}/medication/new/", {
        "drug": "阿莫西林颗粒", "dose": "半包", "times": "11:00", "route": "oral", "starts_on": day, "ends_on": day,
        "medicine_photo": SimpleUploadedFile("box.png", png(), "image/png")})
    assert response.status_code == 200 and "文件超过 0 MB" in response.content.decode()
    assert not MedicationRequest.objects.exists()


def test_an_overlapping_request_for_the_same_drug_needs_a_tick(world, syrup, client, clock):
    client = parent_client(client, world)
    url = f"/health/parent/child/{world.child.pk}/medication/new/"
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    data = {"drug": " 小儿 止咳糖浆", "dose": "5 ml", "times": "19:00", "route": "oral", "starts_on": tomorrow,
            "ends_on": tomorrow}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and MedicationRequest.objects.count() == 1
    assert "已有" in page and 'name="overlap_confirmed"' in page and "仍然提交" in page
    assert 'name="overlap_confirmed"' not in client.get(url).content.decode()  # no box before there is a reason
    response = client.post(url, {**data, "overlap_confirmed": "on"})
    assert response.status_code == 302 and MedicationRequest.objects.count() == 2


def test_the_overlap_rule(world, syrup, clock):
    later = TODAY() + dt.timedelta(days=3)
    assert services.overlapping_requests(world.child, "小儿止咳糖浆", later, later) == []
    assert services.overlapping_requests(world.child, "布洛芬", TODAY(), TODAY()) == []
    assert services.overlapping_requests(world.other_child, "小儿止咳糖浆", TODAY(), TODAY()) == []
    assert services.overlapping_requests(world.child, " 小儿止咳 糖浆 ", later - dt.timedelta(days=1), later) == [syrup]
    english = services.create_medication_request(
        world.child, drug="Ibuprofen Suspension", dose="5 ml", times="10:00", route="oral", starts_on=TODAY(),
        ends_on=TODAY(), user=world.parent.user, guardian=world.parent)
    kwargs = {"dose": "5 ml", "times": "15:00", "route": "oral", "starts_on": TODAY(), "ends_on": TODAY(),
              "user": world.parent.user, "guardian": world.parent}
    with pytest.raises(HealthError) as exc:
        services.create_medication_request(world.child, drug="ibuprofensuspension", **kwargs)
    assert list(exc.value.message_dict) == ["overlap_confirmed"]
    services.cancel_medication_request(english, world.user("health_teacher"), "家长停药")
    assert services.create_medication_request(world.child, drug="ibuprofensuspension", **kwargs).pk


def test_a_late_tap_on_the_requests_page_asks_there_too(world, syrup, client, clock):
    clock.at("11:54")
    client = staff_client(client, world, "teacher")
    page = client.get(syrup.get_absolute_url()).content.decode()
    assert "10:00 · 记录已喂" in page
    url = reverse("health:dose_give", args=[syrup.pk])
    post = {"time": "10:00", "amount": "5 ml", "date": TODAY().isoformat()}
    response = client.post(url, post)
    page = response.content.decode()
    assert response.status_code == 200 and "推迟 114 分钟" in page and f'value="{syrup.get_absolute_url()}"' in page
    response = client.post(url, {**post, "reason": "户外活动后补喂", "confirmed": "on", "next": syrup.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == syrup.get_absolute_url()
    assert "推迟 114 分钟：户外活动后补喂" in client.get(syrup.get_absolute_url()).content.decode()
