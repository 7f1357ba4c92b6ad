"""Every write of the checklists app: follow-ups, ad-hoc runs, the standard plan, templates,
generating runs (the beat job), completing a run. Views, tasks, commands and other apps
(kitchen, health) call these; each is one transaction with history kept.

Interfaces other apps rely on::

    open_follow_up(campus=..., title=..., source=obj, kind="repair"|"hazard"|"health"|"general", ...)
    open_adhoc_run(campus=..., template_code="class-disinfection", reason=..., source=obj, place="小一班")
    close_follow_up(follow_up, user=..., note=..., photo=upload); verify_follow_up(follow_up, user=...)
"""

import datetime as dt
import json
import logging
import secrets
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.bulk import insert_objects
from campus.calendar import CalendarUnknown
from campus.choices import NoticeKind
from campus.errors import ServiceError, full_clean
from campus.history import save_tracked, update_tracked
from campus.models import Campus
from campus.notifications import Notice, mark_read, notify, notify_many, role_holders
from campus.people import display_name
from campus.roles import Role, roles_of

from .choices import FollowUpKind, FollowUpStatus, ItemKind, Recurrence, RunStatus
from .hooks import anomaly_handler, record_kind_for
from .models import (
    ChecklistSettings,
    ChecklistTemplate,
    FollowUp,
    ItemResult,
    Plan,
    Run,
    TemplateItem,
)
from .recurrence import calendar_for, calendars_for, occurrences
from .routing import FOLLOW_UP_ROLES, needs_after_photo, role_for
from .targets import target_text, targets_of

log = logging.getLogger(__name__)

STANDARD_PLAN_FILE = Path(__file__).resolve().parent / "data" / "standard_plan.json"


class ChecklistError(ServiceError):
    """A refused action or bad answers, with a message for the user (per item field when known)."""


class RunAlreadyDone(ChecklistError):
    pass


def checklist_settings(campus) -> ChecklistSettings:
    return ChecklistSettings.for_campus(campus)


def _tz():
    return zoneinfo.ZoneInfo(django_settings.TIME_ZONE)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=_tz())


# --------------------------------------------------------------------------------------------
# Follow-ups


def _source_fields(source) -> dict:
    if source is None:
        return {}
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
        "source_id": source.pk,
    }


def _due_on(campus, due) -> dt.date:
    if due is None:
        return timezone.localdate() + dt.timedelta(days=checklist_settings(campus).follow_up_days)
    if isinstance(due, dt.datetime):
        return timezone.localdate(due) if timezone.is_aware(due) else due.date()
    return due


@transaction.atomic
def open_follow_up(*, campus, title, description="", source=None, assignee=None, assignee_role=None, due=None,
                   created_by=None, kind=FollowUpKind.GENERAL, run=None, item_result=None,
                   notice_kind=NoticeKind.FOLLOW_UP) -> FollowUp:
    """Open a follow-up: something found that must be put right by ``due`` (a date or datetime;
    default: the campus's follow-up days from today). ``source`` is any record (shown with a link
    back); ``assignee`` a user, ``assignee_role`` a ``campus.roles.Role``. The assignee (or the
    role's holders at the campus) are told through the notification service, as ``notice_kind``."""
    if kind not in FollowUpKind.values:
        raise ChecklistError(_("Unknown follow-up kind: %(kind)s") % {"kind": kind})
    if not title or not str(title).strip():
        raise ChecklistError(_("A follow-up needs a title."))
    role = Role(assignee_role).value if assignee_role else ""
    if not assignee and not role:
        role = role_for(campus, kind, checklist_settings(campus).follow_up_role)
    if source is None and run is not None:
        source = run
    follow_up = FollowUp(
        campus=campus, kind=kind, title=str(title)[:200], description=description, assignee=assignee,
        assignee_role=role, due_on=_due_on(campus, due), created_by=created_by, run=run, item_result=item_result,
        source_label=str(source)[:300] if source is not None else "", **_source_fields(source),
    )
    save_tracked(follow_up, created_by)
    notify(
        notice_kind, campus, people=[assignee] if assignee else [], roles=[] if assignee else [role],
        key=f"follow-up:{follow_up.pk}", title=follow_up.title, body=description, link=follow_up.get_absolute_url(),
    )
    return follow_up


