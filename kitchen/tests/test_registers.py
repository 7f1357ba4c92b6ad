"""Every food-safety register prints and exports to xlsx for a date range, with the day's records
and nothing outside the range."""

import datetime as dt
import io
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from campus.roles import Role
from tests.matrix.kitchen import objects

pytestmark = pytest.mark.django_db

REGISTERS = [  # (url, a word from today's record)
    ("/kitchen/acceptance/", "青菜"),
    ("/kitchen/samples/", "番茄炒蛋"),
    ("/kitchen/disinfection/", "碗"),
]


def cells(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "register.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("url", "word"), REGISTERS)
def test_register_exports_for_a_date_range(world, client_as, tmp_path, url, word):
    objects(world)
    client = client_as(world.user(Role.DIRECTOR))
    today = timezone.localdate()
    span = f"first={today - dt.timedelta(days=6)}&last={today}"
    xlsx = client.get(f"{url}?{span}&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    text = cells(xlsx.content)
    assert word in text and world.campus.name in text
    pdf = client.get(f"{url}?{span}&format=pdf")
    assert pdf.content.startswith(b"%PDF") and word in pdf_text(pdf.content, tmp_path).replace(" ", "")
    before = f"first={today - dt.timedelta(days=30)}&last={today - dt.timedelta(days=20)}"
    assert word not in cells(client.get(f"{url}?{before}&format=xlsx").content)
