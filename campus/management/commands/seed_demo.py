from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from campus.demo import DEMO_PASSWORD, PARENT_PHONE, STAFF, seed


class Command(BaseCommand):
    help = "Load the demo kindergarten (two campuses, staff in every role, children, attendance). Idempotent."

    def handle(self, *args, **options):
        # The demo's stored texts (notices, history reasons, follow-up titles) are in the site's
        # language, whatever language the calling process happens to have active.
        with translation.override(settings.LANGUAGE_CODE):
            ctx = seed()
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (password %s):" % DEMO_PASSWORD))
        for username, name, role, codes, _all in STAFF:
            self.stdout.write(f"  {username:<10} {name}  {role.label}  {','.join(codes)}")
        self.stdout.write(f"  {PARENT_PHONE}  parent of {ctx.parent_child}")
        self.stdout.write("  admin      (superuser, /admin/)")