@transaction.atomic
def close_follow_up(follow_up, *, user, note, photo=None) -> FollowUp:
    """The assignee says what was done, with a photo of the result (an uploaded image, checked by
    ``campus.uploads``) when the kind asks for one (``routing.PHOTO_REQUIRED_KINDS``). A second
    person must then verify it."""
    note = (note or "").strip()
    if not note:
        raise ChecklistError({"note": [_("Say what was done before closing the follow-up.")]})
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status != FollowUpStatus.OPEN:
        raise ChecklistError(_("This follow-up is already closed."))
    if not photo and needs_after_photo(locked.kind):
        raise ChecklistError({"photo": [_("Take a photo of the result before closing this follow-up.")]})
    locked.status, locked.closed_by, locked.closed_at, locked.close_note = FollowUpStatus.CLOSED, user, timezone.now(), note
    if photo:
        try:
            FollowUp._meta.get_field("after_photo").run_validators(photo)
        except ValidationError as exc:
            raise ChecklistError({"photo": exc.messages}) from None
        locked.after_photo = photo
    save_tracked(locked, user, note[:100])
    mark_read(locked.campus_id, [f"follow-up:{locked.pk}"])
    return locked


@transaction.atomic
def verify_follow_up(follow_up, *, user) -> FollowUp:
    """A second person confirms the fix. The one who closed it cannot verify it."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status == FollowUpStatus.VERIFIED:
        raise ChecklistError(_("This follow-up is already verified."))
    if locked.status != FollowUpStatus.CLOSED:
        raise ChecklistError(_("Only a closed follow-up can be verified."))
    if locked.closed_by_id == user.pk:
        raise ChecklistError(_("Someone other than the person who closed it must verify it."))
    locked.status, locked.verified_by, locked.verified_at = FollowUpStatus.VERIFIED, user, timezone.now()
    save_tracked(locked, user)
    return locked


@transaction.atomic
def reopen_follow_up(follow_up, *, user, note) -> FollowUp:
    """The verifier finds the problem is not fixed: back to open, with why."""
    note = (note or "").strip()
    if not note:
        raise ChecklistError(_("Say why the follow-up is reopened."))
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status != FollowUpStatus.CLOSED:
        raise ChecklistError(_("Only a closed follow-up can be reopened."))
    locked.status, locked.closed_by, locked.closed_at = FollowUpStatus.OPEN, None, None
    save_tracked(locked, user, note[:100])
    return locked


# --------------------------------------------------------------------------------------------
# The standard plan


def standard_plan() -> dict:
    with STANDARD_PLAN_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def _template_defaults(spec: dict, plan_by_code: dict, today: dt.date) -> dict:
    return {
        "title": spec["title"],
        "department": spec["department"],
        "plan": plan_by_code.get(spec.get("plan")),
        "section": spec.get("section", ""),
        "source_quote": spec.get("quote", ""),
        "assignee_role": spec["role"],
        "place": spec.get("place", ""),
        "recurrence": spec["recurrence"],
        "weekdays": ",".join(str(day) for day in spec.get("weekdays", [])),
        "interval": spec.get("interval", 1),
        "day_of_month": spec.get("day_of_month"),
        "month": spec.get("month"),
        "offset_days": spec.get("offset_days", 0),
        "rrule": spec.get("rrule", ""),
        "only_school_days": spec.get("only_school_days", False),
        "starts_on": today,
        "due_time": dt.time.fromisoformat(spec.get("due_time", "17:00")),
        "grace_hours": spec.get("grace_hours", 24),
    }


def _create_template_from_spec(campus, spec: dict, plan_by_code: dict, today: dt.date, user=None):
    template, created = ChecklistTemplate.objects.get_or_create(
        campus=campus, code=spec["code"], defaults=_template_defaults(spec, plan_by_code, today)
    )
    if created:
        TemplateItem.objects.bulk_create(
            TemplateItem(
                template=template, position=index, label=item["label"], kind=item.get("kind", ItemKind.YES_NO),
                expected_yes=item.get("expected_yes", True), unit=item.get("unit", ""),
                min_value=Decimal(str(item["min"])) if item.get("min") is not None else None,
                max_value=Decimal(str(item["max"])) if item.get("max") is not None else None,
                choices="\n".join(item.get("choices", [])), bad_choices="\n".join(item.get("bad_choices", [])),
                required=item.get("required", True), follow_up_kind=item.get("follow_up", FollowUpKind.GENERAL),
                problem_label=item.get("problem", ""),
            )
            for index, item in enumerate(spec["items"], start=1)
        )
    return template, created


def _plans_for(campus, data: dict) -> dict:
    from campus.models import Term

    today = timezone.localdate()
    term = Term.objects.filter(campus=campus, starts_on__lte=today, ends_on__gte=today).first()
    plans = {}
    for spec in data["plans"]:
        plan, _created = Plan.objects.get_or_create(
            campus=campus, code=spec["code"],
            defaults={"title": spec["title"], "text": spec.get("text", ""), "source": spec.get("source", ""), "term": term},
        )
        plans[spec["code"]] = plan
    return plans


@transaction.atomic
def load_standard_plan(campus, *, user=None) -> tuple[int, int]:
    """Load the six plans of the seed and every recurring duty in them as templates. Idempotent:
    a template the campus already has (same code) is left as the campus changed it.
    Returns (templates created, templates in the standard plan)."""
    data = standard_plan()
    plans = _plans_for(campus, data)
    today = timezone.localdate()
    created = 0
    for spec in data["templates"]:
        _template, was_created = _create_template_from_spec(campus, spec, plans, today, user)
        created += was_created
    return created, len(data["templates"])


def ensure_template(campus, code: str) -> ChecklistTemplate:
    """The campus's template with that code, created from the standard plan if it has none yet."""
    template = ChecklistTemplate.objects.filter(campus=campus, code=code).first()
    if template is not None:
        return template
    data = standard_plan()
    spec = next((entry for entry in data["templates"] if entry["code"] == code), None)
    if spec is None:
        raise ChecklistError(_("No checklist template with the code %(code)s.") % {"code": code})
    plans = _plans_for(campus, {"plans": [entry for entry in data["plans"] if entry["code"] == spec.get("plan")]})
    template, _created = _create_template_from_spec(campus, spec, plans, timezone.localdate())
    return template


