"""What the health teacher's records say about a child today, for the parent's today page
(``campus.family.today``): the morning check's result, sent home and why, medicine given. Three
queries whatever the child."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campus.family.today import Line, Section

from .choices import CheckAction, CheckSession
from .models import HealthCheck, MedicationDose, Observation


def _at(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i")


def today_sections(child, day: dt.date) -> list[Section]:
    checks = {c.session: c for c in HealthCheck.objects.filter(child=child, date=day)}
    lines = []
    for session in (CheckSession.MORNING, CheckSession.AFTERNOON):
        check = checks.get(session)
        if check is None:
            continue
        text = f"{check.get_session_display()}：{check.get_action_display()}"
        details = [f"{check.temperature} °C" if check.temperature else "", check.findings_display(), check.note]
        details = [d for d in details if d]
        if details:
            text += "（" + "，".join(details) + "）"
        tone = "danger" if check.action == CheckAction.SENT_HOME else "warning" if check.action == CheckAction.OBSERVE else "success"
        lines.append(Line(text, _at(check.checked_at), tone))
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    for seen in Observation.objects.filter(child=child, observed_at__gte=start, observed_at__lt=start + dt.timedelta(days=1)):
        text = seen.symptom + (f"，{seen.temperature} °C" if seen.temperature else "")
        if seen.sent_home:
            text = _("Sent home: %(why)s") % {"why": text}
        elif seen.action:
            text += f"（{seen.action}）"
        lines.append(Line(text, _at(seen.observed_at), "danger" if seen.sent_home else "warning"))
    doses = [Line(_("Medicine given: %(drug)s %(amount)s") % {"drug": dose.request.drug, "amount": dose.amount},
                  _at(dose.given_at), "success")
             for dose in MedicationDose.objects.filter(request__child=child, date=day).select_related("request").order_by("given_at")]
    return [
        Section(_("Health"), "heart-pulse", lines=lines, empty=_("No check recorded yet today.")),
        *([Section(_("Medicine"), "capsule", lines=doses)] if doses else []),
    ]
