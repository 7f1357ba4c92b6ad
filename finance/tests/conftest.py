import datetime as dt

import pytest

from campus.roles import Role
from tests import factories

from .helpers import make_term_campus, publish_fees

MARCH = dt.date(2025, 3, 1)
APRIL = dt.date(2025, 4, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FINANCE_PDF_WORKERS = 1  # test_pdfs.py proves the process pool on its own


@pytest.fixture
def spring(db):
    """A campus with the spring term of 2025, fees published (care ¥800/month, meals ¥15/day), three children."""
    campus, room = make_term_campus()
    cashier = factories.make_staff(Role.CASHIER, campus, username="spring-cashier")
    director = factories.make_staff(Role.DIRECTOR, campus, username="spring-director")
    publish_fees(campus, user=director.user)
    children = [factories.make_child(room, name, enrolled_on=dt.date(2025, 2, 17)) for name in ("甲", "乙", "丙")]
    return type("Spring", (), {"campus": campus, "room": room, "children": children, "cashier": cashier.user,
                               "director": director.user})
