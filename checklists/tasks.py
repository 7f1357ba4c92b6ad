"""Celery tasks: thin and idempotent, calling the services."""

from celery import shared_task


@shared_task(name="checklists.tasks.generate_checklists")
def generate_checklists(day: str | None = None, campus_code: str | None = None) -> dict:
    """Create due runs for every campus (catching up missed periods), mark overdue, remind."""
    import datetime as dt

    from campus.models import Campus

    from .services import generate_runs

    campus = Campus.objects.get(code=campus_code) if campus_code else None
    report = generate_runs(dt.date.fromisoformat(day) if day else None, campus=campus)
    return {"created": report.created, "overdue": report.overdue, "reminders": report.reminders, "warnings": len(report.warnings)}
