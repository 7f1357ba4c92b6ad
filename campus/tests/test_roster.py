"""Roster import and export: messy real-world sheets, row-level errors in Chinese, all or nothing,
history kept, dry run, round trip, a constant number of queries, and the views."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from campus.choices import Gender, Relation
from campus.models import Child, Guardian, Guardianship
from campus.roles import Role
from campus.roster import RosterFileError, export_roster, import_roster, parse_date, parse_gender, parse_phone
from campus.views_roster import SESSION_KEY
from tests import factories

HEADERS = ["编号", "姓名", "性别", "出生日期", "班级", "入园日期", "离园日期", "过敏史", "备注", "家长姓名", "家长电话", "关系"]
MARCH_5 = dt.date(2021, 3, 5)


@pytest.fixture(autouse=True)
def zh():
    """The tests read the Chinese a director sees."""
    with translation.override("zh-hans"):
        yield


def xlsx(rows, headers=HEADERS, title=None) -> bytes:
    return factories.make_xlsx(rows, headers, title)


def row(name="王小米", gender="女", birth="2021-03-05", classroom="小一班", enrolled="2024-09-01", left=None,
        allergies=None, notes=None, guardian="王妈妈", phone="13700000001", relation="母亲", number=None):
    return [number, name, gender, birth, classroom, enrolled, left, allergies, notes, guardian, phone, relation]


def counts():
    return (Child.objects.count(), Guardian.objects.count(), Guardianship.objects.count(),
            Child.history.count(), Guardian.history.count())


@pytest.fixture
def director(world):
    return world.user(Role.DIRECTOR)


def run(world, director, rows, dry_run=False, **kwargs):
    return import_roster(world.campus, xlsx(rows, **kwargs), director, dry_run=dry_run)


def errors_of(outcome):
    return [(item.number, column, message) for item in outcome.rows() for column, message in item.errors]


# --- messy cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2021-3-5", "2021/03/05", "2021.3.5", "2021年3月5日", "２０２１年３月５日", " 2021-03-05\u3000", "2021－03－05",
     "20210305", 20210305, dt.datetime.combine(MARCH_5, dt.time()), MARCH_5, (MARCH_5 - dt.date(1899, 12, 30)).days,
     float((MARCH_5 - dt.date(1899, 12, 30)).days), "2021-03-05 00:00:00", "2021 年 3 月 5 日"],
)
def test_dates_in_every_shape_a_roster_holds(value):
    assert parse_date(value) == MARCH_5


@pytest.mark.parametrize("value", ["2021-13-45", "2021-2-30", "三月五日", "yesterday", "2021-03"])
def test_a_wrong_date_is_refused_in_chinese(value):
    with pytest.raises(ValueError, match="日期"):
        parse_date(value)


@pytest.mark.parametrize("value, expected", [("男", Gender.BOY), ("女", Gender.GIRL), ("M", Gender.BOY), ("f", Gender.GIRL),
                                             ("\u3000男 ", Gender.BOY), ("女孩", Gender.GIRL), ("Ｆ", Gender.GIRL)])
def test_gender_words(value, expected):
    assert parse_gender(value) == expected


def test_phone_numbers_as_excel_keeps_them():
    assert parse_phone(13700000001) == "13700000001"
    assert parse_phone(13700000001.0) == "13700000001"
    assert parse_phone("137-0000-0001") == "13700000001"
    assert parse_phone("１３７ ０００ ００００１") == "13700000001"
    assert parse_phone("0571-88001234") == "0571-88001234"


def test_a_messy_roster_imports(world, director):
    serial = (MARCH_5 - dt.date(1899, 12, 30)).days
    rows = [
        row(name="　王　芳　", birth="２０２１年３月５日", gender="女 ", classroom=" 小一班 ", phone=13700000001),
        [None] * 12,
        row(name="李 雷", birth=serial, gender="M", enrolled=dt.date(2024, 9, 1), phone="137 0000 0002", relation="爸爸",
            guardian="李爸爸"),
        ["", "\u3000", None, " ", None, None, None, None, None, None, None, None],
        row(name="Tom  Lee", birth=dt.date(2021, 3, 5), gender="男", enrolled="2024.9.1", phone="13700000003",
            guardian="Lee Ma", relation="外婆"),
        row(name="赵小敏", birth="2021/3/5", enrolled="2024年9月1日", phone="13700000004", guardian="赵奶奶", relation="奶奶"),
    ]
    outcome = run(world, director, rows, title="2025学年 小一班 幼儿花名册")
    assert errors_of(outcome) == []
    assert outcome.saved and outcome.totals["new"] == 4
    children = {child.name: child for child in Child.objects.filter(campus=world.campus, classroom=world.classroom)}
    assert {"王芳", "李雷", "Tom Lee", "赵小敏"} <= set(children)
    assert all(children[name].birth_date == MARCH_5 for name in ("王芳", "李雷", "Tom Lee", "赵小敏"))
    assert children["王芳"].gender == Gender.GIRL and children["李雷"].gender == Gender.BOY
    assert children["赵小敏"].enrolled_on == dt.date(2024, 9, 1)
    link = Guardianship.objects.get(child=children["李雷"])
    assert (link.guardian.phone, link.guardian.name, link.relation) == ("13700000002", "李爸爸", Relation.FATHER)
    assert Guardianship.objects.get(child=children["Tom Lee"]).relation == Relation.GRANDPARENT


def test_english_headers_and_header_aliases_are_read(world, director):
    headers = ["序号", "幼儿姓名*", "Gender", "生日", "所在班级", "入园时间", "联系电话", "与幼儿关系", "监护人姓名"]
    outcome = import_roster(world.campus, xlsx([[1, "钱多多", "男", "2021-3-5", "小一班", "2024-9-1", "13700000009", "母亲", "钱妈妈"]],
                                               headers=headers), director, dry_run=False)
    assert errors_of(outcome) == [] and outcome.saved
    assert Child.objects.get(name="钱多多").guardians.get().phone == "13700000009"


def test_a_file_that_is_not_a_roster(world, director):
    with pytest.raises(RosterFileError, match="xlsx"):
        import_roster(world.campus, b"not a spreadsheet", director, dry_run=True)
    with pytest.raises(RosterFileError, match="缺少"):
        import_roster(world.campus, xlsx([["王小米", "女"]], headers=["姓名", "性别", "备注"]), director, dry_run=True)


# --- errors: in Chinese, next to the row, nothing saved ---------------------------------------------


@pytest.mark.parametrize(
    "bad_row, column, words",
    [
        (row(name="孙悟空", birth="2021-13-45"), "出生日期", "不是有效的日期"),
        (row(name="孙悟空", birth="明年"), "出生日期", "不是日期"),
        (row(name="孙悟空", classroom="大九班"), "班级", "本园没有“大九班”"),
        (row(name="孙悟空", gender="未知"), "性别", "男或女"),
        (row(name="孙悟空", enrolled="2019-01-01"), "入园日期", "早于出生日期"),
        (row(name="孙悟空", left="2024-01-01"), "离园日期", "早于入园日期"),
        (row(name="", phone="13700000008"), "姓名", "必填"),
        (row(name="孙悟空", relation="邻居"), "关系", "不是可识别的关系"),
        (row(name="孙悟空", phone="call me"), "家长电话", "不是电话号码"),
        (row(name="孙悟空", number=999999), "编号", "本园没有编号为 999999 的幼儿"),
    ],
)
def test_row_errors_are_in_chinese_and_nothing_is_saved(world, director, bad_row, column, words):
    before = counts()
    outcome = run(world, director, [row(name="好孩子", phone="13700000010"), bad_row])
    assert not outcome.saved
    found = errors_of(outcome)
    assert len(found) == 1, found
    number, found_column, message = found[0]
    assert (number, found_column) == (3, column)  # sheet row 3: the header is row 1
    assert words in message
    assert counts() == before


def test_duplicate_child_within_the_file(world, director):
    before = counts()
    outcome = run(world, director, [row(name="周小舟", phone="13700000011"), row(name="周小舟", phone="13700000012")])
    assert errors_of(outcome) == [(3, "姓名", "同一名幼儿（姓名和出生日期相同）也在第 2 行。")]
    assert counts() == before


def test_duplicate_of_a_child_already_on_the_campus(world, director):
    existing = world.child
    before = counts()
    outcome = run(world, director, [row(name=existing.name, birth=existing.birth_date)])
    (number, column, message), = errors_of(outcome)
    assert column == "姓名" and f"本园已有同名同出生日期的幼儿（编号 {existing.pk}）" in message
    assert counts() == before


def test_the_same_name_on_another_campus_is_no_duplicate(world, director):
    far = world.far_child
    outcome = run(world, director, [row(name=far.name, birth=far.birth_date)])
    assert outcome.saved


def test_one_phone_two_names_in_the_file(world, director):
    outcome = run(world, director, [row(name="甲", guardian="张三"), row(name="乙", guardian="李四")])
    (number, column, message), = errors_of(outcome)
    assert (number, column) == (3, "家长姓名") and "第 2 行" in message and "张三" in message


def test_all_or_nothing(world, director):
    before = counts()
    rows = [row(name=f"孩子{i}", phone=f"1370000{i:04d}") for i in range(5)] + [row(name="坏", birth="2099-01-01")]
    outcome = run(world, director, rows, dry_run=False)
    assert not outcome.saved and outcome.totals["new"] == 5 and outcome.totals["invalid"] == 1
    assert errors_of(outcome) == [(7, "出生日期", "出生日期不能晚于今天。")]
    assert counts() == before


# --- history, dry run, round trip ---------------------------------------------------------------------


def test_history_rows_for_created_and_updated_children(world, director):
    outcome = run(world, director, [row(name="吴小蛙")])
    assert outcome.saved
    child = Child.objects.get(name="吴小蛙")
    (record,) = child.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", director, "花名册导入")
    guardian = Guardian.objects.get(phone="13700000001")
    assert guardian.history.get().history_type == "+"

    outcome = run(world, director, [row(name="吴小蛙", number=child.pk, allergies="芒果")])
    assert outcome.saved and outcome.totals["update"] == 1
    child.refresh_from_db()
    assert child.allergies == "芒果"
    latest = child.history.order_by("-history_id").first()
    assert (latest.history_type, latest.allergies, latest.history_user) == ("~", "芒果", director)
    assert child.history.count() == 2


def test_dry_run_saves_nothing(world, director):
    before = counts()
    outcome = run(world, director, [row(name="冯小晴"), row(name="冯小雨", phone="13700000002")], dry_run=True)
    assert outcome.ok and not outcome.saved and outcome.totals["new"] == 2
    assert [item.kind for item in outcome.rows()] == ["new", "new"]
    assert counts() == before


def _rows_of(content: bytes):
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]


def test_export_then_import_changes_nothing(world, director):
    factories.make_child(world.classroom, "陈小北", allergies="花生", notes="第一行\n第二行", left_on=None)
    left = factories.make_child(world.classroom, "陈小南", gender=Gender.BOY)
    left.left_on = left.enrolled_on + dt.timedelta(days=30)
    left.save()
    content = export_roster(world.campus)
    exported = _rows_of(content)
    assert exported[0] == HEADERS
    names = [r[1] for r in exported[1:]]
    assert set(names) == {"张小明", "李小红", "陈小北", "陈小南"}  # this campus only
    assert world.far_child.name not in names
    by_name = {r[1]: r for r in exported[1:]}
    assert by_name["张小明"][9:] == [world.parent.name, world.parent.phone, "母亲"]
    before = counts()
    snapshot = list(Child.objects.order_by("pk").values())

    outcome = import_roster(world.campus, content, director, dry_run=False)
    assert errors_of(outcome) == []
    assert outcome.totals == {"new": 0, "update": 0, "skip": 4, "invalid": 0}
    assert counts() == before
    assert list(Child.objects.order_by("pk").values()) == snapshot


def test_an_edited_export_updates_the_child_and_links_a_new_guardian(world, director):
    content = export_roster(world.campus)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    for cells in ws.iter_rows(min_row=2):
        if cells[1].value == "张小明":
            cells[7].value = "牛奶"
            cells[9].value, cells[10].value, cells[11].value = "张爸爸", "13700000099", "父亲"
    buffer = io.BytesIO()
    wb.save(buffer)
    outcome = import_roster(world.campus, buffer.getvalue(), director, dry_run=True)
    (changed,) = [item for item in outcome.rows() if item.kind == "update"]
    assert changed.changes == ["过敏史", "家长电话"]
    outcome = import_roster(world.campus, buffer.getvalue(), director, dry_run=False)
    assert outcome.saved and outcome.totals["update"] == 1 and outcome.totals["skip"] == 1
    world.child.refresh_from_db()
    assert world.child.allergies == "牛奶"
    assert set(world.child.guardians.values_list("phone", flat=True)) == {world.parent.phone, "13700000099"}


def test_an_existing_guardian_is_linked_not_duplicated(world, director):
    # world.other_parent has a parent login: linked only with the row's confirmation (test_roster_links.py)
    content = xlsx([row(name="李小弟", guardian=world.other_parent.name, phone=world.other_parent.phone)])
    outcome = import_roster(world.campus, content, director, dry_run=False, confirmed_links={2})
    assert outcome.saved
    assert Guardian.objects.filter(phone=world.other_parent.phone).count() == 1
    assert set(world.other_parent.children.values_list("name", flat=True)) == {"李小红", "李小弟"}


# --- queries ----------------------------------------------------------------------------------------


def why(outcome):
    """What stopped an import, for the assertion message."""
    result = outcome.result
    return ([e.traceback for e in result.base_errors], [(n, [e.traceback for e in errs]) for n, errs in result.row_errors()],
            [r.errors for r in outcome.rows() if r.errors][:3])


def _queries(world, director, n, offset):
    rows = [row(name=f"学生{offset + i}", phone=f"1360000{offset + i:04d}", guardian=f"家长{offset + i}") for i in range(n)]
    content = xlsx(rows)
    with CaptureQueriesContext(connection) as captured:
        outcome = import_roster(world.campus, content, director, dry_run=False)
    assert outcome.saved, why(outcome)
    return len(captured)


def test_import_needs_the_same_number_of_queries_for_10_and_50_rows(world, director, django_assert_num_queries):
    ten = _queries(world, director, 10, 0)
    fifty = _queries(world, director, 50, 100)
    assert ten == fifty
    rows = [row(name=f"学生{200 + i}", phone=f"1360000{200 + i:04d}") for i in range(30)]
    content = xlsx(rows)
    # 4 loads (classes, children, guardians by phone, links) + 5 inserts (children, their history,
    # guardians, their history, links) + 8 savepoint statements django-import-export opens around its steps
    with django_assert_num_queries(17):
        outcome = import_roster(world.campus, content, director, dry_run=False)
    assert outcome.saved, why(outcome)


def test_preview_needs_a_constant_number_of_queries(world, director, django_assert_num_queries):
    content = xlsx([row(name=f"学生{i}", phone=f"1360000{i:04d}") for i in range(40)])
    # the 4 loads + 9 savepoint statements; no query per row
    with django_assert_num_queries(13):
        assert import_roster(world.campus, content, director, dry_run=True).ok


# --- views --------------------------------------------------------------------------------------------


def _upload(client, content, name="花名册.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return client.post(reverse("campus:roster_import"), {"file": upload})


def test_upload_preview_confirm(world, director, client_as):
    client = client_as(director)
    assert client.get(reverse("campus:roster_import")).status_code == 200
    before = counts()
    response = _upload(client, xlsx([row(name="郑小松"), row(name="郑小柏", phone="13700000002")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 名新幼儿" in page and "确认保存" in page and "郑小柏" in page
    assert counts() == before  # the preview saves nothing
    token = response.context["token"]
    response = client.post(reverse("campus:roster_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("campus:child_list")
    assert set(Child.objects.filter(name__startswith="郑").values_list("name", flat=True)) == {"郑小松", "郑小柏"}
    assert SESSION_KEY not in client.session
    # the stashed file is gone: confirming twice does nothing more
    response = client.post(reverse("campus:roster_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("campus:roster_import")
    assert Child.objects.filter(name__startswith="郑").count() == 2


def test_preview_shows_errors_next_to_the_row_and_offers_no_confirm(world, director, client_as):
    client = client_as(director)
    response = _upload(client, xlsx([row(name="好孩子"), row(name="坏孩子", classroom="火星班", phone="13700000002")]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "本园没有“火星班”这个班级" in page and 'data-row="3"' in page
    assert "确认保存" not in page and response.context["token"] is None
    assert SESSION_KEY not in client.session
    assert not Child.objects.filter(name="好孩子").exists()


def test_upload_of_something_else(world, director, client_as):
    client = client_as(director)
    response = _upload(client, b"hello", name="roster.csv")
    assert response.status_code == 200 and "xlsx" in response.content.decode()
    response = _upload(client, b"hello", name="roster.xlsx")
    assert "无法读取" in response.content.decode()


def test_confirm_needs_the_token_of_this_session_and_campus(world, director, client_as):
    client = client_as(director)
    response = _upload(client, xlsx([row(name="何小鱼")]))
    token = response.context["token"]
    response = client.post(reverse("campus:roster_confirm"), {"token": "x" * 32})
    assert response.status_code == 302 and not Child.objects.filter(name="何小鱼").exists()
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "campus": world.other_campus.pk}
    session.save()
    response = client.post(reverse("campus:roster_confirm"), {"token": token})
    assert response.status_code == 302 and not Child.objects.filter(name="何小鱼").exists()


def test_confirm_after_the_roster_changed_saves_nothing(world, director, client_as):
    client = client_as(director)
    response = _upload(client, xlsx([row(name="何小鱼")]))
    factories.make_child(world.classroom, "何小鱼", birth_date=MARCH_5)  # someone else added her meanwhile
    before = counts()
    response = client.post(reverse("campus:roster_confirm"), {"token": response.context["token"]})
    assert response.status_code == 409 and "本园已有同名同出生日期的幼儿" in response.content.decode()
    assert counts() == before


def test_export_view(world, director, client_as):
    response = client_as(director).get(reverse("campus:roster_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    names = [r[1] for r in _rows_of(response.content)[1:]]
    assert sorted(names) == sorted([world.child.name, world.other_child.name])


def test_only_the_director_may_import(world, client_as):
    for role in (Role.TEACHER, Role.CASHIER, Role.HEALTH):
        client = client_as(world.user(role))
        assert client.get(reverse("campus:roster_import")).status_code == 403
        assert _upload(client, xlsx([row(name="闯入者")])).status_code == 403
        assert client.get(reverse("campus:roster_export")).status_code == 403
    assert not Child.objects.filter(name="闯入者").exists()


# --- the fast sheet reader reads what openpyxl reads ---------------------------------------------------


def _excel_style_file(date1904=False) -> bytes:
    """An xlsx as Excel/WPS write it (openpyxl itself only writes inline strings): shared strings,
    rich text with pinyin runs, a custom date format, gaps between rows and columns, a formula."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    epoch = ' date1904="1"' if date1904 else ""
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}>'
            f"<workbookPr{epoch}/>"
            '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}>'
            '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/>'
            '<xf numFmtId="49" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="9" uniqueCount="9">'
            "<si><t>姓名</t></si><si><t>性别</t></si><si><t>出生日期</t></si><si><t>班级</t></si><si><t>入园日期</t></si>"
            '<si><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">　芳</t></r><rPh sb="0" eb="1"><t>wang</t></rPh></si>'
            "<si><t>女</t></si><si><t>小一班</t></si><si><t>幼儿花名册</t></si></sst>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><dimension ref="A1:F6"/><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>8</v></c></row>'
            '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c>'
            '<c r="D3" t="s"><v>3</v></c><c r="E3" t="s"><v>4</v></c></row>'
            '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" t="s"><v>6</v></c><c r="C4" s="2"><v>44260</v></c>'
            '<c r="D4" t="s"><v>7</v></c><c r="E4" s="1"><v>45536.0</v></c><c r="F4" t="b"><v>1</v></c></row>'
            '<row r="6"><c r="A6" t="inlineStr"><is><t>李雷</t></is></c><c r="C6" t="str"><f>TEXT(1,"0")</f><v>2021-3-5</v></c>'
            '<c r="D6" s="3" t="s"><v>7</v></c><c r="E6"><v>1.5E1</v></c><c r="F6" t="e"><v>#N/A</v></c></row>'
            "</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("date1904", [False, True])
