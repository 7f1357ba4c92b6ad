from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kitchen.services import import_errors, import_ingredients, read_ingredient_table

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "ingredients.csv"


class Command(BaseCommand):
    help = "Load the ingredient composition table (csv or xlsx), matched by code. Idempotent; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, path, **options):
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            dataset = read_ingredient_table(path.read_bytes(), path.name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        result = import_ingredients(dataset, dry_run=False, reason=f"load_ingredients {path.name}")
        errors = import_errors(result)
        if errors:
            for number, message in errors[:50]:
                self.stderr.write(f"row {number}: {message}")
            raise CommandError(f"{len(errors)} errors; nothing was loaded.")
        totals = result.totals
        self.stdout.write(
            f"ingredients: {totals.get('new', 0)} new, {totals.get('update', 0)} updated, {totals.get('skip', 0)} unchanged"
        )
