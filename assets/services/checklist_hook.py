"""The checklists hook (checklists.hooks): the standard plan's monthly reconciliation and term-end
count open an asset count instead of yes/no questions; a finished count completes its run."""


def complete(count, *, user, anomalies: int) -> None:
    """Mark the checklist run that opened ``count`` done, linking the count (no-op until the hook exists)."""
    try:
        from checklists import services as checklist_services
        from checklists.models import Run
    except ImportError:  # pragma: no cover
        return
    complete_run = getattr(checklist_services, "complete_run_with_record", None)
    if complete_run is None:
        return
    run = Run.objects.filter(pk=count.checklist_run_id).first()
    if run is not None:
        complete_run(run, count, user=user, anomalies=anomalies, note="")