def test_fast_reader_reads_what_openpyxl_reads(date1904):
    from campus.roster import _openpyxl_rows, fast_sheet_rows

    content = _excel_style_file(date1904)
    fast = [(number, values) for number, values in fast_sheet_rows(content) if values]
    slow = [(number, tuple(values)) for number, values in _openpyxl_rows(content) if any(v is not None for v in values)]
    slow = [(number, values[: len(dict(fast).get(number, values))]) for number, values in slow]
    assert fast == slow
    assert fast[2][1][:3] == ("王　芳", "女", dt.datetime.combine(dt.date(2025, 3, 6) if date1904 else MARCH_5, dt.time()))


def test_an_excel_style_file_imports(world, director):
    outcome = import_roster(world.campus, _excel_style_file(), director, dry_run=True)
    rows = outcome.rows()
    assert [(item.number, item.kind) for item in rows] == [(6, "invalid"), (4, "new")]
    assert rows[1].values[:4] == ["王芳", "女", "2021-03-05", "小一班"]
    assert ("性别", "此项必填。") in rows[0].errors


def test_fast_reader_on_an_openpyxl_file():
    from campus.roster import _openpyxl_rows, fast_sheet_rows

    content = xlsx([row(birth=MARCH_5, phone=13700000001), [None] * 12, row(name="李雷", birth="2021.3.5")], title="标题")

    def trimmed(rows):
        out = []
        for number, values in rows:
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            if values:
                out.append((number, tuple(values)))
        return out

    fast = trimmed(fast_sheet_rows(content))
    assert fast == trimmed(_openpyxl_rows(content))
    assert [number for number, _values in fast] == [1, 2, 3, 5]
    assert fast[2][1][3] == dt.datetime.combine(MARCH_5, dt.time()) and fast[2][1][10] == 13700000001


def test_preview_rows_of_existing_children_need_no_query(world, director, django_assert_num_queries):
    for index in range(5):
        factories.make_child(world.classroom, f"林{index}")
    outcome = import_roster(world.campus, export_roster(world.campus), director, dry_run=True)
    with django_assert_num_queries(0):
        rows = outcome.rows()
    assert [item.kind for item in rows] == ["skip"] * 7 and rows[0].values[3] == "小一班"


def test_moving_a_child_to_another_class_and_long_names(world, director):
    middle = factories.make_classroom(world.campus, "中二班")
    child = world.child
    outcome = run(world, director, [row(name=child.name, birth=child.birth_date, classroom="中二班", number=child.pk,
                                        guardian=world.parent.name, phone=world.parent.phone)])
    assert outcome.saved and outcome.totals["update"] == 1
    child.refresh_from_db()
    assert child.classroom == middle
    assert child.history.order_by("-history_id").first().classroom_id == middle.pk
    outcome = run(world, director, [row(name="长" * 51)])
    assert errors_of(outcome) == [(2, "姓名", "最多 50 个字（这里有 51 个）。")]
