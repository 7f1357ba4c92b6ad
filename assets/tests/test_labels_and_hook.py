"""QR labels (an A4 sheet whose codes open the asset page, after the login page for a phone not logged
in), counting by opening a label with ?count=, and the checklists hook: the monthly reconciliation run
opens a count and the finished count completes it."""

import subprocess

import pytest
from django.test import override_settings

from assets import labels, services
from assets.models import CountScan
from campus.roles import Role
from checklists.choices import RunStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_label_encodes_the_absolute_address_of_the_asset_page(world, rf):
    asset = factories.make_asset(world.campus)
    with override_settings(SITE_URL="https://houqin.example.cn"):
        assert labels.asset_url(asset) == f"https://houqin.example.cn/assets/{asset.pk}/"
    request = rf.get("/", HTTP_HOST="192.168.1.20:8000")
    with override_settings(SITE_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["*"]):
        assert labels.asset_url(asset, request) == f"http://192.168.1.20:8000/assets/{asset.pk}/"
    assert labels.qr_data_uri(labels.asset_url(asset)).startswith("data:image/svg+xml")


def pdf_pages_and_text(content: bytes, tmp_path) -> tuple[int, str]:
    path = tmp_path / "labels.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return pages, subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_label_sheet_is_a_pdf_for_a_place_and_since_a_date(world, client_as, tmp_path):
    place = factories.make_place(world.campus, "小一班教室")
    for index in range(30):
        factories.make_asset(world.campus, f"儿童椅{index}", place=place)
    client = client_as(world.user(Role.ASSETS))
    response = client.get(f"/assets/labels/?place={place.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, text = pdf_pages_and_text(response.content, tmp_path)
    assert pages == 2 and "儿童椅29" in text and "ALPHA-00030" in text and world.campus.name in text
    assert client.get("/assets/labels/?since=2000-01-01").status_code == 200
    assert client.get("/assets/labels/").status_code == 200  # the choice page
    assert client_as(world.user(Role.TEACHER)).get(f"/assets/labels/?place={place.pk}").status_code == 403


def test_scanning_a_label_logged_out_goes_through_the_login_page_to_the_asset(world, client):
    asset = factories.make_asset(world.campus)
    response = client.get(asset.get_absolute_url())
    assert response.status_code == 302 and "next=" in response["Location"]
    login_url = response["Location"]
    teacher = world.user(Role.TEACHER)
    done = client.post(login_url, {"username": teacher.username, "password": factories.PASSWORD})
    assert done.status_code == 302 and done["Location"] == asset.get_absolute_url()
    assert asset.code in client.get(done["Location"]).content.decode()


def test_opening_a_label_with_count_adds_it_to_the_count(world, client_as):
    place = factories.make_place(world.campus, "小一班教室")
    asset = factories.make_asset(world.campus, place=place)
    manager = world.user(Role.ASSETS)
    count = services.start_count(world.campus, place=place, user=manager)
    client = client_as(manager)
    response = client.get(f"{asset.get_absolute_url()}?count={count.pk}")
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    assert CountScan.objects.filter(count=count, asset=asset).exists()
    page = client.get(count.get_absolute_url()).content.decode()  # the count is now the one being walked
    assert "id_code" in page
    assert f'action="/assets/counts/{count.pk}/scan/"' in client.get(asset.get_absolute_url()).content.decode()  # "counted here"
    teacher = client_as(world.user(Role.TEACHER))
    assert teacher.get(f"{asset.get_absolute_url()}?count={count.pk}").status_code == 200  # just the page


def test_the_monthly_reconciliation_run_is_done_by_a_count(world, client_as):
    template = factories.make_checklist_template(world.campus, code="assets-monthly", title="固定资产月度对账盘存",
                                                 role=Role.ASSETS, department="assets", recurrence="monthly")
    run = factories.make_run(template)
    place = factories.make_place(world.campus, "小一班教室")
    factories.make_asset(world.campus, place=place)
    client = client_as(world.user(Role.ASSETS))
    page = client.get(f"/assets/counts/?run={run.pk}").content.decode()
    assert f'value="{run.pk}"' in page
    response = client.post("/assets/counts/start/", {"place": place.pk, "run": run.pk})
    count = world.campus.asset_counts.get()
    assert response["Location"] == count.get_absolute_url() and count.checklist_run_id == run.pk
    client.post(f"/assets/counts/{count.pk}/finish/")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.record == count and run.anomaly_count == 1
