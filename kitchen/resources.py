"""Import/export of the ingredient table (django-import-export): the shipped CSV, and a
kindergarten's own licensed table as xlsx or csv, with Chinese or English column names."""

from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Ingredient

COLUMNS = [
    "code", "name_zh", "name_en", "category", "edible_pct", "energy_kcal", "protein_g", "fat_g", "carb_g", "calcium_mg",
    "iron_mg", "zinc_mg", "vit_a_ug_rae", "vit_c_mg", "quality_protein", "source", "source_ref",
]

# Column names a Chinese food composition table (or our own template) may use.
HEADER_ALIASES = {
    "编码": "code", "食物编码": "code", "代码": "code",
    "名称": "name_zh", "食物名称": "name_zh", "中文名": "name_zh", "中文名称": "name_zh",
    "英文名": "name_en", "英文名称": "name_en",
    "类别": "category", "分类": "category", "食物类别": "category",
    "可食部": "edible_pct", "可食部(%)": "edible_pct", "可食部%": "edible_pct",
    "能量": "energy_kcal", "能量(kcal)": "energy_kcal", "能量kcal": "energy_kcal",
    "蛋白质": "protein_g", "蛋白质(g)": "protein_g",
    "脂肪": "fat_g", "脂肪(g)": "fat_g",
    "碳水化合物": "carb_g", "碳水化合物(g)": "carb_g",
    "钙": "calcium_mg", "钙(mg)": "calcium_mg",
    "铁": "iron_mg", "铁(mg)": "iron_mg",
    "锌": "zinc_mg", "锌(mg)": "zinc_mg",
    "维生素a": "vit_a_ug_rae", "维生素a(μgrae)": "vit_a_ug_rae", "维生素a(µgrae)": "vit_a_ug_rae", "视黄醇当量": "vit_a_ug_rae",
    "维生素c": "vit_c_mg", "维生素c(mg)": "vit_c_mg",
    "优质蛋白": "quality_protein", "优质蛋白质": "quality_protein",
    "来源": "source", "数据来源": "source", "来源编号": "source_ref",
}


def normalise_header(name) -> str:
    key = str(name or "").strip()
    if key in COLUMNS:
        return key
    compact = key.replace(" ", "").replace("（", "(").replace("）", ")").lower()
    return HEADER_ALIASES.get(compact, key)


class FlagWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["1", 1, 1.0, True, "true", "True", "TRUE", "是", "y", "yes"]
    FALSE_VALUES = ["0", 0, 0.0, False, "false", "False", "FALSE", "否", "n", "no"]


class NumberWidget(widgets.DecimalWidget):
    """A decimal with a clear message for text that is not a number."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None


class IngredientResource(resources.ModelResource):
    quality_protein = fields.Field(attribute="quality_protein", column_name="quality_protein", widget=FlagWidget())

    class Meta:
        model = Ingredient
        import_id_fields = ["code"]
        fields = COLUMNS
        export_order = COLUMNS
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.DecimalField):
            return NumberWidget
        return super().widget_from_django_field(f, default)

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")
        instance._change_reason = kwargs.get("reason", "")
