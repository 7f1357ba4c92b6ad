"""Safety responsibility letters: a text per post and term, issued by the director, signed by each
staff member of the post on the site (name, time, a drawn signature if they like); the director sees
who has not signed; the letter is a to-do on the staff member's home page and a notification."""

import base64

import pytest
from django.urls import reverse

from campus.choices import NoticeKind
from campus.errors import ServiceError
from campus.models_notify import Notification
from campus.roles import Role
from safety.models import LetterSignature
from safety.services import duties
from tests import factories


def test_issuing_a_letter_tells_the_staff_of_the_post_and_puts_it_on_their_home_page(world, client_as, clock):
    clock.school_day(world.campus)
    letter = factories.make_letter(world, Role.TEACHER, issued=False)
    assert not Notification.objects.filter(kind=NoticeKind.SAFETY_LETTER).exists()
    assert client_as(world.user(Role.TEACHER)).get(reverse("safety:letter_sign", args=[letter.pk])).status_code == 404
    client_as(world.user(Role.DIRECTOR)).post(reverse("safety:letter_issue", args=[letter.pk]))
    notice = Notification.objects.get(kind=NoticeKind.SAFETY_LETTER)
    assert list(notice.recipients.values_list("user", flat=True)) == [world.user(Role.TEACHER).pk]
    home = client_as(world.user(Role.TEACHER)).get("/").content.decode()
    assert reverse("safety:letter_sign", args=[letter.pk]) in home
    assert reverse("safety:letter_sign", args=[letter.pk]) not in client_as(world.user(Role.COOK)).get("/").content.decode()


def test_a_teacher_signs_with_a_drawn_signature_and_the_director_sees_who_has_not(world, client_as, clock):
    clock.school_day(world.campus)
    second = factories.make_staff(Role.TEACHER, world.campus, username="t2", name="陈老师")
    letter = factories.make_letter(world, Role.TEACHER)
    drawing = "data:image/png;base64," + base64.b64encode(factories.make_image()).decode()
    client = client_as(world.user(Role.TEACHER))
    wrong = client.post(reverse("safety:letter_sign", args=[letter.pk]), {"signed_name": "别人"})
    assert wrong.context["form"].errors["signed_name"]
    response = client.post(reverse("safety:letter_sign", args=[letter.pk]), {"signed_name": "teacher", "drawing": drawing})
    assert response.status_code == 302
    signature = LetterSignature.objects.get()
    assert signature.staff == world.staff[Role.TEACHER.value] and signature.drawing and signature.signed_at
    assert client.get("/").content.decode().count(reverse("safety:letter_sign", args=[letter.pk])) == 0  # the to-do is gone
    page = client_as(world.user(Role.DIRECTOR)).get(reverse("safety:letter_list"))
    (listed, rows), = page.context["status"]
    assert {s.name: bool(sig) for s, sig in rows} == {"teacher": True, "陈老师": False}
    assert duties.unsigned_count(world.campus, clock.school_day(world.campus)) == (1, 2)
    card = next(c for c in client_as(world.user(Role.DIRECTOR)).get(reverse("campus:dashboard")).context["cards"]
                if c.key == "safety.letters")
    assert (card.state, card.value) == ("attention", "1/2")
    assert second


def test_a_letter_is_signed_once_and_only_by_its_post(world, clock):
    clock.school_day(world.campus)
    letter = factories.make_letter(world, Role.TEACHER)
    duties.sign_letter(letter, user=world.user(Role.TEACHER), signed_name="teacher")
    with pytest.raises(ServiceError):
        duties.sign_letter(letter, user=world.user(Role.TEACHER), signed_name="teacher")
    with pytest.raises(ServiceError):
        duties.sign_letter(letter, user=world.user(Role.COOK), signed_name="cook")
    with pytest.raises(ServiceError):  # signed: the text is fixed
        duties.save_letter(letter, {"body": "改了"}, world.user(Role.LOGISTICS))
    assert LetterSignature.objects.count() == 1


def test_a_drawn_signature_that_is_not_an_image_is_refused(world, clock):
    clock.school_day(world.campus)
    letter = factories.make_letter(world, Role.TEACHER)
    with pytest.raises(ServiceError):
        duties.sign_letter(letter, user=world.user(Role.TEACHER), signed_name="teacher", drawing_png=b"<svg></svg>")
    assert not LetterSignature.objects.exists()


def test_the_signing_register_prints(world, client_as, clock):
    clock.school_day(world.campus)
    letter = factories.make_letter(world, Role.TEACHER)
    duties.sign_letter(letter, user=world.user(Role.TEACHER), signed_name="teacher")
    client = client_as(world.user(Role.DIRECTOR))
    response = client.get(reverse("safety:letter_register"))
    assert [cells[0] for _url, cells in response.context["rows"]] == ["teacher"]
    assert client.get(reverse("safety:letter_register") + "?format=pdf").content.startswith(b"%PDF")
