"""The checklists hook (checklists.hooks): the standard plan's monthly reconciliation (assets-monthly)
and term-end count (assets-term-end) are done by an asset count instead of yes/no questions: the run's
button opens the counts page with ``?run=``, and a finished count completes its run."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from checklists.choices import RunStatus
from checklists.hooks import RecordKind, register_record_kind
from checklists.models import Run
from checklists.services import complete_run_with_record

COUNT_KIND = RecordKind(
    code="assets.count", label=_("Asset count"), url_name="assets:count_list", permission="assets.add_count",
    plan_codes=("assets-monthly", "assets-term-end"),
)


def register() -> None:
    register_record_kind(COUNT_KIND)


def complete(count, *, user, anomalies: int) -> None:
    """Mark the run that opened ``count`` done with the count as its record (in the count's transaction).
    A run of another campus, or already done by someone else, is left as it is."""
    run = Run.objects.filter(pk=count.checklist_run_id, campus_id=count.campus_id).select_related("template").first()
    if run is None or run.status == RunStatus.DONE:
        return
    note = gettext("%(n)d differences to resolve") % {"n": anomalies} if anomalies else ""
    complete_run_with_record(run, count, user=user, anomalies=anomalies, note=note)
