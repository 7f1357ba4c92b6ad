"""Checklist factories: templates (the management page's form is the only other way in), runs opened
through the service, plans, and follow-ups opened and closed through the services."""

import datetime as dt

from django.utils import timezone

from campus.roles import Role
from checklists import services
from checklists.models import ChecklistTemplate, Plan, TemplateItem


def make_checklist_template(campus, code="gate-evening", title="离园后门窗检查", role=Role.GATEKEEPER,
                            items=("门窗已锁好",), recurrence="school_day", department="gate", **extra) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.create(
        campus=campus, code=code, title=title, department=department, assignee_role=Role(role).value,
        recurrence=recurrence, starts_on=extra.pop("starts_on", timezone.localdate()), **extra,
    )
    TemplateItem.objects.bulk_create([TemplateItem(template=template, label=label) for label in items])
    return template


def make_run(template, reason="抽查", due=None, user=None):
    """A run of ``template`` opened now through the service (due in four hours unless ``due``)."""
    due = due or timezone.now() + dt.timedelta(hours=4)
    return services.open_adhoc_run(campus=template.campus, template_code=template.code, reason=reason, due=due,
                                   created_by=user)


def make_plan(campus, code="plan-1", title="后勤工作计划") -> Plan:
    return Plan.objects.create(campus=campus, code=code, title=title)


def make_follow_up(campus, title="门锁坏了", role=Role.LOGISTICS, source=None, closed_by=None, note="修好了", **extra):
    """A follow-up opened through the service; closed by ``closed_by`` (with ``note``) when given."""
    follow_up = services.open_follow_up(campus=campus, title=title, assignee_role=role, source=source, **extra)
    if closed_by is not None:
        follow_up = services.close_follow_up(follow_up, user=closed_by, note=note)
    return follow_up
