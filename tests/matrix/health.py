from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campus.roles import Role
from tests import factories

from . import Expect

D, H, T = Role.DIRECTOR, Role.HEALTH, Role.TEACHER
DHT = {D, H, T}
DH = {D, H}


def objects(world):
    """One record of each kind on world.campus, made through the health services (once per world)."""
    if "health" in world.cache:
        return world.cache["health"]
    from health.models import OutbreakAlert
    room, child, nurse = world.classroom, world.child, world.user(H)
    exam = factories.make_exam(child, nurse)  # the entry certificate: the child may be checked in
    check = factories.make_check(child, nurse, temperature=Decimal("37.6"))
    obs = factories.make_observation(child, nurse, symptom="咳嗽")
    req = factories.make_medication_request(world.parent, child)
    other_req = factories.make_medication_request(world.other_parent, world.other_child, drug="退烧药", times=("10:00",))
    for request, name in ((req, "box.png"), (other_req, "other-box.png")):
        request.medicine_photo = SimpleUploadedFile(name, factories.make_image(), "image/png")
        request.save()
    dose = factories.make_dose(req, world.user(D), scheduled="14:00")
    fu = factories.make_sick_follow_up(child, "发烧")
    case = factories.make_disease_case(child, nurse)
    factories.make_disease_case(world.other_child, nurse)  # a second case of hand, foot and mouth disease in the class
    alert = OutbreakAlert.objects.filter(classroom=room).latest("pk")
    rnd = factories.make_measurement_round(room, nurse)
    weak = factories.make_weak_case(child, nurse)
    world.cache["health"] = result = {
        "check": check, "obs": obs, "req": req, "other_req": other_req, "dose": dose, "fu": fu, "case": case,
        "alert": alert, "round": rnd, "weak": weak, "exam": exam,
    }
    return result


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pk(key):
    return lambda w: {"pk": objects(w)[key].pk}


EXPECTATIONS = [
    Expect("health:index", allow=DHT),
    Expect("health:check_class", allow={H, T}, kwargs=lambda w: {"pk": w.classroom.pk, "session": "morning"}),
    Expect("health:check_detail", allow=DHT, kwargs=pk("check")),
    Expect("health:observations", allow=DHT, setup=objects, shows_child=True),
    Expect("health:observation_add", allow={H, T}),
    Expect("health:observation_detail", allow=DHT, kwargs=pk("obs")),
    Expect("health:medication", allow=DHT, setup=objects, shows_child=True),
    Expect("health:medication_add", allow={H, T}),
    Expect("health:medication_detail", allow=DHT, kwargs=pk("req")),
    Expect("health:dose_give", allow={H, T}, kwargs=pk("req"), method="post",
           data=lambda w: {"time": "10:00", "amount": "5ml", "date": timezone.localdate().isoformat()}),
    Expect("health:medication_cancel", allow={H}, kwargs=pk("other_req"), method="post", data={"reason": "家长取消"}),
    Expect("health:dose_check", allow={H, T}, kwargs=pk("dose"), method="post"),
    Expect("health:followups", allow=DHT, setup=objects, shows_child=True),
    Expect("health:followup_detail", allow=DHT, kwargs=pk("fu")),
    Expect("health:cases", allow=DHT, setup=objects, shows_child=True),
    Expect("health:case_add", allow={H}),
    Expect("health:case_detail", allow=DHT, kwargs=pk("case")),
    Expect("health:outbreaks", allow=DHT),
    Expect("health:outbreak_detail", allow=DHT, kwargs=pk("alert")),
    Expect("health:rounds", allow=DH),
    Expect("health:round_take", allow={H}, kwargs=lambda w: {"pk": w.classroom.pk}),
    Expect("health:round_detail", allow=DH, kwargs=pk("round")),
    Expect("health:prevalence", allow=DH),
    Expect("health:child_growth", allow=DH, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("health:child_growth_pdf", allow=DH, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("health:bp_list", allow=DH),
    Expect("health:bp_add", allow={H}, kwargs=lambda w: {"pk": w.child.pk}),
    Expect("health:weak_list", allow=DH),
    Expect("health:weak_add", allow={H}),
    Expect("health:weak_detail", allow=DH, kwargs=pk("weak")),
    Expect("health:exams", allow=DH),
    Expect("health:exam_add", allow={H}),
    Expect("health:exam_detail", allow=DH, kwargs=pk("exam")),
    *(Expect("health:register", allow=DHT, kwargs=lambda w, kind=kind: {"kind": kind}, scoped=False, setup=objects,
             shows_child=True, query=query)
      for kind in ("checks", "observations", "medication", "followups", "cases") for query in ("", "?format=xlsx")),
    Expect("health:register", allow=DH, kwargs=lambda w: {"kind": "growth"}, scoped=False),
    Expect("health:settings", allow={D}),
    Expect("health:parent_growth", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("health:parent_medication", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    Expect("health:parent_medication_add", parent=True, kwargs=lambda w: {"pk": w.child.pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk}),
    # The photo of the medicine a parent attached: that child's parents only (staff: campus:media).
    Expect("health:parent_medicine_photo", parent=True,
           kwargs=lambda w: {"pk": w.child.pk, "request_pk": objects(w)["req"].pk},
           other_kwargs=lambda w: {"pk": w.other_child.pk, "request_pk": objects(w)["other_req"].pk}),
]

EXPECTATIONS += [
    Expect("health:posts", allow={Role.HEALTH}),
    Expect("health:parent_posts", parent=True, kwargs=lambda w: {"pk": w.child.pk}, other_kwargs=lambda w: {"pk": w.far_child.pk},
           scoped=False),
]