@transaction.atomic
def open_adhoc_run(*, campus, template_code: str, reason: str, source=None, due=None, place="", created_by=None) -> Run:
    """An unscheduled run of the campus's template with that code (e.g. ``class-disinfection``
    after an infectious case). ``due``: a date (at the template's due time) or a datetime;
    default: today at the due time, or in two hours when that has passed."""
    template = ensure_template(campus, template_code)
    now = timezone.now()
    if due is None:
        due_at = _at(timezone.localdate(now), template.due_time)
        if due_at <= now:
            due_at = now + dt.timedelta(hours=2)
    elif isinstance(due, dt.datetime):
        due_at = due if timezone.is_aware(due) else due.replace(tzinfo=_tz())
    else:
        due_at = _at(due, template.due_time)
    run = Run(
        campus=campus, template=template, period_start=timezone.localdate(due_at), due_at=due_at,
        grace_until=due_at + dt.timedelta(hours=template.grace_hours), place=place or place_of(template),
        assignee_role=template.assignee_role, is_adhoc=True, reason=str(reason)[:300], created_by=created_by,
        **_source_fields(source),
    )
    save_tracked(run, created_by)
    return run


# --------------------------------------------------------------------------------------------
# Templates


@transaction.atomic
def save_template(template: ChecklistTemplate, data: dict, items: list[dict], *, campus, user) -> ChecklistTemplate:
    """Save a template (new or not) with the field values ``data`` (``assignees``: users) and the
    changes to its questions, all or nothing. Each entry of ``items`` is a question's field values
    with ``pk`` (None for a new one) and ``delete`` (True to remove it)."""
    data = dict(data)
    many = {field.name: data.pop(field.name) for field in ChecklistTemplate._meta.many_to_many if field.name in data}
    template.campus = campus
    if not template.code and not data.get("code"):
        data["code"] = f"t-{secrets.token_hex(4)}"  # a name for other apps and the standard plan; never asked for
    update_tracked(template, data, user)
    for name, values in many.items():
        getattr(template, name).set(values)
    existing = {item.pk: item for item in template.items.all()}
    for entry in items:
        entry = dict(entry)
        pk, delete = entry.pop("pk", None), entry.pop("delete", False)
        if pk is not None and pk not in existing:
            raise ChecklistError(_("This question is not on this template."))
        if delete:
            if pk is None:
                continue
            item = existing[pk]
            if item.results.exists():  # answered before: keep it for the registers, stop asking it
                item.is_active = False
                item.save(update_fields=["is_active"])
            else:
                item.delete()
            continue
        item = existing[pk] if pk is not None else TemplateItem(template=template)
        for name, value in entry.items():
            setattr(item, name, value)
        full_clean(item)
        item.save()
    return template


