import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from campus.models import Campus
from checklists.services import generate_runs


class Command(BaseCommand):
    help = "Create the due checklist runs (the same service the beat job calls), catch up missed periods, mark overdue runs."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to generate for, YYYY-MM-DD (default: today).")
        parser.add_argument("--campus", help="Only this campus (its code).")

    def handle(self, *args, date=None, campus=None, **options):
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date like 2026-09-01.") from None
        target = None
        if campus:
            target = Campus.objects.filter(code=campus).first()
            if target is None:
                raise CommandError(f"No campus with the code {campus!r}.")
        report = generate_runs(day, campus=target)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f"created {report.created} runs ({report.campuses} campuses); "
            f"{report.overdue} marked overdue; {report.reminders} reminders"
        )
