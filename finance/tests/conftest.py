import datetime as dt

import pytest

from tests import factories

MARCH = dt.date(2025, 3, 1)
APRIL = dt.date(2025, 4, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FINANCE_PDF_WORKERS = 1  # test_pdfs.py proves the process pool on its own


@pytest.fixture
def spring(db) -> factories.SpringCampus:
    """春天幼儿园 in the spring term of 2025, fees published (care ¥800/month, meals ¥15/day), three children."""
    return factories.make_spring_campus()
