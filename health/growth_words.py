"""The latest growth measurement in plain words for parents ("身高在正常范围"), beside the charts.
Thresholds: ±2 SD of the growth standard (the same the health teacher's screening uses: WHO and 卫健委
儿童生长发育评价). A child outside them gets the words and the reassurance that the health teacher
follows up, never a bare z-score."""

from django.utils.translation import gettext as _

from .choices import WeightStatus

LOW, HIGH = -2, 2


def plain_words(measurement) -> list[tuple[str, str]]:
    """[(sentence, tone)] for the parent: tone "success" in range, "warning" outside."""
    if measurement is None:
        return []
    words = []
    hfa = measurement.hfa
    if hfa is not None:
        if hfa < LOW:
            words.append((_("Height is below the normal range for the age: the health teacher follows up."), "warning"))
        elif hfa > HIGH:
            words.append((_("Height is above most children of the same age (normal)."), "success"))
        else:
            words.append((_("Height is in the normal range."), "success"))
    if measurement.oedema:
        return words
    if measurement.underweight:
        words.append((_("Weight is low for the age: the health teacher follows up."), "warning"))
    status = measurement.weight_status
    if status == WeightStatus.NORMAL:
        words.append((_("Weight for the height is in the normal range."), "success"))
    elif status == WeightStatus.WASTING:
        words.append((_("Weight is low for the height: the health teacher follows up."), "warning"))
    elif status == WeightStatus.OVERWEIGHT:
        words.append((_("Weight is a little high for the height: more running and fewer sweets help."), "warning"))
    elif status in (WeightStatus.OBESE, WeightStatus.SEVERELY_OBESE):
        words.append((_("Weight is high for the height: the health teacher will talk with you."), "warning"))
    return words
