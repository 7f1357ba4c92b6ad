"""Import of the WS/T 423-2022 tables (appendix B): one xlsx row per indicator, sex and age (or
height), with either L/M/S or the seven SD values. All-or-nothing with a dry-run preview (admin)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .choices import GrowthStandard
from .models import GrowthReference


class GrowthReferenceResource(resources.ModelResource):
    standard = fields.Field(attribute="standard", column_name=_("standard"), default=GrowthStandard.WST423)
    indicator = fields.Field(attribute="indicator", column_name=_("indicator"))
    sex = fields.Field(attribute="sex", column_name=_("sex"))
    x = fields.Field(attribute="x", column_name=_("age (months) or height (cm)"), widget=widgets.DecimalWidget())
    l_value = fields.Field(attribute="l_value", column_name="L", widget=widgets.FloatWidget())
    m_value = fields.Field(attribute="m_value", column_name="M", widget=widgets.FloatWidget())
    s_value = fields.Field(attribute="s_value", column_name="S", widget=widgets.FloatWidget())
    sd3neg = fields.Field(attribute="sd3neg", column_name="-3SD", widget=widgets.FloatWidget())
    sd2neg = fields.Field(attribute="sd2neg", column_name="-2SD", widget=widgets.FloatWidget())
    sd1neg = fields.Field(attribute="sd1neg", column_name="-1SD", widget=widgets.FloatWidget())
    sd0 = fields.Field(attribute="sd0", column_name=_("median"), widget=widgets.FloatWidget())
    sd1 = fields.Field(attribute="sd1", column_name="+1SD", widget=widgets.FloatWidget())
    sd2 = fields.Field(attribute="sd2", column_name="+2SD", widget=widgets.FloatWidget())
    sd3 = fields.Field(attribute="sd3", column_name="+3SD", widget=widgets.FloatWidget())

    class Meta:
        model = GrowthReference
        import_id_fields = ["standard", "indicator", "sex", "x"]
        fields = ["standard", "indicator", "sex", "x", "l_value", "m_value", "s_value", "sd3neg", "sd2neg", "sd1neg", "sd0",
                  "sd1", "sd2", "sd3"]
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        # Accept the Chinese and the English spellings used in the standard's tables.
        sex_key = str(_("sex"))
        value = str(row.get(sex_key, "") or "").strip()
        row[sex_key] = {"男": "M", "女": "F", "boy": "M", "girl": "F", "m": "M", "f": "F"}.get(value.lower(), value)
        if not row.get(str(_("standard"))):
            row[str(_("standard"))] = GrowthStandard.WST423
