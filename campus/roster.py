"""Roster import and export (xlsx): children with their class and main guardian.

Built on django-import-export: ``RosterResource`` declares the columns (translated names,
widgets that read messy real-world cells), ``import_roster`` is the one write path (all or
nothing, history kept), ``export_roster`` writes the same columns, so export -> import
changes nothing.

Rules of the import:
- A row with a 编号 (the child's id, as exported) updates that child of this campus; a row
  without one creates a child. Rows that would change nothing are skipped.
- A new child with the same name and date of birth as a child already on the campus, or as
  another row of the file, is an error (the database says so too: ``child_unique_name_birth``).
- The guardian is found by phone number (unique); a new phone creates the guardian. An import
  never renames a guardian, and links a guardian of another campus or with a parent login only
  when the importer confirms it row by row and sees all that guardian's campuses
  (``roster_links``). Guardians are only ever added to a child, never removed.
- Any error in any row: nothing is saved. Every error is reported next to its sheet row.

Speed: classes, the campus's children, the guardians of the file and the existing links are
loaded once before the rows (a fixed number of queries whatever the file size, up to
``QUERY_CHUNK`` phone numbers per query); rows are validated in Python without
``full_clean``; everything is written at the end: new rows with ``campus.bulk`` (plain INSERTs
of tuples, the same history rows django-simple-history writes), changed ones with
``bulk_update_with_history``.
"""

import datetime as dt
import gc
import io
import itertools
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult
from simple_history.utils import bulk_update_with_history

from .bulk import create_with_history, insert_rows
from .choices import Grade, Relation
from .errors import ServiceError
from .exports import dataset_xlsx
from .models import Child, Classroom, Guardian, Guardianship
from .roster_cells import (
    GENDER_WORDS,
    RELATION_WORDS,
    ChoiceWordWidget,
    ClassroomWidget,
    IdWidget,
    PhoneWidget,
    RosterDateWidget,
    TextWidget,
    class_key,
    clean_multiline,
    clean_name,
    gender_label,
    header_key,
    parse_gender,
    parse_phone,
    parse_relation,
    relation_label,
)
from .roster_cells import (
    parse_date as parse_date,  # re-exported: tests and bench/roster_import.py import it from here
)
from .roster_links import GuardianLinks, name_kept_message
from .spreadsheets import XlsxRejected, check_xlsx, limited_rows, parse_bounded

MAX_ROWS = 20000  # children rows
MAX_SHEET_ROWS = 50000  # sheet rows read at most (blank rows included)
HEADER_SEARCH_ROWS = 10
BATCH_SIZE = 1000
LINK_FIELDS = [Guardianship._meta.get_field(name) for name in ("guardian", "child", "relation", "may_pick_up")]
LINK_PICK_UP_DEFAULT = Guardianship._meta.get_field("may_pick_up").default
QUERY_CHUNK = 20000
ROW_KEY = "_row"  # the sheet row number, carried along in the dataset for messages

# key -> column label. The labels are the column names of the export and of the import.
COLUMNS = {
    "id": pgettext_lazy("roster column", "No."),
    "name": pgettext_lazy("roster column", "Name"),
    "gender": pgettext_lazy("roster column", "Gender"),
    "birth_date": pgettext_lazy("roster column", "Date of birth"),
    "classroom": pgettext_lazy("roster column", "Class"),
    "enrolled_on": pgettext_lazy("roster column", "Enrolment date"),
    "left_on": pgettext_lazy("roster column", "Leaving date"),
    "allergies": pgettext_lazy("roster column", "Allergies"),
    "notes": pgettext_lazy("roster column", "Notes"),
    "guardian_name": pgettext_lazy("roster column", "Guardian name"),
    "guardian_phone": pgettext_lazy("roster column", "Guardian phone"),
    "relation": pgettext_lazy("roster column", "Relation"),
}
REQUIRED_COLUMNS = ("name", "gender", "birth_date", "classroom", "enrolled_on")
CHILD_FIELDS = ("name", "gender", "birth_date", "classroom_id", "enrolled_on", "left_on", "allergies", "notes")

