"""Demo data: the standard plan on every campus, two weeks of runs, most done (a few with
problems that opened follow-ups, a few missed), today's left to do. Deterministic and idempotent."""

import datetime as dt
import random
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from campus.roles import Role

from .choices import ItemKind, RunStatus
from .hooks import record_kind_for
from .models import ChecklistTemplate, Run
from .services import Answer, complete_run, generate_runs, load_standard_plan

HISTORY_DAYS = 14


def _answer(item, rng, wrong: bool) -> Answer:
    if item.kind == ItemKind.YES_NO:
        return Answer(value=item.expected_yes != wrong, note="已报修" if wrong else "")
    if item.kind == ItemKind.NUMBER:
        low, high = item.min_value, item.max_value
        if wrong and high is not None:
            return Answer(value=high + Decimal(2), note="超出范围，已报告后勤主任")
        if low is not None and high is not None:
            return Answer(value=((low + high) / 2).quantize(Decimal("0.1")))
        return Answer(value=(low if low is not None else high if high is not None else Decimal(0)))
    if item.kind == ItemKind.CHOICE:
        good = [choice for choice in item.choice_list if choice not in item.bad_choice_list]
        if wrong and item.bad_choice_list:
            return Answer(value=item.bad_choice_list[0], note="需维修，已报修")
        return Answer(value=good[0] if good else item.choice_list[0])
    return Answer(value="" if item.kind == ItemKind.TEXT else None)


def seed(ctx) -> None:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    User = get_user_model()
    start = ctx.today - dt.timedelta(days=HISTORY_DAYS)
    for campus in ctx.campuses.values():
        load_standard_plan(campus)
        ChecklistTemplate.objects.filter(campus=campus, starts_on__gt=start).update(starts_on=start)
        generate_runs(ctx.today, campus=campus, remind=False)
        doers = {}
        for role in Role:
            user = User.objects.filter(staff__campuses=campus, groups__name=role.value).order_by("username").first()
            if user is not None:
                doers[role.value] = user
        fallback = doers.get(Role.DIRECTOR.value)
        runs = (
            Run.objects.filter(campus=campus, period_start__range=(start, ctx.today - dt.timedelta(days=1)), is_adhoc=False)
            .exclude(status=RunStatus.DONE).filter(template__target_kind="")  # per-target checks: the department's demo
            .select_related("template", "campus").order_by("period_start", "template__code")
        )
        for run in runs:
            if record_kind_for(run.template) is not None:
                continue  # done by filing a department's record (checklists.hooks): that department's demo files it
            rng = random.Random(f"{campus.code}-{run.template.code}-{run.period_start}")
            if rng.random() < 0.06:
                continue  # missed: stays overdue, as on paper it would have been forgotten
            user = doers.get(run.assignee_role) or fallback
            if user is None:
                continue
            items = list(run.template.items.filter(is_active=True))
            wrong_index = rng.randrange(len(items)) if items and rng.random() < 0.05 else -1
            answers = {item.pk: _answer(item, rng, index == wrong_index) for index, item in enumerate(items)}
            late = rng.random() < 0.1
            done_at = dt.datetime.combine(run.period_start, run.template.due_time, tzinfo=tz) + dt.timedelta(
                minutes=rng.randrange(-90, -5) if not late else run.template.grace_hours * 60 + 30)
            complete_run(run, user=user, answers=answers, at=done_at)
    ctx.log.append(f"checklist runs: {Run.objects.count()}")
