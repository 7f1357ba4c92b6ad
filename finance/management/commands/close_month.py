"""``python manage.py close_month YYYY-MM [--campus CODE]``: the service the Celery job calls."""

from django.core.management.base import BaseCommand, CommandError

from campus.models import Campus
from finance import close, services


class Command(BaseCommand):
    help = ("Close a month: bills for the month (care fee, meal fee for its school days), refunds of the previous "
            "month's absences, the previous month's canteen account draft and every statement PDF. "
            "Running it again creates nothing new and finishes an interrupted close.")

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM, the month billed")
        parser.add_argument("--campus", help="campus code (default: every active campus)")
        parser.add_argument("--no-pdf", action="store_true", help="skip the statement PDFs")

    def handle(self, month, campus=None, no_pdf=False, **options):
        try:
            first = services.parse_month(month)
        except services.FinanceError as exc:
            raise CommandError(str(exc)) from None
        campuses = Campus.objects.filter(is_active=True)
        if campus:
            campuses = campuses.filter(code=campus)
            if not campuses.exists():
                raise CommandError(f"No active campus with the code {campus!r}.")
        for row in campuses:
            try:
                record = close.close_month(row, first, render=not no_pdf)
            except services.FinanceError as exc:
                raise CommandError(f"{row.code}: {exc}") from None
            self.stdout.write(
                f"{row.code} {first:%Y-%m}: {record.bills_created} bills, {record.pdfs_rendered} statements stored"
            )
