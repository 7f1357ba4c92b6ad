"""Meal feedback: a parent rates a week's published menu (1–5) with a comment, once per week and
child (a second time changes it); the kitchen answers; the monthly meal committee reads a summary
(count, average, the spread of ratings, every comment with its answer)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.choices import NoticeKind
from campus.errors import ServiceError
from campus.history import save_tracked
from campus.notifications import notify
from campus.roles import Role

from .choices import MenuStatus
from .models import Menu
from .models_feedback import MealFeedback


class FeedbackError(ServiceError):
    pass


@transaction.atomic
def give_feedback(menu: Menu, child, *, user, rating: int, comment="") -> MealFeedback:
    if menu.status != MenuStatus.PUBLISHED or menu.campus_id != child.campus_id:
        raise FeedbackError(_("Only a published menu of the child's campus can be rated."))
    if menu.week_start > timezone.localdate():
        raise FeedbackError(_("Rate a week's meals once the week has begun."))
    if not 1 <= int(rating) <= 5:
        raise FeedbackError(_("Give 1 to 5 stars."), field="rating")
    row = MealFeedback.objects.select_for_update().filter(menu=menu, author=user, child=child).first()
    row = row or MealFeedback(campus_id=menu.campus_id, menu=menu, child=child, author=user)
    row.rating, row.comment, row.created_at = int(rating), (comment or "").strip()[:300], timezone.now()
    save_tracked(row, user, clean=True)
    count = MealFeedback.objects.filter(menu=menu).count()
    notify(NoticeKind.MEAL_FEEDBACK, menu.campus, roles=[Role.COOK, Role.HEALTH],
           title=_("Parents' feedback on the menu of the week of %(day)s: %(n)d") % {"day": menu.week_start.isoformat(), "n": count},
           body=row.comment, link=f"/kitchen/feedback/?week={menu.week_start.isoformat()}", key=f"feedback:{menu.pk}")
    return row


@transaction.atomic
def answer_feedback(row: MealFeedback, *, user, answer: str) -> MealFeedback:
    answer = (answer or "").strip()
    if not answer:
        raise FeedbackError(_("Write the answer."), field="answer")
    row.answer, row.answered_by, row.answered_at = answer[:300], user, timezone.now()
    save_tracked(row, user)
    return row


@dataclass
class Summary:
    month: dt.date
    count: int = 0
    average: str = "—"
    spread: dict = field(default_factory=dict)  # stars -> count
    unanswered: int = 0
    rows: list = field(default_factory=list)


def month_summary(campus, month: dt.date) -> Summary:
    """The meal committee's summary of a month (weeks starting in it). One query."""
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rows = list(MealFeedback.objects.filter(campus=campus, menu__week_start__range=(first, last))
                .select_related("menu", "child__classroom").order_by("menu__week_start", "-created_at"))
    summary = Summary(month=first, count=len(rows), rows=rows, spread=dict.fromkeys(range(5, 0, -1), 0))
    for row in rows:
        summary.spread[row.rating] += 1
    if rows:
        summary.average = f"{sum(r.rating for r in rows) / len(rows):.1f}"
    summary.unanswered = sum(1 for r in rows if not r.answer)
    return summary
