"""A child's growth chart as inline SVG: the standard's SD curves (−3…+3) and the child's points.
Plain SVG text, so the same markup goes into the page and into the PDF (WeasyPrint renders it)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .choices import Indicator

WIDTH, HEIGHT = 360, 260
PAD_L, PAD_R, PAD_T, PAD_B = 34, 30, 20, 28
SD_STYLE = {-3: "#000", -2: "#c00", -1: "#e69500", 0: "#2a7a2a", 1: "#e69500", 2: "#c00", 3: "#000"}


@dataclass
class Chart:
    indicator: str
    title: str
    svg: str


def _age_months(child, day) -> float:
    return round((day - child.birth_date).days / 30.4375, 2)


def _points(child, measurements, indicator):
    """The child's points against the curves: the height as the tables expect it (0.7 cm position
    correction, as the z-scores); no weight-based point where oedema was recorded."""
    from .growth import standardized_height

    points = []
    for m in measurements:
        if m.oedema and indicator != Indicator.HFA:
            continue
        h = standardized_height((m.measured_on - child.birth_date).days, float(m.height_cm), m.position)
        w = float(m.weight_kg)
        if indicator == Indicator.HFA:
            points.append((_age_months(child, m.measured_on), h))
        elif indicator == Indicator.WFA:
            points.append((_age_months(child, m.measured_on), w))
        elif indicator == Indicator.WFH:
            points.append((h, w))
        else:
            points.append((_age_months(child, m.measured_on), w / (h / 100) ** 2))
    return points


def _curves(indicator, sex, standard):
    try:
        from . import growth
    except ImportError:
        return []
    try:
        return list(growth.curve(indicator, sex, standard=standard))
    except Exception:  # a standard without this indicator: the chart shows the child's points only
        return []


def svg_chart(indicator, sex, standard, points, title, x_label, y_label) -> str:
    curves = _curves(indicator, sex, standard)
    xs = [x for x, _y in points]
    if xs:
        lo, hi = min(xs), max(xs)
        span = max(hi - lo, 12 if indicator != Indicator.WFH else 10)
        x_min, x_max = lo - span * 0.25, hi + span * 0.25
    elif curves:
        x_min, x_max = curves[0][0], curves[-1][0]
    else:
        x_min, x_max = 24, 84
    curves = [(x, sds) for x, sds in curves if x_min <= x <= x_max]
    ys = [y for _x, y in points] + [y for _x, sds in curves for y in sds.values() if y is not None]
    y_min, y_max = (min(ys), max(ys)) if ys else (0, 1)
    margin = (y_max - y_min) * 0.08 or 1
    y_min, y_max = y_min - margin, y_max + margin

    def sx(x):
        return PAD_L + (x - x_min) / ((x_max - x_min) or 1) * (WIDTH - PAD_L - PAD_R)

    def sy(y):
        return HEIGHT - PAD_B - (y - y_min) / ((y_max - y_min) or 1) * (HEIGHT - PAD_T - PAD_B)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="growth-chart" role="img" '
             f'aria-label="{escape(title)}" width="100%" style="max-width:{WIDTH * 2}px">',
             f'<rect x="{PAD_L}" y="{PAD_T}" width="{WIDTH - PAD_L - PAD_R}" height="{HEIGHT - PAD_T - PAD_B}" fill="#fff" '
             f'stroke="#999" stroke-width="0.6"/>']
    for i in range(5):
        y = y_min + (y_max - y_min) * i / 4
        parts.append(f'<text x="{PAD_L - 3}" y="{sy(y) + 3:.1f}" font-size="8" text-anchor="end">{y:.1f}</text>')
        x = x_min + (x_max - x_min) * i / 4
        parts.append(f'<text x="{sx(x):.1f}" y="{HEIGHT - PAD_B + 10}" font-size="8" text-anchor="middle">{x:.0f}</text>')
    parts.append(f'<text x="{(WIDTH + PAD_L - PAD_R) / 2}" y="{HEIGHT - 4}" font-size="9" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(f'<text x="4" y="11" font-size="9">{escape(y_label)}</text>')
    if curves:
        for sd in sorted({sd for _x, sds in curves for sd in sds}):
            path = " ".join(f"{sx(x):.1f},{sy(sds[sd]):.1f}" for x, sds in curves if sds.get(sd) is not None)
            if not path:
                continue
            color = SD_STYLE.get(int(sd), "#888")
            dash = "" if sd == 0 else ' stroke-dasharray="4 2"' if abs(sd) == 1 else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1"{dash}/>')
            x_last, sds_last = curves[-1]
            if sds_last.get(sd) is not None:
                label = "0" if sd == 0 else f"{int(sd):+d}"
                parts.append(f'<text x="{sx(x_last) + 2:.1f}" y="{sy(sds_last[sd]) + 3:.1f}" font-size="8" fill="{color}">{label}SD</text>')
    else:
        parts.append(f'<text x="{PAD_L + 6}" y="{PAD_T + 14}" font-size="9" fill="#888">{escape(_("Standard curves not available"))}</text>')
    if points:
        parts.append('<polyline points="{}" fill="none" stroke="#0d6efd" stroke-width="1.6"/>'.format(
            " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)))
        for x, y in points:
            parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="#0d6efd" class="child-point"/>')
    parts.append("</svg>")
    return "".join(parts)


def growth_charts(child, measurements, standard=None) -> list[Chart]:
    standard = standard or (measurements[-1].standard if measurements else "who")
    sex = "M" if child.gender == "M" else "F"
    months, cm, kg = _("Age (months)"), _("Height (cm)"), _("Weight (kg)")
    specs = [
        (Indicator.HFA, _("Height-for-age"), months, cm),
        (Indicator.WFA, _("Weight-for-age"), months, kg),
        (Indicator.WFH, _("Weight-for-height"), cm, kg),
        (Indicator.BMI, _("BMI-for-age"), months, "kg/m²"),
    ]
    return [
        Chart(indicator, title, mark_safe(svg_chart(indicator, sex, standard, _points(child, measurements, indicator), title,
                                                   x_label, y_label)))
        for indicator, title, x_label, y_label in specs
    ]