# --------------------------------------------------------------------------------------------
# Generating runs (the beat job)


def place_of(template) -> str:
    """Where the run happens: the template's place, or its class."""
    return template.place or (template.classroom.name if template.classroom_id else "")


@dataclass
class GenerationReport:
    created: int = 0
    overdue: int = 0
    reminders: int = 0
    campuses: int = 0
    warnings: list = field(default_factory=list)


def build_runs(campus, templates, first: dt.date, last: dt.date, now: dt.datetime, existing: set, report,
               calendar=None) -> list[Run]:
    """Unsaved runs of these templates for every period in [first, last] not in ``existing``."""
    calendar = calendar or calendar_for(campus, first, last)
    runs = []
    for template in templates:
        try:
            days = occurrences(template, first, last, calendar)
        except (CalendarUnknown, ValidationError) as exc:
            report.warnings.append(f"{campus.code}/{template.code}: {exc}")
            continue
        for day in days:
            if (template.pk, day) in existing:
                continue
            due_at = _at(day, template.due_time)
            grace_until = due_at + dt.timedelta(hours=template.grace_hours)
            runs.append(
                Run(
                    campus_id=campus.pk, template_id=template.pk, period_start=day, due_at=due_at,
                    grace_until=grace_until, status=RunStatus.OVERDUE if grace_until < now else RunStatus.OPEN,
                    place=place_of(template), assignee_role=template.assignee_role, created_at=now,
                )
            )
    return runs


