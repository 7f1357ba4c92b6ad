"""China's WS/T 423-2022 as a second growth standard, from the imported ``GrowthReference`` rows.

``DatabaseStandard`` is a provider for ``health.growth.register_standard``: on first use it builds a
``growth.TableStandard`` from the rows (LMS or SD columns) and keeps it until the rows change."""

from .choices import GrowthStandard
from .models import GrowthReference

SD_COLUMNS = {"-3": "sd3neg", "-2": "sd2neg", "-1": "sd1neg", "0": "sd0", "1": "sd1", "2": "sd2", "3": "sd3"}


class DatabaseStandard:
    def __init__(self, code=GrowthStandard.WST423):
        self.code = code
        self._table = None

    def reset(self, **kwargs):
        self._table = None

    def available(self) -> bool:
        return GrowthReference.objects.filter(standard=self.code).exists()

    def rows(self):
        for ref in GrowthReference.objects.filter(standard=self.code).order_by("indicator", "sex", "x"):
            row = {"indicator": ref.indicator, "sex": ref.sex, "x": float(ref.x)}
            if ref.m_value is not None:
                row.update({"l": ref.l_value, "m": ref.m_value, "s": ref.s_value})
            else:
                row.update({key: getattr(ref, name) for key, name in SD_COLUMNS.items()})
            yield row

    def table(self):
        if self._table is None:
            from .growth import TableStandard

            self._table = TableStandard.from_rows(self.rows())
        return self._table

    def zscores(self, sex, age_days, height_cm, weight_kg):
        return self.table().zscores(sex, age_days, height_cm, weight_kg)

    def curve(self, indicator, sex, sds):
        return self.table().curve(indicator, sex, sds)


wst423 = DatabaseStandard()


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from . import growth

    growth.register_standard(GrowthStandard.WST423, wst423)
    post_save.connect(wst423.reset, sender=GrowthReference, dispatch_uid="wst423-reset-save")
    post_delete.connect(wst423.reset, sender=GrowthReference, dispatch_uid="wst423-reset-delete")
