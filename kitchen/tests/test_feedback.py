"""Meal feedback: a parent rates this week's published menu once per week (a second time changes
it), the kitchen answers, the monthly meal committee sees count, average and comments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from campus.choices import NoticeKind
from campus.models import Notification
from campus.roles import Role
from kitchen import feedback, services
from kitchen.models_feedback import MealFeedback
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu(world, clock):
    clock.school_day(world.campus, at="12:00")
    health = world.user(Role.HEALTH)
    dish = factories.make_dish(world.campus, "番茄炒蛋", [], health)
    menu = factories.make_menu(world.campus, {(timezone.localdate(), "lunch"): [dish]}, health)
    return services.publish_menu(menu, health)


def test_parent_rates_the_week_and_the_kitchen_answers(world, menu, client_as):
    parent = client_as(world.parent.user)
    url = reverse("kitchen:parent_feedback", args=[world.child.pk])
    assert parent.post(url, {"rating": "4", "comment": "青菜有点咸"}).status_code == 302
    assert parent.post(url, {"rating": "3", "comment": "还是咸"}).status_code == 302
    row = MealFeedback.objects.get()
    assert (row.rating, row.comment) == (3, "还是咸")
    assert Notification.objects.filter(kind=NoticeKind.MEAL_FEEDBACK).count() == 1
    cook = client_as(world.user(Role.COOK))
    assert "还是咸" in cook.get(reverse("kitchen:feedback_list")).content.decode()
    cook.post(reverse("kitchen:feedback_answer", args=[row.pk]), {"answer": "下周少放盐"})
    assert "下周少放盐" in client_as(world.parent.user).get(url).content.decode()
    assert client_as(world.parent.user).get(reverse("kitchen:parent_feedback", args=[world.other_child.pk])).status_code == 404


def test_the_meal_committee_summary(world, menu, django_assert_num_queries):
    feedback.give_feedback(menu, world.child, user=world.parent.user, rating=5, comment="好吃")
    feedback.give_feedback(menu, world.other_child, user=world.other_parent.user, rating=2, comment="太硬")
    with django_assert_num_queries(1):
        summary = feedback.month_summary(world.campus, menu.week_start)
    assert (summary.count, summary.average, summary.unanswered) == (2, "3.5", 2)
    assert summary.spread[5] == 1 and summary.spread[2] == 1


def test_ratings_outside_one_to_five_are_refused(world, menu):
    with pytest.raises(feedback.FeedbackError):
        feedback.give_feedback(menu, world.child, user=world.parent.user, rating=6)