def generate_runs(day: dt.date | None = None, *, campus=None, now: dt.datetime | None = None,
                  remind: bool = True) -> GenerationReport:
    """Create every due run up to ``day`` for every active campus (or one), catching up the
    periods of the campus's catch-up window; then mark overdue runs and send reminders.

    Idempotent through the unique constraint on (template, period start): the rows are inserted
    with ``ON CONFLICT DO NOTHING`` (``campus.bulk.insert_objects``), so two workers at once cannot
    create a run twice. A constant number of queries whatever the number of campuses, templates
    and runs (one INSERT statement for all the runs). ``remind=False`` skips the
    reminders (the demo data: what it creates must not depend on the hour it runs)."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    campuses = [campus] if campus is not None else list(Campus.objects.filter(is_active=True))
    report = GenerationReport(campuses=len(campuses))
    campus_ids = [c.pk for c in campuses]
    settings_by_campus = {row.campus_id: row for row in ChecklistSettings.objects.filter(campus_id__in=campus_ids)}
    templates_by_campus: dict[int, list] = {}
    for template in ChecklistTemplate.objects.filter(campus_id__in=campus_ids, is_active=True).exclude(
        recurrence=Recurrence.NONE
    ).select_related("classroom"):
        templates_by_campus.setdefault(template.campus_id, []).append(template)
    busy = [c for c in campuses if c.pk in templates_by_campus]
    firsts = {
        c.pk: day - dt.timedelta(days=settings_by_campus.get(c.pk, ChecklistSettings()).catch_up_days) for c in busy
    }
    to_create: list[Run] = []
    if busy:
        earliest = min(firsts.values())
        existing = set(
            Run.objects.filter(campus_id__in=[c.pk for c in busy], is_adhoc=False, period_start__range=(earliest, day))
            .values_list("template_id", "period_start")
        )
        calendars = calendars_for(busy, earliest, day)
        for current in busy:
            to_create.extend(
                build_runs(current, templates_by_campus[current.pk], firsts[current.pk], day, now, existing, report,
                           calendar=calendars[current.pk])
            )
    if to_create:
        with transaction.atomic():
            insert_objects(to_create, ignore_conflicts=True)
    report.created = len(to_create)
    report.overdue = mark_overdue(now=now, campus_ids=campus_ids)
    if remind:
        report.reminders = send_reminders(now=now, campuses=campuses, settings_by_campus=settings_by_campus)
    for warning in report.warnings:
        log.warning("checklists: %s", warning)
    return report


def mark_overdue(*, now=None, campus_ids=None) -> int:
    """Runs past their grace period and not done become overdue (one UPDATE)."""
    now = now or timezone.now()
    qs = Run.objects.filter(status=RunStatus.OPEN, grace_until__lt=now)
    if campus_ids is not None:
        qs = qs.filter(campus_id__in=campus_ids)
    return qs.update(status=RunStatus.OVERDUE)


def send_reminders(*, now=None, campuses=None, settings_by_campus=None) -> int:
    """Reminders through the notification service: a run due within the campus's reminder time, a
    run that has just become overdue (in the last day). To the people the template names, else the
    holders of the run's role at the campus. One notification per run and kind (its key), so
    repeating is harmless. Returns how many people were reminded of how many runs (pairs)."""
    now = now or timezone.now()
    campuses = campuses if campuses is not None else list(Campus.objects.filter(is_active=True))
    settings_by_campus = settings_by_campus or {}
    campus_ids = [c.pk for c in campuses]
    longest = max([settings_by_campus.get(pk, ChecklistSettings()).reminder_minutes for pk in campus_ids] or [60])
    runs = list(
        Run.objects.filter(campus_id__in=campus_ids)
        .filter(
            Q(status=RunStatus.OPEN, due_at__lte=now + dt.timedelta(minutes=longest), due_at__gt=now - dt.timedelta(days=1))
            | Q(status=RunStatus.OVERDUE, grace_until__gte=now - dt.timedelta(days=1))
        )
        .select_related("template").only("id", "campus_id", "template_id", "template__title", "assignee_role", "status",
                                          "due_at", "place")
    )
    if not runs:
        return 0
    through = ChecklistTemplate.assignees.through
    people: dict[int, list[int]] = {}
    for template_id, user_id in through.objects.filter(checklisttemplate_id__in={r.template_id for r in runs}).values_list(
        "checklisttemplate_id", "user_id"
    ):
        people.setdefault(template_id, []).append(user_id)
    notices = []
    for run in runs:
        if run.status == RunStatus.OPEN:
            lead = settings_by_campus.get(run.campus_id, ChecklistSettings()).reminder_minutes
            if run.due_at > now + dt.timedelta(minutes=lead):
                continue
        kind = NoticeKind.RUN_DUE if run.status == RunStatus.OPEN else NoticeKind.RUN_OVERDUE
        named = tuple(people.get(run.template_id, ()))
        due = timezone.localtime(run.due_at).strftime("%Y-%m-%d %H:%M")
        notices.append(Notice(
            kind=kind.value, campus_id=run.campus_id, key=f"run:{run.pk}", people=named,
            roles=() if named else (run.assignee_role,),
            title=f"{run.template.title} · {run.place}" if run.place else run.template.title,
            body=_("Due at %(time)s") % {"time": due}, link=run.get_absolute_url(),
        ))
    notify_many(notices)
    return len(notices)


# --------------------------------------------------------------------------------------------
# Doing the work


def runs_for_user(user, campus):
    """Runs of this campus that are this user's: the template names them, or (when it names
    nobody) they hold the run's role."""
    through = ChecklistTemplate.assignees.through
    named = through.objects.filter(checklisttemplate_id=OuterRef("template_id"))
    roles = sorted(roles_of(user))
    return Run.objects.filter(campus=campus).filter(
        Q(Exists(named.filter(user_id=user.pk))) | (Q(assignee_role__in=roles) & ~Q(Exists(named)))
    )


def coerce_answer(item: TemplateItem, value):
    """The answer in the item's type, or a ValidationError in the user's language."""
    if value in (None, "") or (item.kind == ItemKind.PHOTO and not value):
        if item.required:
            if item.kind == ItemKind.PHOTO:
                raise ValidationError(_("Take or attach the photo this check asks for."))
            raise ValidationError(_("Answer this question."))
        return None
    if item.kind == ItemKind.YES_NO:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"yes", "true", "1", "y", "是"}:
            return True
        if text in {"no", "false", "0", "n", "否"}:
            return False
        raise ValidationError(_("Answer yes or no."))
    if item.kind == ItemKind.NUMBER:
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        return number
    if item.kind == ItemKind.CHOICE:
        if str(value) not in item.choice_list:
            raise ValidationError(_("Pick one of the choices."))
        return str(value)
    if item.kind == ItemKind.TEXT:
        return str(value).strip()
    return value  # a photo: an uploaded file


