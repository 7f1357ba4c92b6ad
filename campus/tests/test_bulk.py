"""campus.bulk writes the same rows as bulk_create_with_history, without the per-value machinery."""

import datetime as dt

import pytest
from django.utils import timezone

from campus.bulk import create_with_history
from campus.choices import Gender
from campus.models import Child, Guardian
from tests import factories

pytestmark = pytest.mark.django_db


def test_new_rows_get_their_keys_in_order_and_one_history_row_each(world):
    user = factories.make_user("bulk-writer")
    when = timezone.now() - dt.timedelta(minutes=5)
    children = [
        Child(campus=world.campus, classroom=world.classroom, name=f"批量{n}", gender=Gender.BOY,
              birth_date=dt.date(2021, 1, 1 + n), enrolled_on=dt.date(2024, 9, 1), allergies="花生" if n == 1 else "")
        for n in range(3)
    ]
    create_with_history(children, user=user, reason="花名册导入", when=when)
    for n, child in enumerate(children):
        stored = Child.objects.get(pk=child.pk)
        assert (stored.name, stored.birth_date, stored.classroom_id) == (f"批量{n}", dt.date(2021, 1, 1 + n), world.classroom.pk)
        record = child.history.get()
        assert record.history_type == "+" and record.history_user == user
        assert record.history_change_reason == "花名册导入" and record.history_date == when
        assert (record.name, record.birth_date, record.allergies, record.campus_id) == (
            stored.name, stored.birth_date, stored.allergies, world.campus.pk)
    assert children[0].pk < children[1].pk < children[2].pk
    assert not children[0]._state.adding


def test_a_guardian_without_user_or_reason(world):
    guardians = [Guardian(name="批量家长", phone="13911112222")]
    create_with_history(guardians)
    record = Guardian.objects.get(phone="13911112222").history.get()
    assert record.history_user is None and record.history_change_reason is None and record.history_type == "+"


def test_pdf_rendering_runs_without_the_cyclic_gc_and_gives_it_back(monkeypatch):
    import gc

    from weasyprint import HTML

    from campus import pdf

    seen = []
    real = HTML.write_pdf

    def spy(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    assert gc.isenabled()
    assert pdf.render_pdf("print/base.html", {}).startswith(b"%PDF")
    assert seen == [False] and gc.isenabled()

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(HTML, "write_pdf", broken)
    with pytest.raises(RuntimeError):
        pdf.render_pdf("print/base.html", {})
    assert gc.isenabled()  # back on after a failure too
