"""Rules and emergency plans: a text or a checked PDF, read confirmation per staff member, the
director sees who has not read."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campus.roles import STAFF_ROLES, Role
from safety.models import DocumentRead, SafetyDocument
from tests import factories


def test_a_plan_is_published_as_a_pdf_and_a_fake_pdf_is_refused(world, client_as, clock):
    day = clock.school_day(world.campus)
    client = client_as(world.user(Role.LOGISTICS))
    data = {"kind": "plan", "title": "火灾应急预案", "published_on": day.isoformat(), "is_active": "on"}
    fake = client.post(reverse("safety:document_add"), {**data, "file": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")})
    assert fake.context["form"].errors["file"] and not SafetyDocument.objects.exists()
    empty = client.post(reverse("safety:document_add"), data)
    assert empty.context["form"].errors["body"]
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("safety:document_add"), {**data, "file": pdf})
    assert SafetyDocument.objects.get().file


def test_staff_confirm_reading_and_the_director_sees_who_has_not(world, client_as, clock):
    clock.school_day(world.campus)
    document = factories.make_document(world)
    home = client_as(world.user(Role.COOK)).get("/").content.decode()
    assert document.get_absolute_url() in home
    client_as(world.user(Role.COOK)).post(reverse("safety:document_read", args=[document.pk]))
    client_as(world.user(Role.COOK)).post(reverse("safety:document_read", args=[document.pk]))  # once
    assert DocumentRead.objects.get().staff == world.staff[Role.COOK.value]
    page = client_as(world.user(Role.DIRECTOR)).get(document.get_absolute_url())
    unread = {staff.name for staff, read in page.context["readers"] if read is None}
    assert "cook" not in unread and "teacher" in unread
    assert page.context["unread"] == len(STAFF_ROLES) - 1
    assert document.get_absolute_url() not in client_as(world.user(Role.COOK)).get("/").content.decode()
    # a cook sees the document but not who read it
    assert client_as(world.user(Role.COOK)).get(document.get_absolute_url()).context["readers"] is None
