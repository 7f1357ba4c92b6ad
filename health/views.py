import datetime as dt

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus.access import parent_required, staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import error_text, service_call
from campus.history import history_entries
from campus.media import file_response
from campus.models import Child, StaffMember
from campus.pdf import pdf_response, render_pdf
from campus.registers import serve as serve_register
from campus.scoping import (
    get_child_for_user,
    get_scoped_object_or_404,
    in_current_campus,
    limited_to_classes,
    visible_child_ids,
    visible_classrooms,
)

from . import services
from .charts import growth_charts
from .choices import (
    OBESE_STATUSES,
    CheckAction,
    CheckSession,
    Finding,
    FollowUpStatus,
    PersonKind,
)
from .forms import (
    BloodPressureForm,
    CaseForm,
    DoseForm,
    ExamForm,
    FollowUpForm,
    MedicationRequestForm,
    ObservationForm,
    ReportForm,
    ReturnForm,
    SettingsForm,
    WeakCaseForm,
    WeakPlanForm,
    WeakVisitForm,
    parse_check,
    parse_round,
)
from .growth_words import plain_words
from .models import (
    BloodPressure,
    DiseaseCase,
    HealthCheck,
    Measurement,
    MeasurementRound,
    MedicationDose,
    MedicationRequest,
    Observation,
    OutbreakAlert,
    PhysicalExam,
    SickFollowUp,
    WeakChildCase,
)
from .registers import REGISTERS
from .summary import check_progress, prevalence


def _children_for(request, day=None):
    day = day or timezone.localdate()
    return Child.objects.enrolled_on(day).filter(classroom__in=visible_classrooms(request)).select_related("classroom").order_by(
        "classroom__name", "name")


# --- home of the app ---------------------------------------------------------------------------


@staff_required(perm="health.view_healthcheck")
def index(request):
    day = timezone.localdate()
    campus = request.campus
    classes = list(visible_classrooms(request).order_by("grade", "name"))
    progress = check_progress(campus, day, classes)
    doses = services.doses_for_day(campus, day, child_ids=visible_child_ids(request))
    context = {
        "day": day, "progress": progress, "doses": [d for d in doses if d.state in ("due", "overdue")],
        "alerts": in_current_campus(request, OutbreakAlert).filter(reported_at__isnull=True).select_related("classroom"),
        "flagged": services.flagged_follow_ups(campus).filter(classroom__in=classes).select_related("child", "classroom"),
        "sent_home": HealthCheck.objects.filter(classroom__in=classes, date=day, action=CheckAction.SENT_HOME)
        .select_related("child", "classroom"),
        "is_health": not limited_to_classes(request),
    }
    return render(request, "health/index.html", context)


# --- morning and afternoon checks --------------------------------------------------------------