# Other headers real rosters use for the same columns (compared after ``header_key``).
HEADER_ALIASES = {
    "id": ["编号", "系统编号", "幼儿编号", "id", "no.", "no"],
    "name": ["姓名", "幼儿姓名", "儿童姓名", "学生姓名", "名字", "name", "childname"],
    "gender": ["性别", "gender", "sex"],
    "birth_date": ["出生日期", "生日", "出生年月日", "出生年月", "dateofbirth", "birthdate", "birthday"],
    "classroom": ["班级", "所在班级", "班级名称", "班名", "class", "classroom"],
    "enrolled_on": ["入园日期", "入园时间", "入学日期", "入园年月", "enrolmentdate", "enrollmentdate", "enrolledon"],
    "left_on": ["离园日期", "离园时间", "退园日期", "leavingdate", "lefton"],
    "allergies": ["过敏史", "过敏", "过敏源", "过敏原", "过敏情况", "食物过敏", "allergies"],
    "notes": ["备注", "说明", "notes", "note"],
    "guardian_name": ["家长姓名", "监护人姓名", "监护人", "家长", "联系人", "guardian", "guardianname"],
    "guardian_phone": ["家长电话", "联系电话", "电话", "手机", "手机号", "手机号码", "家长手机", "监护人电话",
                       "联系方式", "guardianphone", "phone"],
    "relation": ["关系", "与幼儿关系", "与幼儿的关系", "家长关系", "监护人关系", "relation", "relationship"],
}

class RosterFileError(ServiceError):
    """The file as a whole cannot be imported (not an xlsx, no header row, a missing column)."""


# --- the resource ---------------------------------------------------------------------------------


