"""China's WS/T 423-2022 as a second growth standard, from the imported ``GrowthReference`` rows.

The provider answers the growth module's questions for one indicator and sex: the LMS values (or,
for tables given as SD values, a normal approximation between the neighbouring SD lines) at an age
in months or a height in cm, interpolated linearly between table rows."""

import bisect
import math

from .choices import GrowthStandard
from .models import GrowthReference

SD_FIELDS = {-3: "sd3neg", -2: "sd2neg", -1: "sd1neg", 0: "sd0", 1: "sd1", 2: "sd2", 3: "sd3"}


class TableProvider:
    """Rows of one standard, loaded once per indicator and sex (cached on the instance)."""

    def __init__(self, standard=GrowthStandard.WST423):
        self.standard = standard
        self._cache = {}

    def rows(self, indicator, sex):
        key = (indicator, sex)
        if key not in self._cache:
            self._cache[key] = list(
                GrowthReference.objects.filter(standard=self.standard, indicator=indicator, sex=sex).order_by("x")
            )
        return self._cache[key]

    def clear(self):
        self._cache.clear()

    def available(self) -> bool:
        return GrowthReference.objects.filter(standard=self.standard).exists()

    def _around(self, indicator, sex, x):
        rows = self.rows(indicator, sex)
        if not rows:
            return None
        xs = [float(r.x) for r in rows]
        if x < xs[0] or x > xs[-1]:
            return None
        i = bisect.bisect_left(xs, x)
        if xs[i] == x:
            return rows[i], rows[i], 0.0
        lo, hi = rows[i - 1], rows[i]
        return lo, hi, (x - float(lo.x)) / (float(hi.x) - float(lo.x))

    def lms(self, indicator, sex, x):
        """(L, M, S) at ``x``, or None outside the table or when the table has SD values only."""
        found = self._around(indicator, sex, float(x))
        if found is None:
            return None
        lo, hi, t = found
        if lo.m_value is None or hi.m_value is None:
            return None
        return tuple(a + (b - a) * t for a, b in ((lo.l_value, hi.l_value), (lo.m_value, hi.m_value), (lo.s_value, hi.s_value)))

    def sd_values(self, indicator, sex, x) -> dict | None:
        """{sd: value} at ``x`` (from the SD columns, or computed from LMS)."""
        found = self._around(indicator, sex, float(x))
        if found is None:
            return None
        lo, hi, t = found
        if lo.sd0 is not None and hi.sd0 is not None:
            result = {}
            for sd, name in SD_FIELDS.items():
                a, b = getattr(lo, name), getattr(hi, name)
                if a is not None and b is not None:
                    result[sd] = a + (b - a) * t
            return result
        lms = self.lms(indicator, sex, x)
        if lms is None:
            return None
        L, M, S = lms
        return {sd: (M * (1 + L * S * sd) ** (1 / L) if L else M * math.exp(S * sd)) for sd in SD_FIELDS}

    def zscore(self, indicator, sex, x, value):
        """The z-score of ``value`` at ``x``: LMS when available, else piecewise between SD lines."""
        lms = self.lms(indicator, sex, x)
        if lms is not None:
            from . import growth

            L, M, S = lms
            return growth.zscore_from_lms(value, L, M, S, restricted=indicator != "hfa")
        sds = self.sd_values(indicator, sex, x)
        if not sds or 0 not in sds:
            return None
        points = sorted(sds.items(), key=lambda kv: kv[1])
        for (sd_a, v_a), (sd_b, v_b) in zip(points, points[1:], strict=False):
            if v_a <= value <= v_b:
                return sd_a + (value - v_a) / (v_b - v_a) * (sd_b - sd_a)
        (sd_a, v_a), (sd_b, v_b) = (points[0], points[1]) if value < points[0][1] else (points[-2], points[-1])
        return sd_a + (value - v_a) / (v_b - v_a) * (sd_b - sd_a)


wst423 = TableProvider(GrowthStandard.WST423)