@staff_required(perm="health.add_healthcheck")
def check_class(request, pk, session):
    if session not in CheckSession.values:
        raise Http404
    classroom = get_scoped_object_or_404(request, visible_classrooms(request), pk=pk)
    day = date_param(request, latest=timezone.localdate())
    children = list(classroom.children_on(day).order_by("name"))
    hs = services.settings_for(classroom.campus)
    blockers = services.start_blockers(children, day, hs) if session == CheckSession.MORNING else {}
    away = services.absent_today(children, day)
    errors = {}
    if request.method == "POST":
        entries = parse_check(request.POST, children)
        with service_call() as call:
            services.submit_class_check(classroom, day, session, entries, request.user)
        if not call.ok:
            exc = call.error
            errors = ({int(k): " ".join(v) for k, v in exc.message_dict.items() if str(k).isdigit()}
                      if hasattr(exc, "error_dict") else {})
            if not errors:
                messages.error(request, error_text(exc))
            else:
                messages.error(request, _("Nothing was saved: please correct the marked children."))
        else:
            summary = services.check_summary(entries, away)
            messages.success(request, _("%(check)s for %(class)s saved: %(count)d children, %(exceptions)d exceptions, "
                                        "%(absent)d absent, %(sent)d sent home.") % {
                "check": CheckSession(session).label, "class": classroom, "count": len(children),
                "exceptions": summary["exceptions"], "absent": summary["absent"], "sent": summary["sent_home"]})
            return redirect(f"{request.path}?date={day.isoformat()}")
    existing = {row.child_id: row for row in HealthCheck.objects.filter(classroom=classroom, date=day, session=session)}
    rows, absent = [], []
    for child in children:
        row = existing.get(child.pk)
        if request.method == "POST":
            action = request.POST.get(f"action_{child.pk}", CheckAction.ADMITTED)
            temperature = request.POST.get(f"temp_{child.pk}", "")
            findings = request.POST.getlist(f"finding_{child.pk}")
            note = request.POST.get(f"note_{child.pk}", "")
        elif row is not None:
            action, temperature, findings, note = row.action, row.temperature or "", row.findings, row.note
        else:
            action = CheckAction.NOT_HERE if child.pk in blockers or child.pk in away else CheckAction.ADMITTED
            temperature, findings, note = "", [], ""
        error = errors.get(child.pk)
        temperature_error = error if error and _impossible_temperature(temperature, hs) else None
        entry = {"child": child, "action": action, "temperature": temperature, "findings": findings, "note": note,
                 "blocker": blockers.get(child.pk), "error": None if temperature_error else error,
                 "temperature_error": temperature_error, "away": away.get(child.pk),
                 "open": bool(error or action != CheckAction.ADMITTED or findings or temperature or note)}
        # A child on leave and left "not here" is one name on the absence line, not a row to scroll past
        # (the line opens to their rows, should one come in after all).
        quiet = action == CheckAction.NOT_HERE and not (error or findings or temperature or note or entry["blocker"])
        (absent if child.pk in away and quiet else rows).append(entry)
    return render(request, "health/check_class.html", {
        "classroom": classroom, "day": day, "session": session, "session_label": CheckSession(session).label,
        "rows": rows, "absent": absent, "saved": bool(existing), "actions": CheckAction.choices,
        "findings": Finding.choices, "settings": hs,
    })


def _impossible_temperature(value, hs) -> bool:
    """The child's error is about the temperature typed (so it is shown under that field)."""
    with service_call() as call:
        services.check_temperature(value, hs)
    return not call.ok


@staff_required(perm="health.view_healthcheck")
def check_detail(request, pk):
    check = get_scoped_object_or_404(request, HealthCheck.objects.select_related("child", "classroom", "checked_by"), pk=pk)
    return render(request, "health/record_detail.html", {
        "title": str(check), "object": check, "history": history_entries(check),
        "fields": _fields(check, ["date", "session", "classroom", "temperature", "action", "note", "checked_by", "checked_at"])
        + [(_("Findings"), check.findings_display())],
    })


def _fields(obj, names):
    result = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, f"get_{name}_display")() if field.choices else getattr(obj, name)
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        result.append((field.verbose_name, value if value not in (None, "") else "—"))
    return result


# --- observation -------------------------------------------------------------------------------


@staff_required(perm="health.view_observation")
def observation_list(request):
    day = date_param(request, latest=timezone.localdate())
    classes = visible_classrooms(request)
    watched = HealthCheck.objects.filter(classroom__in=classes, date=day, action=CheckAction.OBSERVE).select_related(
        "child", "classroom")
    entries = in_current_campus(request, Observation).filter(child__classroom__in=classes, observed_at__date=day).select_related(
        "child", "child__classroom", "recorded_by")
    return render(request, "health/observation_list.html", {"day": day, "watched": watched, "entries": entries})