class RosterResource(resources.ModelResource):
    id = Field(attribute="id", widget=IdWidget())
    name = Field(attribute="name", widget=TextWidget(max_length=50, cleaner=clean_name))
    gender = Field(attribute="gender", widget=ChoiceWordWidget(parse_gender, GENDER_WORDS, gender_label))
    birth_date = Field(attribute="birth_date", widget=RosterDateWidget())
    classroom = Field(attribute="classroom", widget=ClassroomWidget())
    enrolled_on = Field(attribute="enrolled_on", widget=RosterDateWidget())
    left_on = Field(attribute="left_on", widget=RosterDateWidget())
    allergies = Field(attribute="allergies", widget=TextWidget(max_length=200))
    notes = Field(attribute="notes", widget=TextWidget(cleaner=clean_multiline))
    guardian_name = Field(attribute="roster_guardian_name", widget=TextWidget(max_length=50, cleaner=clean_name))
    guardian_phone = Field(attribute="roster_guardian_phone", widget=PhoneWidget())
    relation = Field(attribute="roster_relation", widget=ChoiceWordWidget(parse_relation, RELATION_WORDS, relation_label))

    class Meta:
        model = Child
        fields = tuple(COLUMNS)
        import_id_fields = ["id"]
        use_bulk = True
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = False
        store_row_values = True
        store_instance = True
        use_transactions = True

    def __init__(self, campus, user=None, confirmed_links=(), **kwargs):
        super().__init__(**kwargs)
        self.campus, self.user = campus, user
        self.guardian_links = GuardianLinks(campus, user, confirmed_links)
        for key, label in COLUMNS.items():
            self.fields[key].column_name = str(label)
        self._import_fields = None

    # export ------------------------------------------------------------------------------------

    def get_queryset(self):
        guardianships = Guardianship.objects.select_related("guardian").order_by("id")
        return (
            Child.objects.filter(campus=self.campus)
            .select_related("classroom")
            .prefetch_related(Prefetch("guardianships", queryset=guardianships))
            .order_by("id")
        )

    def export(self, queryset=None, **kwargs):
        children = list(self.get_queryset() if queryset is None else queryset)
        grades = {grade: index for index, grade in enumerate(Grade.values)}  # 托, 小, 中, 大
        children.sort(key=lambda child: (grades.get(child.classroom.grade, 9), child.classroom.name, child.name, child.pk))
        return super().export(children, **kwargs)

    @staticmethod
    def _main_guardianship(child):
        links = list(child.guardianships.all())
        return links[0] if links else None

    def dehydrate_guardian_name(self, child):
        link = self._main_guardianship(child)
        return link.guardian.name if link else ""

    def dehydrate_guardian_phone(self, child):
        link = self._main_guardianship(child)
        return link.guardian.phone if link else ""

    def dehydrate_relation(self, child):
        link = self._main_guardianship(child)
        return relation_label(link.relation) if link else ""

    # import: load everything once ----------------------------------------------------------------

    def get_import_fields(self):
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        self.today = timezone.localdate()
        self.fields["gender"].widget.prepare()
        self.fields["relation"].widget.prepare()
        present = set(dataset.headers or [])
        self._row_plan = [
            (f.attribute, f.column_name, f.widget)
            for f in self.get_import_fields()
            if f.column_name in present and f.attribute != "id"
        ]
        self.fields["classroom"].widget.classes = {
            class_key(room.name): room for room in Classroom.objects.filter(campus=self.campus)
        }
        self.children_by_id = {
            child.pk: child for child in Child.objects.filter(campus=self.campus).select_related("classroom")
        }
        self.child_by_key = {(child.name, child.birth_date): child.pk for child in self.children_by_id.values()}
        phone_label = self.fields["guardian_phone"].column_name
        phones = set()
        if phone_label in (dataset.headers or []):
            for value in dataset[phone_label]:
                try:
                    phones.add(parse_phone(value))
                except ValueError:
                    pass
        phones.discard("")
        phones = sorted(phones)
        self.guardians = {}
        for start in range(0, len(phones), QUERY_CHUNK):
            for guardian in Guardian.objects.filter(phone__in=phones[start:start + QUERY_CHUNK]):
                self.guardians[guardian.phone] = guardian
        if self.guardians:
            self.guardian_links.load(self.guardians.values())
        self.links = {}
        if self.children_by_id:
            for link in Guardianship.objects.filter(child__campus=self.campus):
                self.links[(link.child_id, link.guardian_id)] = link
        self.seen_ids, self.seen_keys, self.file_guardian_names = {}, {}, {}
        self.pending = []  # (child, is_new) of the rows to write, in file order

    def get_instance(self, instance_loader, row):
        id_label = self.fields["id"].column_name
        try:
            pk = self.fields["id"].clean(row) if id_label in row else None
        except ValueError as exc:
            raise ValidationError({"id": str(exc)}) from None
        if pk is None:
            return None
        number = row.get(ROW_KEY)
        if pk in self.seen_ids:
            raise ValidationError({"id": _("Row %(row)s has the same number.") % {"row": self.seen_ids[pk]}})
        self.seen_ids[pk] = number
        child = self.children_by_id.get(pk)
        if child is None:
            raise ValidationError(
                {"id": _("No child with the number %(number)s on this campus. Leave %(column)s empty for a new child.")
                 % {"number": pk, "column": id_label}}
            )
        return child

    def init_instance(self, row=None):
        return Child(campus_id=self.campus.pk)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._roster_before = None if new else tuple(getattr(instance, name) for name in CHILD_FIELDS)
        instance.roster_guardian_name = instance.roster_guardian_phone = ""
        instance.roster_relation = None

    # import: check a row ------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        """``Resource.import_instance`` without the per-cell ``Field`` machinery: each widget
        reads its cell straight into the instance (10,000 rows x 12 columns add up)."""
        errors = {}
        for attribute, column, widget in self._row_plan:
            try:
                setattr(instance, attribute, widget.clean(row[column]))
            except ValueError as exc:
                errors[attribute] = ValidationError(str(exc), code="invalid")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        self._plan(instance, row.get(ROW_KEY))
        return instance._roster_before is not None and not instance._roster_changes and instance._roster_guardian is None

    def _plan(self, instance, number):
        """What this row changes: the child's fields, and the guardian link to create or update
        (never a rename; a guardian of another campus or with a login only when confirmed)."""
        before = instance._roster_before
        changes = []
        if before is not None:
            for name, old in zip(CHILD_FIELDS, before, strict=True):
                if getattr(instance, name) != old:
                    changes.append(name)
        instance._roster_changes = changes
        instance._roster_guardian = None
        instance._roster_guardian_errors = {}
        instance._roster_notes, instance._roster_link_check = [], None
        phone, name, relation = instance.roster_guardian_phone, instance.roster_guardian_name, instance.roster_relation
        if not (phone or name or relation):
            return
        errors = instance._roster_guardian_errors
        if not phone:
            errors["roster_guardian_phone"] = _("Write the guardian's phone number.")
            return
        guardian = self.guardians.get(phone)
        if not name and guardian is None:
            errors["roster_guardian_name"] = _("Write the guardian's name.")
        if errors:
            return
        link = self.links.get((instance.pk, guardian.pk)) if guardian is not None and instance.pk else None
        if relation is None:
            # Real rosters often have no relation column: "家长" until someone edits it, and an
            # existing link keeps the relation it has.
            relation = link.relation if link is not None else Relation.PARENT
        if guardian is not None:
            check = self.guardian_links.check(guardian, number) if link is None else None
            instance._roster_link_check = check
            if check is not None and not check.confirmed:
                instance._roster_notes.append(check.message)
                return  # the child without this guardian
            if name and name != guardian.name:
                instance._roster_notes.append(name_kept_message(guardian.name))
            name = guardian.name
        if link is None or link.relation != relation:
            instance._roster_guardian = (phone, name, relation, False, link)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not hasattr(instance, "_roster_changes"):
            self._plan(instance, getattr(self, "_current_row", None))
        errors.update({k: v for k, v in instance._roster_guardian_errors.items() if k not in errors})
        for name in ("name", "gender", "birth_date", "classroom", "enrolled_on"):
            if name not in errors and getattr(instance, name if name != "classroom" else "classroom_id") in (None, ""):
                errors[name] = _("This is required.")
        if "birth_date" not in errors and instance.birth_date and instance.birth_date > self.today:
            errors["birth_date"] = _("The date of birth is in the future.")
        if not errors.keys() & {"enrolled_on", "birth_date"} and instance.enrolled_on and instance.birth_date and instance.enrolled_on < instance.birth_date:
            errors["enrolled_on"] = _("The enrolment date is before the date of birth.")
        if "left_on" not in errors and instance.left_on and instance.enrolled_on and instance.left_on < instance.enrolled_on:
            errors["left_on"] = _("The leaving date is before the enrolment date.")
        if instance.name and instance.birth_date and "name" not in errors:
            key = (instance.name, instance.birth_date)
            row_number = getattr(self, "_current_row", None)
            if key in self.seen_keys:
                errors["name"] = _("The same child (name and date of birth) is also in row %(row)s.") % {
                    "row": self.seen_keys[key]
                }
            else:
                self.seen_keys[key] = row_number
                other = self.child_by_key.get(key)
                if other is not None and other != instance.pk:
                    errors["name"] = _(
                        "A child with this name and date of birth is already on this campus (number %(number)s)."
                    ) % {"number": other}
        plan = instance._roster_guardian
        if plan is not None and "roster_guardian_name" not in errors:
            phone, name = plan[0], plan[1]
            first = self.file_guardian_names.setdefault(phone, (name, getattr(self, "_current_row", None)))
            if first[0] != name:
                errors["roster_guardian_name"] = _("Row %(row)s gives this phone number to “%(name)s”.") % {
                    "row": first[1], "name": first[0]
                }
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs):
        self._current_row = row.get(ROW_KEY)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.pending.append((instance, is_create))

    # import: write everything at once -------------------------------------------------------------

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        reason = _("Roster import")
        history = {"default_user": self.user, "default_change_reason": reason, "batch_size": BATCH_SIZE,
                   "default_date": timezone.now()}  # one import, one moment
        new_children = [child for child, is_new in self.pending if is_new]
        changed = [child for child, is_new in self.pending if not is_new and child._roster_changes]
        if new_children:
            create_with_history(new_children, user=self.user, reason=reason, when=history["default_date"])
        if changed:
            fields = sorted({name for child in changed for name in child._roster_changes})
            bulk_update_with_history(changed, Child, fields, **history)
        self._save_guardians(history)

    def _save_guardians(self, history):
        plans = [(child, child._roster_guardian) for child, _new in self.pending if child._roster_guardian]
        new_guardians = {}
        for _child, (phone, name, _relation, _rename, _link) in plans:
            if self.guardians.get(phone) is None and phone not in new_guardians:
                new_guardians[phone] = Guardian(name=name, phone=phone)
        if new_guardians:
            create_with_history(list(new_guardians.values()), user=self.user, reason=history["default_change_reason"],
                                when=history["default_date"])
            self.guardians.update(new_guardians)
        new_links, changed_links = [], []
        for child, (phone, _name, relation, _rename, link) in plans:
            if link is None:
                new_links.append((self.guardians[phone].pk, child.pk, relation, LINK_PICK_UP_DEFAULT))
            elif link.relation != relation:
                link.relation = relation
                changed_links.append(link)
        if new_links:
            insert_rows(Guardianship, LINK_FIELDS, new_links)
        if changed_links:
            Guardianship.objects.bulk_update(changed_links, ["relation"], batch_size=BATCH_SIZE)


# --- reading the file -----------------------------------------------------------------------------


def _header_map() -> dict:
    """header_key -> column key: the labels in the current language, English, and the aliases."""
    table = {}
    for key, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            table[header_key(alias)] = key
    for key, label in COLUMNS.items():
        table[header_key(label)] = key
    return table


def _is_blank(values) -> bool:
    """No value, or only spaces (str.strip also strips the full-width space)."""
    return not any(value is not None and (not isinstance(value, str) or value.strip()) for value in values)


def read_roster(content: bytes) -> tablib.Dataset:
    """The first sheet as a dataset with the columns renamed to ``COLUMNS`` labels, blank rows
    left out and the sheet row number in ``ROW_KEY``. Rows above the header (a title) are skipped.

    The file is checked (``campus.spreadsheets.check_xlsx``: zip directory, sheet dimension) and
    parsed in a child process with a memory and time ceiling (``parse_bounded``). The sheet is read
    by ``fast_sheet_rows`` (lxml straight over the sheet XML, with openpyxl's date-format rules);
    anything it does not expect falls back to openpyxl's reader."""
    try:
        check_xlsx(content)
        rows = parse_bounded(_sheet_rows, content)
    except XlsxRejected as exc:
        raise RosterFileError(exc.messages[0]) from None
    if len(rows) > MAX_SHEET_ROWS:
        raise RosterFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    return _dataset_from_rows(rows)


def _sheet_rows(content: bytes) -> list:
    try:
        return list(itertools.islice(limited_rows(fast_sheet_rows(content), numbered=True), MAX_SHEET_ROWS + 1))
    except XlsxRejected:
        raise
    except Exception:  # noqa: BLE001 - any surprise in the XML: let openpyxl read it
        return _openpyxl_rows(content)


def _openpyxl_rows(content: bytes) -> list:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # a lying <dimension> must not widen every row
            return list(itertools.islice(limited_rows(enumerate(sheet.iter_rows(values_only=True), start=1), numbered=True),
                                         MAX_SHEET_ROWS + 1))
        finally:
            book.close()
    except XlsxRejected:
        raise
    except Exception:  # noqa: BLE001 - zip, xml, openpyxl errors all mean the same to the user
        raise RosterFileError(_("This file could not be read. Please upload an Excel .xlsx file.")) from None


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WHOLE_SHEET_BYTES = 64 * 1024 * 1024  # sheets up to this size are parsed in one go (faster than streaming)


def _text_of(element) -> str:
    """The text of a shared or inline string: its <t>, or its rich-text runs, without the
    phonetic (pinyin) runs <rPh> that Chinese Excel and WPS add."""
    direct = element.find(f"{_NS}t")
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(f"{_NS}t") or "" for run in element.iterchildren(f"{_NS}r"))


