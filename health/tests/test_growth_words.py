"""Growth in plain words for parents, beside the charts."""

import pytest
from django.urls import reverse

from health.choices import WeightStatus
from health.growth_words import plain_words
from health.models import Measurement


class M:
    def __init__(self, hfa=0.2, status=WeightStatus.NORMAL, underweight=False, oedema=False):
        self.hfa, self.weight_status, self.underweight, self.oedema = hfa, status, underweight, oedema


def texts(m):
    return [text for text, _tone in plain_words(m)]


def test_in_range_reads_normal(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    from django.utils import translation

    with translation.override("zh-hans"):
        assert texts(M()) == ["身高在正常范围。", "按身高看，体重在正常范围。"]
        assert "保健老师会跟进" in texts(M(hfa=-2.4))[0]
        assert len(texts(M(status=WeightStatus.OBESE))) == 2


@pytest.mark.django_db
def test_the_parent_growth_page_says_it_in_words(world, client_as):
    Measurement.objects.create(campus=world.campus, child=world.child, measured_on="2026-09-10", height_cm=100, weight_kg=16,
                               hfa=0.1, weight_status=WeightStatus.NORMAL)
    page = client_as(world.parent.user).get(reverse("health:parent_growth", args=[world.child.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "身高在正常范围" in page.content.decode()
