"""Reading the messy cells of a real roster: the words for gender and relation, text, names, dates
and phone numbers as people type them, and the django-import-export widgets built on them."""

import datetime as dt
import re
import unicodedata

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from import_export import widgets

from .choices import Gender, Relation
from .models import Classroom

GENDER_WORDS = {
    Gender.BOY: ["男", "男孩", "男生", "男童", "m", "male", "boy", "b"],
    Gender.GIRL: ["女", "女孩", "女生", "女童", "f", "female", "girl", "g"],
}
RELATION_WORDS = {
    Relation.MOTHER: ["母亲", "妈妈", "母", "mother", "mom", "mum"],
    Relation.FATHER: ["父亲", "爸爸", "父", "father", "dad"],
    Relation.GRANDPARENT: ["爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "祖父", "祖母", "外祖父", "外祖母",
                           "祖父母", "外祖父母", "祖辈", "grandparent", "grandmother", "grandfather"],
    Relation.OTHER: ["其他", "其它", "其他监护人", "监护人", "other"],
    Relation.PARENT: ["家长", "parent"],
}


def gender_label(value) -> str:
    return {Gender.BOY: pgettext("roster gender", "Boy"), Gender.GIRL: pgettext("roster gender", "Girl")}.get(value, "")


def relation_label(value) -> str:
    return {
        Relation.MOTHER: pgettext("roster relation", "Mother"),
        Relation.FATHER: pgettext("roster relation", "Father"),
        Relation.GRANDPARENT: pgettext("roster relation", "Grandparent"),
        Relation.OTHER: pgettext("roster relation", "Other guardian"),
        Relation.PARENT: pgettext("roster relation", "Parent"),
    }.get(value, "")


# --- reading messy cells ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def clean_text(value) -> str:
    """Full-width letters/digits/spaces to ordinary ones, stray spaces away, inner runs collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())  # str.split() knows every Unicode space, U+3000 included


def clean_name(value) -> str:
    """A person's name: also drops the padding spaces of 王　芳 (two-character names)."""
    return _CJK_GAP.sub("", clean_text(value))


def clean_multiline(value) -> str:
    if value is None:
        return ""
    text = str(value).replace("\u3000", " ").replace("\xa0", " ").replace("\r\n", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def header_key(value) -> str:
    text = clean_text(value).lower()
    for mark in ("*", "（必填）", "(必填)", "必填", ":", "："):
        text = text.replace(mark, "")
    return text.replace(" ", "")


def parse_date(value):
    """A date from whatever a roster holds: date cells, Excel serial numbers, 2021-3-5,
    2021/03/05, 2021.3.5, 2021年3月5日 (also in full-width digits), 20210305."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(_("Not a date."))
    if isinstance(value, (int, float)):
        number = value
    else:
        text = clean_text(value)
        if not text:
            return None
        match = _DATE.match(text)
        if match:
            return _make_date(*match.groups(), original=text)
        match = _COMPACT_DATE.match(text)
        if match:
            return _make_date(*match.groups(), original=text)
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date. Write it like 2021-03-05.") % {"value": text}) from None
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        return _make_date(*_COMPACT_DATE.match(str(int(number))).groups(), original=str(int(number)))
    if 1 <= number < 80000:  # an Excel serial day number (80000 is in 2119)
        return _EXCEL_EPOCH + dt.timedelta(days=int(number))
    raise ValueError(_("“%(value)s” is not a date. Write it like 2021-03-05.") % {"value": value})


def _make_date(year, month, day, original):
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date in the calendar.") % {"value": original}) from None


_TABLES = {}


def _lookup_table(words: dict, label) -> dict:
    """word -> choice value, including the labels of the current language (built once per language).

    Keyed by the label function, not by ``id(words)``: django-import-export deep-copies the
    resource's fields, widgets and so ``words`` with them, and a freed copy's id can be reused by
    the other table's copy -- relations were then looked up in the gender table, now and then."""
    cache_key = (label, get_language())
    table = _TABLES.get(cache_key)
    if table is None:
        table = {}
        for value, aliases in words.items():
            for alias in [*aliases, label(value)]:
                table[header_key(alias)] = value
        _TABLES[cache_key] = table
    return table


def parse_gender(value, table=None):
    text = header_key(value)
    if not text:
        return None
    found = (table or _lookup_table(GENDER_WORDS, gender_label)).get(text)
    if found is None:
        raise ValueError(_("“%(value)s” is not a gender. Write 男 or 女.") % {"value": clean_text(value)})
    return found


def parse_relation(value, table=None):
    text = header_key(value)
    if not text:
        return None
    found = (table or _lookup_table(RELATION_WORDS, relation_label)).get(text)
    if found is None:
        raise ValueError(
            _("“%(value)s” is not a relation. Write 母亲, 父亲, 祖辈 or 其他.") % {"value": clean_text(value)}
        )
    return found


_PHONE = re.compile(r"^\+?[0-9][0-9-]{4,28}$")


def parse_phone(value) -> str:
    text = clean_text(value).replace(" ", "")
    if not text:
        return ""
    digits = text.replace("-", "")
    if len(digits) == 11 and digits.startswith("1") and digits.isdigit():
        return digits  # a mobile number, with or without 3-4-4 dashes
    if not _PHONE.match(text):
        raise ValueError(_("“%(value)s” is not a phone number.") % {"value": text})
    return text


# --- widgets --------------------------------------------------------------------------------------


class TextWidget(widgets.CharWidget):
    def __init__(self, max_length=None, cleaner=clean_text):
        super().__init__(coerce_to_string=True, allow_blank=True)
        self.max_length = max_length
        self.cleaner = cleaner

    def clean(self, value, row=None, **kwargs):
        text = self.cleaner(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("At most %(max)d characters (this has %(length)d).") % {"max": self.max_length, "length": len(text)})
        return text


class RosterDateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y-%m-%d") if value else ""


class ChoiceWordWidget(widgets.Widget):
    """A choice written as a word (男, 女, M, F; 妈妈, 母亲 ...); renders the roster label."""

    def __init__(self, parse, words, label):
        super().__init__(coerce_to_string=True)
        self.parse, self.words, self.label = parse, words, label
        self.table = None

    def prepare(self):
        self.table = _lookup_table(self.words, self.label)

    def clean(self, value, row=None, **kwargs):
        return self.parse(value, self.table)

    def render(self, value, obj=None, **kwargs):
        return self.label(value) if value else ""


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_phone(value)


class IdWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a roster number; leave it empty for a new child.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value or ""


def class_key(value) -> str:
    return clean_text(value).replace(" ", "").lower()


class ClassroomWidget(widgets.ForeignKeyWidget):
    """The class by name, among the classes of the importing campus (loaded once)."""

    def __init__(self):
        super().__init__(Classroom, field="name")
        self.classes = {}

    def clean(self, value, row=None, **kwargs):
        key = class_key(value)
        if not key:
            return None
        try:
            return self.classes[key]
        except KeyError:
            raise ValueError(_("There is no class “%(name)s” on this campus.") % {"name": clean_text(value)}) from None