def fast_sheet_rows(content: bytes):
    """``(sheet row number, values)`` of the first sheet, values as openpyxl's read-only
    ``iter_rows(values_only=True)`` gives them (str, int, float, bool, datetime for date cells,
    None). About five times faster than openpyxl on a 10,000-row roster."""
    import zipfile

    from lxml import etree
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    properties = workbook.find(f"{_NS}workbookPr")
    epoch = CALENDAR_WINDOWS_1900
    if properties is not None and properties.get("date1904") in ("1", "true"):
        epoch = CALENDAR_MAC_1904
    first = workbook.find(f"{_NS}sheets/{_NS}sheet")
    relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in relations.iterchildren(f"{_PKG_REL_NS}Relationship")
                  if rel.get("Id") == first.get(f"{_REL_NS}id"))
    sheet_path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"

    shared = []
    if "xl/sharedStrings.xml" in names:
        for item in etree.fromstring(archive.read("xl/sharedStrings.xml"), parser=etree.XMLParser(huge_tree=True)):
            first = item[0] if len(item) == 1 else None
            shared.append((first.text or "") if first is not None and first.tag == f"{_NS}t" else _text_of(item))
    date_styles = set()
    if "xl/styles.xml" in names:
        styles = etree.fromstring(archive.read("xl/styles.xml"))
        formats = dict(BUILTIN_FORMATS)
        for fmt in styles.iterfind(f"{_NS}numFmts/{_NS}numFmt"):
            formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
        for index, xf in enumerate(styles.iterfind(f"{_NS}cellXfs/{_NS}xf")):
            code = formats.get(int(xf.get("numFmtId", 0)))
            if code and is_date_format(code):
                date_styles.add(str(index))

    cell_tag, value_tag, inline_tag, text_tag = f"{_NS}c", f"{_NS}v", f"{_NS}is", f"{_NS}t"
    columns = {}
    if archive.getinfo(sheet_path).file_size <= WHOLE_SHEET_BYTES:
        rows = etree.fromstring(archive.read(sheet_path), parser=etree.XMLParser(huge_tree=True)).iter(f"{_NS}row")
    else:  # a very large sheet: stream it
        rows = (row for _event, row in etree.iterparse(archive.open(sheet_path), tag=f"{_NS}row", huge_tree=True))
    expected = 0
    for row in rows:
        number = int(row.get("r") or expected + 1)
        expected = number
        values = []
        for cell in row:  # lxml's iteration and .get are several times cheaper than find/findtext
            if cell.tag != cell_tag:
                continue
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = column_index_from_string(letters)
                if column > len(values) + 1:
                    values.extend([None] * (column - 1 - len(values)))
            kind = cell.get("t") or "n"
            if kind == "inlineStr":
                text = None
                for part in cell:
                    if part.tag == inline_tag:
                        first = part[0] if len(part) == 1 else None
                        text = (first.text or "") if first is not None and first.tag == text_tag else _text_of(part)
                        break
                values.append(text)
                continue
            raw = None
            for part in cell:  # <f> (a formula) may come before <v>
                if part.tag == value_tag:
                    raw = part.text
                    break
            if raw is None:
                values.append(None)
            elif kind == "s":
                values.append(shared[int(raw)])
            elif kind == "n":
                number_value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                if cell.get("s") in date_styles:
                    number_value = from_excel(number_value, epoch)
                values.append(number_value)
            elif kind == "b":
                values.append(raw == "1")
            else:  # str (formula text), e (an error such as #N/A), d (an ISO date)
                values.append(raw)
        row.clear()
        yield number, tuple(values)
    archive.close()