def is_anomaly(item: TemplateItem, value) -> bool:
    """An answer outside what is allowed: 'no' to a yes-question, a number out of range, a bad choice."""
    if value is None:
        return False
    if item.kind == ItemKind.YES_NO:
        return value != item.expected_yes
    if item.kind == ItemKind.NUMBER:
        return (item.min_value is not None and value < item.min_value) or (item.max_value is not None and value > item.max_value)
    if item.kind == ItemKind.CHOICE:
        return value in item.bad_choice_list
    return False


@dataclass
class Answer:
    value: object = None
    note: str = ""
    photo: object = None
    flagged: bool = False  # the person marked it as a problem (text and photo questions)


def answer_key(item_id: int, target_key: str = ""):
    """How ``answers`` names an answer: the item id, or (item id, target key) on a template that
    repeats its questions per target (``checklists.targets``)."""
    return (item_id, target_key) if target_key else item_id


def field_suffix(item_id: int, target_key: str = "") -> str:
    """The form fields' suffix of an answer: ``item_<suffix>``, ``note_<suffix>``, ``photo_<suffix>``."""
    return f"{item_id}__{target_key}" if target_key else str(item_id)


def complete_run(run: Run, *, user, answers: dict, note: str = "", at: dt.datetime | None = None) -> Run:
    """Record all answers of a run in one go. ``answers`` maps item id to ``Answer`` (on a template
    that repeats per target, ``(item id, target key)`` for each of ``targets.targets_of(template)``).

    An anomaly needs a note and opens a follow-up. A run completes once: the second phone gets
    ``RunAlreadyDone`` (a conditional UPDATE claims the run, so two requests at once cannot both win).
    ``at``: when it was done, for a paper checklist entered afterwards (default: now)."""
    kind = record_kind_for(run.template)
    if kind is not None:
        raise ChecklistError(_("This duty is done by filing its record (%(record)s), not by answering questions.")
                             % {"record": kind.label})
    items = list(run.template.items.filter(is_active=True))
    targets = targets_of(run.template)
    if not targets:
        raise ChecklistError(_("This checklist is repeated for each of: %(what)s; there is none at this campus now.")
                             % {"what": target_text(run.template) or run.template.target_value})
    errors = {}
    values = {}
    for target_key, _label in targets:
        for item in items:
            key, suffix = answer_key(item.pk, target_key), field_suffix(item.pk, target_key)
            answer = answers.get(key) or Answer()
            try:
                value = coerce_answer(item, answer.value)
            except ValidationError as exc:
                errors[f"item_{suffix}"] = exc.messages
                continue
            anomaly = is_anomaly(item, value) or answer.flagged
            if anomaly and not (answer.note or "").strip():
                errors[f"note_{suffix}"] = [_("Something is wrong here: say what in a note.")]
            values[key] = (value, anomaly)
    if errors:
        raise ChecklistError(errors)
    now = at or timezone.now()
    anomalies = sum(1 for _value, anomaly in values.values() if anomaly)
    with transaction.atomic():
        _claim(run, user=user, now=now, note=note, anomalies=anomalies)
        results = []
        for (target_key, target_label), item in ((target, item) for target in targets for item in items):
            key = answer_key(item.pk, target_key)
            value, anomaly = values[key]
            answer = answers.get(key) or Answer()
            label = f"{target_label} · {item.label}"[:200] if target_key else item.label
            result = ItemResult(run=run, item=item, label=label, is_anomaly=anomaly, note=(answer.note or "").strip(),
                                target_key=target_key, target_label=target_label[:200])
            if item.kind == ItemKind.YES_NO:
                result.value_bool = value
            elif item.kind == ItemKind.NUMBER:
                result.value_number = value
            elif item.kind in (ItemKind.CHOICE, ItemKind.TEXT):
                result.value_text = value or ""
            if answer.photo:
                result.photo = answer.photo
            results.append(result)
        if any(result.photo for result in results):
            for result in results:
                result.save()
        else:
            ItemResult.objects.bulk_create(results)
        mark_read(run.campus_id, [f"run:{run.pk}"], kinds=[NoticeKind.RUN_DUE, NoticeKind.RUN_OVERDUE])
        if anomalies:
            _open_follow_ups_for(run, [result for result in results if result.is_anomaly], user)
    return run


