"""The checklist register (campus.registers): one row per answer of each run, and one per run not
done, what an inspector wants to see."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus.people import display_name
from campus.registers import Column, Filter, Register, today_only

from .access import MANAGERS
from .choices import Department, RunStatus
from .models import ItemResult, Run


def answer_rows(runs):
    """(run, result) per answer of each run, (run, None) for a run without answers: two queries."""
    runs = list(runs)
    results: dict[int, list] = {}
    for result in ItemResult.objects.filter(run__in=[run.pk for run in runs]).select_related("item").order_by(
            "item__position", "id"):
        results.setdefault(result.run_id, []).append(result)
    for run in runs:
        for result in results.get(run.pk) or [None]:
            yield run, result


def _status(run) -> str:
    return str(run.get_status_display()) + (_(" (late)") if run.was_late else "")


def _answer(attribute):
    return lambda row: getattr(row[1], attribute) if row[1] is not None else ""


RUNS = Register(
    title=gettext_lazy("Checklist register"), model=Run, roles=frozenset(MANAGERS), date_field="period_start",
    default_range=today_only, select_related=("template", "completed_by__staff"),
    order_by=("period_start", "template__department", "template__title", "id"),
    filters=[
        Filter("department", gettext_lazy("Department"), lambda request: Department.choices, "template__department"),
        Filter("status", gettext_lazy("Status"), lambda request: RunStatus.choices, "status"),
    ],
    rows=answer_rows,
    columns=[
        Column(gettext_lazy("Date"), lambda row: row[0].period_start.isoformat()),
        Column(gettext_lazy("Department"), lambda row: row[0].template.get_department_display()),
        Column(gettext_lazy("Checklist"), lambda row: row[0].template.title),
        Column(gettext_lazy("Place"), lambda row: row[0].place),
        Column(gettext_lazy("Status"), lambda row: _status(row[0])),
        Column(gettext_lazy("Done by"), lambda row: display_name(row[0].completed_by) if row[0].completed_by else ""),
        Column(gettext_lazy("Done at"), lambda row: timezone.localtime(row[0].completed_at).strftime("%Y-%m-%d %H:%M")
               if row[0].completed_at else ""),
        Column(gettext_lazy("Question"), _answer("label")),
        Column(gettext_lazy("Answer"), _answer("display_value")),
        Column(gettext_lazy("Anomaly"), lambda row: _("Yes") if row[1] is not None and row[1].is_anomaly else ""),
        Column(gettext_lazy("Note"), lambda row: row[1].note if row[1] is not None else row[0].note),
    ],
    link=lambda row: row[0].get_absolute_url(), filename="checklists",
)