def _dataset_from_rows(rows) -> tablib.Dataset:
    """``rows``: ``(sheet row number, values)`` pairs."""
    known = _header_map()
    columns = None
    rows = iter(rows)
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        keys = [known.get(header_key(value)) if value is not None else None for value in values]
        if "name" in keys and sum(1 for key in keys if key) >= 3:
            columns = keys
            break
    if columns is None:
        raise RosterFileError(
            _("No header row found. The first rows must hold the column names, e.g. %(columns)s.")
            % {"columns": "、".join(str(COLUMNS[key]) for key in REQUIRED_COLUMNS)}
        )
    seen = set()
    for key in columns:
        if key and key in seen:
            raise RosterFileError(_("The column “%(column)s” appears twice.") % {"column": COLUMNS[key]})
        seen.add(key)
    missing = [str(COLUMNS[key]) for key in REQUIRED_COLUMNS if key not in seen]
    if missing:
        raise RosterFileError(_("These columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    positions = [(index, key) for index, key in enumerate(columns) if key]
    dataset = tablib.Dataset(headers=[str(COLUMNS[key]) for _index, key in positions] + [ROW_KEY])
    width = len(columns)
    count = 0
    for sheet_row, values in rows:
        if len(values) < width:
            values = tuple(values) + (None,) * (width - len(values))
        picked = [values[index] for index, _key in positions]
        if _is_blank(picked):
            continue
        count += 1
        if count > MAX_ROWS:
            raise RosterFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        picked.append(sheet_row)
        dataset.append(picked)
    return dataset


# --- the service: import and export ---------------------------------------------------------------


@dataclass
class RosterRow:
    number: int
    kind: str  # new, update, skip, invalid
    values: list
    changes: list = field(default_factory=list)  # column labels
    errors: list = field(default_factory=list)  # (column label, message)
    notes: list = field(default_factory=list)  # what the import does not do with this row, and why
    link: object = None  # a roster_links.LinkCheck: an existing guardian to confirm


@dataclass
class RosterOutcome:
    resource: RosterResource
    result: object
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not (self.result.has_errors() or self.result.has_validation_errors())

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def totals(self) -> dict:
        totals = self.result.totals
        return {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            "invalid": totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR],
        }

    @property
    def unlinked(self) -> int:
        """Rows imported without their guardian (one of another campus or with a login, not confirmed)."""
        return sum(1 for row_result in self.result.rows
                   if (check := getattr(row_result.instance, "_roster_link_check", None)) is not None and not check.confirmed)

    def base_errors(self) -> list:
        messages = [_("Saving failed; nothing was saved. Please try again.") for _error in self.result.base_errors]
        for _number, errors in self.result.row_errors():
            messages.extend(_("Unexpected error: %(error)s") % {"error": error.error} for error in errors)
        return messages

    def rows(self, limit=None) -> list:
        """Rows for the preview, the invalid ones first, each with its sheet row number and the
        ``PREVIEW_COLUMNS`` as read (valid rows) or as written (rows with mistakes)."""
        labels = {f.attribute: f.column_name for f in self.resource.get_import_fields()}
        labels["classroom_id"] = labels["classroom"]
        raw_keys = [str(COLUMNS[key]) for key in PREVIEW_COLUMNS]
        kinds = {RowResult.IMPORT_TYPE_NEW: "new", RowResult.IMPORT_TYPE_UPDATE: "update", RowResult.IMPORT_TYPE_SKIP: "skip"}
        out = []
        for row_result in self.result.rows:
            values = row_result.row_values or {}
            kind = kinds.get(row_result.import_type, "invalid")
            instance = row_result.instance
            if kind != "invalid" and instance is not None:
                cells = _preview_cells(instance)
            else:
                cells = [_display(values.get(key)) for key in raw_keys]
            item = RosterRow(number=values.get(ROW_KEY), kind=kind, values=cells)
            if row_result.validation_error is not None:
                for attr, messages in row_result.validation_error.message_dict.items():
                    item.errors.extend((labels.get(attr, ""), message) for message in messages)
            if instance is not None and kind == "update":
                item.changes = [labels[name] for name in getattr(instance, "_roster_changes", [])]
                if getattr(instance, "_roster_guardian", None):
                    item.changes.append(labels["roster_guardian_phone"])
            if instance is not None and kind != "invalid":
                item.notes = getattr(instance, "_roster_notes", [])
                item.link = getattr(instance, "_roster_link_check", None)
            out.append(item)
        out.sort(key=lambda item: (item.kind != "invalid", not (item.link or item.notes), item.number or 0))
        return out[:limit] if limit else out


PREVIEW_COLUMNS = ("name", "gender", "birth_date", "classroom", "guardian_name", "guardian_phone")


def _preview_cells(child) -> list:
    return [
        child.name, gender_label(child.gender), _display(child.birth_date), child.classroom.name if child.classroom_id else "",
        child.roster_guardian_name, child.roster_guardian_phone,
    ]


def _display(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if not (value.hour or value.minute) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def import_roster(campus, content: bytes, user, *, dry_run: bool, confirmed_links=()) -> RosterOutcome:
    """Import a roster file into ``campus``: all rows or none, history kept.
    ``confirmed_links``: sheet row numbers whose link to an existing guardian of another campus or
    with a login the user confirmed (honoured only if the user sees all that guardian's campuses).
    Raises ``RosterFileError`` for a file that cannot be read as a roster at all."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of short-lived objects: the cyclic collector would cost a quarter
    try:
        dataset = read_roster(content)
        resource = RosterResource(campus=campus, user=user, confirmed_links=confirmed_links)
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    finally:
        if collecting:
            gc.enable()
    return RosterOutcome(resource=resource, result=result, dry_run=dry_run)


def export_roster(campus) -> bytes:
    """The campus's roster as xlsx, in the columns the import reads."""
    dataset = RosterResource(campus=campus).export()
    dataset.title = str(pgettext_lazy("roster sheet", "Roster"))
    return dataset_xlsx(dataset)


def roster_template() -> bytes:
    """An empty roster to fill in: the import's columns (no number: every row is a new child) and
    one example row, which the director overwrites."""
    headers = [str(COLUMNS[key]) for key in COLUMNS if key != "id"]
    example = ["王小米", "女", "2022-03-05", "小一班", "2025-09-01", "", "花生", "", "王芳", "13800000000", "母亲"]
    dataset = tablib.Dataset(example, headers=headers, title=str(pgettext_lazy("roster sheet", "Roster")))
    return dataset_xlsx(dataset)