def _claim(run: Run, *, user, now, note: str, anomalies: int, record=None) -> None:
    """Mark the run done by ``user`` unless someone already did: a conditional UPDATE, so two
    phones at once cannot both win (the loser gets ``RunAlreadyDone`` and nothing of theirs is kept)."""
    fields = {"status": RunStatus.DONE, "completed_by": user, "completed_at": now, "note": note, "anomaly_count": anomalies}
    if record is not None:
        fields.update(record_type=ContentType.objects.get_for_model(record), record_id=record.pk)
    claimed = Run.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(**fields)
    if not claimed:
        done = Run.objects.select_related("completed_by").get(pk=run.pk)
        raise RunAlreadyDone(
            _("This checklist was already completed by %(name)s at %(time)s. Your answers were not saved.")
            % {"name": display_name(done.completed_by, "—"), "time": timezone.localtime(done.completed_at).strftime("%H:%M")}
        )
    for name, value in fields.items():
        setattr(run, name, value)
    save_tracked(run, user, update_fields=list(fields))


def complete_run_with_record(run: Run, record, *, user, anomalies: int = 0, note: str = "", at=None) -> Run:
    """A department's record (``checklists.hooks.RecordKind``) did this run's duty: the run is done
    by ``user``, links ``record`` and counts its ``anomalies``. Call it inside the service that
    finishes the record, so both are saved or neither; ``RunAlreadyDone`` if the run was done."""
    if record_kind_for(run.template) is None:
        raise ChecklistError(_("This checklist is done by answering its questions, not by filing a record."))
    with transaction.atomic():
        _claim(run, user=user, now=at or timezone.now(), note=note, anomalies=anomalies, record=record)
        mark_read(run.campus_id, [f"run:{run.pk}"], kinds=[NoticeKind.RUN_DUE, NoticeKind.RUN_OVERDUE])
    return run


def problem_title(item: TemplateItem, place: str = "") -> str:
    """A follow-up's title says what is wrong: the item's ``problem_label`` (燃气报警器异常), else
    未通过：<question>; with the place when the run has one."""
    problem = item.problem_label.strip() or _("Failed: %(question)s") % {"question": item.label}
    return f"{problem} · {place}" if place else problem


def _open_follow_ups_for(run: Run, failed: list, user) -> None:
    """One follow-up per failed answer, to the role that owns its kind (``routing``)."""
    fallback = checklist_settings(run.campus).follow_up_role
    kinds = {result.item.follow_up_kind for result in failed}
    holders = role_holders({(run.campus_id, Role(role).value) for kind in kinds for role in FOLLOW_UP_ROLES.get(kind, ())})
    for result in failed:
        kind = result.item.follow_up_kind
        description = _("%(note)s\nQuestion: %(question)s · answer: %(value)s · %(template)s") % {
            "note": result.note, "question": result.label, "value": result.display_value, "template": run.template.title,
        }
        handler = anomaly_handler(kind)
        if handler is not None:  # a department takes this kind (checklists.hooks): its record, not a follow-up
            record = handler(run=run, result=result, user=user, title=problem_title(result.item, result.target_label or run.place),
                             description=description, place=run.place)
            result.record_type, result.record_id = ContentType.objects.get_for_model(record), record.pk
            result.save(update_fields=["record_type", "record_id"])
            continue
        open_follow_up(
            campus=run.campus, title=problem_title(result.item, result.target_label or run.place), description=description,
            source=run, run=run, item_result=result, assignee_role=role_for(run.campus, kind, fallback, holders),
            created_by=user, kind=kind,
        )


# --------------------------------------------------------------------------------------------
# Settings and reminders


@transaction.atomic
def update_settings(row: ChecklistSettings, data: dict, user, reason="") -> ChecklistSettings:
    """Change the campus's checklist settings to ``data`` (field values), with who and why."""
    return update_tracked(row, data, user, reason)

