from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# the standard plan's duties done by a stocktake (checklists/data/standard_plan.json)
STOCKTAKE_PLAN_CODES = ("kitchen-tableware-count",)


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Stores and purchasing")

    def ready(self):
        self.hook_stocktakes_into_checklists()

    @staticmethod
    def hook_stocktakes_into_checklists():
        """The standard plan's term-end count (学期结束前清点餐用具) is done by a stocktake of the store:
        its run opens the stocktake page, and the director's approval of the stocktake marks it done."""
        from checklists.hooks import RecordKind, register_record_kind

        register_record_kind(RecordKind(code="logistics.stocktake", label=_("Stocktake"), url_name="logistics:stocktake_start",
                                        permission="logistics.add_stocktake", plan_codes=STOCKTAKE_PLAN_CODES))