@staff_required(perm="health.add_observation")
def observation_add(request):
    children = _children_for(request)
    initial = {"child": request.GET.get("child")} if (request.GET.get("child") or "").isdigit() else {}
    form = ObservationForm(children, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(form, field="temperature") as call:
            services.record_observation(
                data["child"], observed_at=data["observed_at"], symptom=data["symptom"], user=request.user,
                temperature=data["temperature"], symptom_group=data["symptom_group"], action=data["action"],
                parent_informed=data["parent_informed"], sent_home=data["sent_home"])
        if call.ok:
            messages.success(request, _("Observation saved."))
            return redirect("health:observations")
    return render(request, "health/form.html", {"form": form, "title": _("New observation entry"),
                                                "back": reverse("health:observations")})


@staff_required(perm="health.view_observation")
def observation_detail(request, pk):
    obs = get_scoped_object_or_404(request, Observation.objects.select_related("child"), pk=pk)
    return render(request, "health/record_detail.html", {
        "title": str(obs), "object": obs, "history": history_entries(obs),
        "fields": _fields(obs, ["child", "observed_at", "symptom", "symptom_group", "temperature", "action",
                                "parent_informed", "sent_home", "recorded_by"]),
    })


# --- medication --------------------------------------------------------------------------------


@staff_required(perm="health.view_medicationrequest")
def medication(request):
    day = date_param(request, latest=timezone.localdate())
    doses = services.doses_for_day(request.campus, day, child_ids=visible_child_ids(request))
    return render(request, "health/medication.html", {"day": day, "doses": doses, "today": timezone.localdate()})


@staff_required(perm="health.add_medicationrequest")
def medication_add(request):
    form = MedicationRequestForm(request.POST or None, request.FILES or None, children=_children_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _offer_overlap(form, data["child"])
        with service_call(form) as call:
            req = services.create_medication_request(
                data["child"], drug=data["drug"], dose=data["dose"], times=data["times"], route=data["route"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], reason=data["reason"], notes=data["notes"],
                user=request.user, form_photo=data.get("form_photo"), medicine_photo=data.get("medicine_photo"),
                overlap_confirmed=data.get("overlap_confirmed", False))
        if call.ok:
            messages.success(request, _("Medication request saved."))
            return redirect(req)
    return render(request, "health/form.html", {"form": form, "title": _("New medication request"), "multipart": True,
                                                "back": reverse("health:medication")})


def _offer_overlap(form, child):
    """A request sharing days with one for the same drug gets the tick that sends it anyway, so the
    service's refusal lands next to it."""
    data = form.cleaned_data
    if services.overlapping_requests(child, data["drug"], data["starts_on"], data["ends_on"]):
        form.ask_overlap()


@staff_required(perm="health.view_medicationrequest")
def medication_detail(request, pk):
    req = get_scoped_object_or_404(request, MedicationRequest.objects.select_related("child", "requested_by", "entered_by"), pk=pk)
    doses = req.doses.select_related("given_by__staff", "checked_by__staff")
    day = timezone.localdate()
    given_today = {d.scheduled.strftime("%H:%M") for d in doses if d.date == day}
    return render(request, "health/medication_detail.html", {
        "req": req, "doses": doses, "history": history_entries(req), "day": day,
        "open_times": [t for t in req.times if t not in given_today] if req.covers(day) else [],
        "form": DoseForm(initial={"amount": req.dose, "date": day}),
    })


def _back_to_medication(request, req) -> str:
    """After a dose: the day's medication list when the action came from there, else the request."""
    return reverse("health:medication") if request.POST.get("next") == reverse("health:medication") else req.get_absolute_url()


@staff_required(perm="health.add_medicationdose")
@require_POST
def dose_give(request, pk):
    """One tap records a dose within its window; outside it (or on a stale page) the dose's own form
    comes back with the reason and the confirmation asked for next to their fields."""
    req = get_scoped_object_or_404(request, MedicationRequest.objects.select_related("child"), pk=pk)
    form = DoseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the time, the amount and the date."))
        return redirect(req)
    data = form.cleaned_data
    with service_call(form) as call:
        services.give_dose(req, day=data["date"], scheduled=data["time"], amount=data["amount"], note=data["note"],
                           reason=data["reason"], confirmed=data["confirmed"], user=request.user)
    if not call.ok:
        return render(request, "health/dose_give.html", {
            "req": req, "form": form, "next": _back_to_medication(request, req), "time": data["time"]})
    messages.success(request, _("Dose recorded. A second person must check it."))
    return redirect(_back_to_medication(request, req))


@staff_required(perm="health.change_medicationdose")
@require_POST
def dose_check(request, pk):
    dose = get_scoped_object_or_404(request, MedicationDose.objects.select_related("request"), pk=pk)
    return post_action(request, lambda: services.check_dose(dose, request.user), _("Dose checked."),
                       _back_to_medication(request, dose.request))


@staff_required(perm="health.change_medicationrequest")
@require_POST
def medication_cancel(request, pk):
    req = get_scoped_object_or_404(request, MedicationRequest, pk=pk)
    return post_action(request, lambda: services.cancel_medication_request(req, request.user, request.POST.get("reason", "")),
                       _("Request cancelled."), req)


# --- sick-absence follow-up --------------------------------------------------------------------


@staff_required(perm="health.view_sickfollowup")
def followup_list(request):
    classes = visible_classrooms(request)
    flagged = set(services.flagged_follow_ups(request.campus).values_list("pk", flat=True))
    rows = list(in_current_campus(request, SickFollowUp).filter(classroom__in=classes).filter(
        Q(status=FollowUpStatus.OPEN) | Q(date__gte=timezone.localdate() - dt.timedelta(days=14))
    ).select_related("child", "classroom")[:300])
    for row in rows:
        row.flagged = row.pk in flagged
    return render(request, "health/followup_list.html", {"rows": rows})


@staff_required(perm="health.view_sickfollowup")
def followup_detail(request, pk):
    fu = get_scoped_object_or_404(request, SickFollowUp.objects.select_related("child", "classroom"), pk=pk)
    can_edit = request.user.has_perm("health.change_sickfollowup")
    form = FollowUpForm(request.POST or None, initial={
        "symptoms": fu.symptoms, "symptom_group": fu.symptom_group, "onset": fu.onset, "doctor_visit": fu.doctor_visit,
        "diagnosis": fu.diagnosis})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with service_call(form) as call:
                services.update_follow_up(fu, user=request.user, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Follow-up saved."))
                return redirect("health:followups")
    return render(request, "health/followup_detail.html", {"fu": fu, "form": form, "can_edit": can_edit,
                                                           "history": history_entries(fu)})


# --- infectious disease ------------------------------------------------------------------------


@staff_required(perm="health.view_diseasecase")
def case_list(request):
    cases = in_current_campus(request, DiseaseCase).select_related("child", "staff", "classroom")[:300]
    return render(request, "health/case_list.html", {"cases": cases})


@staff_required(perm="health.add_diseasecase")
def case_add(request):
    staff = in_current_campus(request, StaffMember).filter(is_active=True)
    form = CaseForm(_children_for(request), staff, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("person_kind")
        if kind == PersonKind.CHILD:
            data["staff"] = None
        else:
            data["child"] = None
        with service_call(form) as call:
            case = services.record_case(campus=request.campus, user=request.user, **data)
        if call.ok:
            messages.success(request, _("Case recorded."))
            return redirect(case)
    return render(request, "health/form.html", {"form": form, "title": _("New infectious disease case"),
                                                "back": reverse("health:cases")})


@staff_required(perm="health.view_diseasecase")
def case_detail(request, pk):
    case = get_scoped_object_or_404(request, DiseaseCase.objects.select_related("child", "staff", "classroom"), pk=pk)
    can_edit = request.user.has_perm("health.change_diseasecase")
    form = ReturnForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("reported"):
            services.mark_case_reported(case, reported_on=timezone.localdate(), user=request.user)
            messages.success(request, _("Marked as reported."))
            return redirect(case)
        if form.is_valid():
            with service_call(form) as call:
                services.record_return(case, user=request.user, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Return recorded."))
                return redirect(case)
    return render(request, "health/case_detail.html", {
        "case": case, "form": form, "can_edit": can_edit, "history": history_entries(case),
        "fields": _fields(case, ["person_kind", "classroom", "disease", "notifiable", "symptom_group", "onset", "diagnosed_on",
                                 "diagnosis", "isolation_start", "isolation_end", "reported_on", "returned_on",
                                 "certificate_no", "recorded_by"]),
    })


@staff_required(perm="health.view_outbreakalert")
def outbreak_list(request):
    alerts = in_current_campus(request, OutbreakAlert).select_related("classroom", "reported_by")[:200]
    return render(request, "health/outbreak_list.html", {"alerts": alerts, "now": timezone.now()})


@staff_required(perm="health.view_outbreakalert")
def outbreak_detail(request, pk):
    alert = get_scoped_object_or_404(request, OutbreakAlert.objects.select_related(
        "classroom", "reported_by__staff", "checklist_run__template", "follow_up"), pk=pk)
    can_edit = request.user.has_perm("health.change_outbreakalert")
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with service_call(form) as call:
                services.mark_outbreak_reported(alert, note=form.cleaned_data["report_note"], user=request.user)
            if call.ok:
                messages.success(request, _("Report recorded."))
                return redirect(alert)
    return render(request, "health/outbreak_detail.html", {
        "alert": alert, "children": alert.children.order_by("name"), "form": form, "can_edit": can_edit,
        "tasks": services.outbreak_tasks(alert),
        "history": history_entries(alert), "now": timezone.now(),
    })


# --- growth ------------------------------------------------------------------------------------


@staff_required(perm="health.view_measurement")
def round_list(request):
    rounds = in_current_campus(request, MeasurementRound).select_related("classroom").annotate(n=Count("measurements"))[:200]
    return render(request, "health/round_list.html", {"rounds": rounds, "classes": visible_classrooms(request)})


@staff_required(perm="health.add_measurement")
def round_take(request, pk):
    classroom = get_scoped_object_or_404(request, visible_classrooms(request), pk=pk)
    day = date_param(request, latest=timezone.localdate())
    children = list(classroom.children_on(day).order_by("name"))
    errors = {}
    if request.method == "POST":
        values, missing, confirmed = parse_round(request.POST, children)
        errors = dict(missing)
        if not errors:
            with service_call() as call:
                rnd = services.record_round(classroom, day, values, request.user, confirmed=confirmed)
            if not call.ok:
                if hasattr(call.error, "error_dict"):
                    errors = {int(k): v[0] for k, v in call.error.message_dict.items()}
                else:
                    messages.error(request, error_text(call.error))
            else:
                messages.success(request, _("%(count)d measurements saved.") % {"count": len(values)})
                return redirect(rnd)
        if errors:
            messages.error(request, _("Nothing was saved: please correct the marked children."))
    existing = {m.child_id: m for m in Measurement.objects.filter(child__in=children, measured_on=day)}
    rows = []
    for child in children:
        m = existing.get(child.pk)
        rows.append({
            "child": child, "error": errors.get(child.pk),
            "height": request.POST.get(f"height_{child.pk}", "") if request.method == "POST" else (m.height_cm if m else ""),
            "weight": request.POST.get(f"weight_{child.pk}", "") if request.method == "POST" else (m.weight_kg if m else ""),
            "position": (request.POST.get(f"position_{child.pk}", "") if request.method == "POST" else
                         (m.position if m else "")) or services.default_position(child, day),
            "oedema": bool(request.POST.get(f"oedema_{child.pk}")) if request.method == "POST" else bool(m and m.oedema),
            "confirm": bool(errors.get(child.pk) and "%" in str(errors.get(child.pk))),
        })
    return render(request, "health/round_take.html", {"classroom": classroom, "day": day, "rows": rows})


@staff_required(perm="health.view_measurement")
def round_detail(request, pk):
    rnd = get_scoped_object_or_404(request, MeasurementRound.objects.select_related("classroom"), pk=pk)
    rows = rnd.measurements.select_related("child").order_by("child__name")
    return render(request, "health/round_detail.html", {"rnd": rnd, "rows": rows, "history": history_entries(rnd)})


@staff_required(perm="health.view_measurement")
def prevalence_view(request):
    classes = list(visible_classrooms(request).order_by("grade", "name"))
    table = prevalence(classes, timezone.localdate())
    return render(request, "health/prevalence.html", {"table": table, "settings": services.settings_for(request.campus)})


def _growth_context(child):
    measurements = list(child.measurements.order_by("measured_on"))
    return {"child": child, "measurements": measurements, "charts": growth_charts(child, measurements),
            "latest": measurements[-1] if measurements else None}


@staff_required(perm="health.view_measurement")
def child_growth(request, pk):
    child = get_child_for_user(request, pk)
    context = _growth_context(child)
    context["blood_pressures"] = child.blood_pressures.order_by("-measured_on")[:24]
    context["weak_cases"] = child.weak_cases.all()
    context["exams"] = child.physical_exams.all()
    context["obese"] = bool(context["latest"] and context["latest"].weight_status in OBESE_STATUSES)
    context["history"] = history_entries(context["latest"]) if context["latest"] else []
    return render(request, "health/child_growth.html", context)


@staff_required(perm="health.view_measurement")
def child_growth_pdf(request, pk):
    child = get_child_for_user(request, pk)
    content = render_pdf("health/print/growth.html", {**_growth_context(child), "campus": child.campus,
                                                      "today": timezone.localdate()})
    return pdf_response(content, f"{child.name}-生长曲线.pdf")


@staff_required(perm="health.view_bloodpressure")
def bp_list(request):
    due = services.blood_pressure_due(request.campus, timezone.localdate())
    recent = in_current_campus(request, BloodPressure).select_related("child", "child__classroom")[:100]
    return render(request, "health/bp_list.html", {"due": due, "recent": recent})


@staff_required(perm="health.add_bloodpressure")
def bp_add(request, pk):
    child = get_child_for_user(request, pk)
    form = BloodPressureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.record_blood_pressure(child, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Blood pressure saved."))
            return redirect("health:bp_list")
    return render(request, "health/form.html", {"form": form, "title": _("Blood pressure: %(name)s") % {"name": child.name},
                                                "back": reverse("health:bp_list")})


# --- weak children, exams ------------------------------------------------------------------------


@staff_required(perm="health.view_weakchildcase")
def weak_list(request):
    cases = in_current_campus(request, WeakChildCase).select_related("child", "child__classroom").annotate(
        visits_count=Count("visits"))
    return render(request, "health/weak_list.html", {"cases": cases})


@staff_required(perm="health.add_weakchildcase")
def weak_add(request):
    form = WeakCaseForm(_children_for(request), data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        child = data.pop("child")
        with service_call(form) as call:
            case = services.open_weak_case(child, user=request.user, **data)
        if call.ok:
            return redirect(case)
    return render(request, "health/form.html", {"form": form, "title": _("Register a weak child"),
                                                "back": reverse("health:weak_list")})


@staff_required(perm="health.view_weakchildcase")
def weak_detail(request, pk):
    case = get_scoped_object_or_404(request, WeakChildCase.objects.select_related("child"), pk=pk)
    can_edit = request.user.has_perm("health.change_weakchildcase")
    plan_form = WeakPlanForm(request.POST if request.POST.get("form") == "plan" else None, initial={"plan": case.plan},
                             prefix="plan")
    visit_form = WeakVisitForm(request.POST if request.POST.get("form") == "visit" else None, prefix="visit")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = plan_form if request.POST.get("form") == "plan" else visit_form
        if form.is_valid():
            with service_call(form) as call:
                if form is plan_form:
                    services.update_weak_case(case, user=request.user, **form.cleaned_data)
                else:
                    services.add_weak_visit(case, user=request.user, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Saved."))
                return redirect(case)
    return render(request, "health/weak_detail.html", {
        "case": case, "visits": case.visits.select_related("recorded_by__staff"), "plan_form": plan_form,
        "visit_form": visit_form, "can_edit": can_edit, "history": history_entries(case),
    })


@staff_required(perm="health.view_physicalexam")
def exam_list(request):
    day = timezone.localdate()
    exams = in_current_campus(request, PhysicalExam).select_related("child", "child__classroom")[:200]
    due = services.exams_due(request.campus, day)
    blocked = services.start_blockers(list(in_current_campus(request, Child).enrolled_on(day)), day,
                                      services.settings_for(request.campus))
    return render(request, "health/exam_list.html", {"exams": exams, "due": due, "blocked": blocked.values()})


@staff_required(perm="health.add_physicalexam")
def exam_add(request):
    children = in_current_campus(request, Child).filter(Q(left_on__isnull=True) | Q(left_on__gte=timezone.localdate()))
    initial = {"child": request.GET.get("child")} if (request.GET.get("child") or "").isdigit() else {}
    form = ExamForm(children.select_related("classroom").order_by("classroom__name", "name"), request.POST or None,
                    request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        child = data.pop("child")
        data = {k: v for k, v in data.items() if v not in (None, "")}
        with service_call(form) as call:
            exam = services.record_exam(child, user=request.user, **data)
        if call.ok:
            messages.success(request, _("Exam saved."))
            return redirect(exam)
    return render(request, "health/form.html", {"form": form, "title": _("New physical exam"), "multipart": True,
                                                "back": reverse("health:exams")})


@staff_required(perm="health.view_physicalexam")
def exam_detail(request, pk):
    exam = get_scoped_object_or_404(request, PhysicalExam.objects.select_related("child"), pk=pk)
    return render(request, "health/record_detail.html", {
        "title": str(exam), "object": exam, "history": history_entries(exam),
        "fields": _fields(exam, ["child", "kind", "exam_date", "hospital", "certificate_no", "height_cm", "weight_kg", "hb",
                                 "vision_left", "vision_right", "caries", "passed", "result", "recorded_by"]),
    })


# --- registers, settings -------------------------------------------------------------------------


@staff_required(perm="health.view_healthcheck")
def register(request, kind):
    spec = REGISTERS.get(kind)
    if spec is None:
        raise Http404
    return serve_register(request, spec, kind=kind)


@staff_required(perm="health.change_healthsettings")
def settings_view(request):
    obj = services.settings_for(request.campus)
    form = SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.update_settings(obj, form.cleaned_data, request.user)
        if call.ok:
            messages.success(request, _("Settings saved."))
            return redirect("health:settings")
    return render(request, "health/settings.html", {"form": form, "history": history_entries(obj)})


# --- parents ---------------------------------------------------------------------------------------


@parent_required
def parent_growth(request, pk):
    child = get_child_for_user(request, pk)
    context = _growth_context(child)
    context["plain_words"] = plain_words(context["latest"])
    return render(request, "health/parent_growth.html", context)


@parent_required
def parent_medication(request, pk):
    child = get_child_for_user(request, pk)
    requests = child.medication_requests.prefetch_related("doses__given_by__staff", "doses__checked_by__staff")
    return render(request, "health/parent_medication.html", {"child": child, "requests": requests})


@parent_required
def parent_medication_add(request, pk):
    child = get_child_for_user(request, pk)
    form = MedicationRequestForm(request.POST or None, request.FILES or None, with_photo=False)
    if request.method == "POST" and form.is_valid():
        _offer_overlap(form, child)
        with service_call(form) as call:
            services.create_medication_request(child, guardian=request.guardian, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Your request was sent to the kindergarten."))
            return redirect("health:parent_medication", pk=child.pk)
    return render(request, "health/form.html", {
        "form": form, "title": _("Ask the kindergarten to give medicine to %(name)s") % {"name": child.name},
        "back": reverse("health:parent_medication", args=[child.pk]), "multipart": True,
        "intro": _("By sending this request you confirm the drug, the dose and the times, as on a signed form."),
    })


@parent_required
def parent_medicine_photo(request, pk, request_pk):
    """The photo of the medicine a parent attached, for that child's parents (staff open it through
    campus:media, which finds the same record)."""
    child = get_child_for_user(request, pk)
    req = get_object_or_404(child.medication_requests.exclude(medicine_photo=""), pk=request_pk)
    root = django_settings.MEDIA_ROOT.resolve()
    target = (root / req.medicine_photo.name).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    return file_response(target)

