"""Pages of the safety duties: drills, hazards, letters, rules and plans, training, safety lessons and
the duty roster. Every write goes through ``safety.services.duties``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.access import staff_required
from campus.actions import post_action
from campus.dates import date_param
from campus.errors import service_call
from campus.history import history_entries
from campus.models import Place
from campus.registers import register_view
from campus.roles import roles_of
from campus.scoping import get_scoped_object_or_404, in_current_campus, staff_of, visible_classrooms

from ..forms.duties import (
    AttendanceForm,
    DocumentForm,
    DrillForm,
    HandoverForm,
    HazardForm,
    LessonForm,
    LetterForm,
    PhotosForm,
    ProblemHazardForm,
    RectifyForm,
    ShiftForm,
    SignForm,
    TrainingForm,
    VerifyForm,
)
from ..models import (
    Drill,
    DrillProblem,
    DutyShift,
    Hazard,
    HazardStatus,
    SafetyDocument,
    SafetyLetter,
    TrainingSession,
)
from ..registers import duties as registers
from ..services import duties as services

FORM = "safety/duties/form.html"


def _places(request):
    return in_current_campus(request, Place).filter(is_active=True).order_by("kind", "name")


def _checklist_run(request):
    """The checklist run (the standard plan's drill duty) this record completes, from ``?run=``."""
    raw = request.GET.get("run") or request.POST.get("run")
    if not raw:
        return None
    from checklists.models import Run

    return get_scoped_object_or_404(request, Run, pk=raw if str(raw).isdigit() else 0)


# --- hub -------------------------------------------------------------------------------------------


@staff_required(perm="safety.view_hazard")
def duties(request):
    day = timezone.localdate()
    campus, user = request.campus, request.user
    context = {
        "letters": services.letters_to_sign(user, campus, day),
        "documents": services.documents_to_read(user, campus),
        "my_hazards": services.owned_by(user, in_current_campus(request, Hazard).filter(status=HazardStatus.OPEN)
                                        .select_related("place")),
        "quarter": services.quarter_drills(campus, day) if user.has_perm("safety.view_drill") else None,
        "day": day,
    }
    return render(request, "safety/duties/index.html", context)


# --- drills ----------------------------------------------------------------------------------------


drill_list = register_view(registers.DRILLS)


@staff_required(perm="safety.add_drill")
def drill_add(request):
    run = _checklist_run(request)
    classrooms = visible_classrooms(request).by_grade()
    form = DrillForm(classrooms, request.POST or None, request.FILES or None,
                     initial={"held_on": timezone.localdate(), "kind": "fire"})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            drill = services.record_drill(request.campus, user=request.user, run=run, **form.service_values())
        if call.ok:
            messages.success(request, _("Drill recorded."))
            return redirect(drill)
    return render(request, "safety/duties/drill_form.html", {"form": form, "run": run})


@staff_required(perm="safety.view_drill")
def drill_detail(request, pk):
    drill = get_scoped_object_or_404(request, Drill.objects.select_related("recorded_by__staff"), pk=pk)
    places = _places(request)
    problems = [(p, ProblemHazardForm(places, prefix=f"p{p.pk}")) for p in drill.problems.select_related("hazard")]
    return render(request, "safety/duties/drill_detail.html", {
        "drill": drill, "problems": problems, "photos": drill.photos.all(), "classes": drill.classrooms.all(),
        "photos_form": PhotosForm() if request.user.has_perm("safety.change_drill") else None,
        "history": history_entries(drill),
    })


@staff_required(perm="safety.change_drill")
def drill_photos(request, pk):
    drill = get_scoped_object_or_404(request, Drill, pk=pk)
    form = PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.add_drill_photos(drill, form.cleaned_data["photos"], request.user)
        if call.ok:
            messages.success(request, _("Photos added."))
            return redirect(drill)
    return render(request, FORM, {"form": form, "title": _("Add photos"), "back": drill.get_absolute_url()})


@staff_required(perm="safety.add_hazard")
def problem_hazard(request, pk):
    problem = get_scoped_object_or_404(request, DrillProblem.objects.select_related("drill"), pk=pk)
    form = ProblemHazardForm(_places(request), request.POST or None, prefix=f"p{problem.pk}")
    if request.method != "POST":
        return redirect(problem.drill)
    if form.is_valid():
        return post_action(request, lambda: services.hazard_from_problem(problem, user=request.user, **form.cleaned_data),
                           _("Hazard opened."), lambda hazard: hazard or problem.drill)
    messages.error(request, _("Choose the place of the hazard."))
    return redirect(problem.drill)


# --- hazards ---------------------------------------------------------------------------------------


hazard_list = register_view(registers.HAZARDS)


@staff_required(perm="safety.add_hazard")
def hazard_add(request):
    form = HazardForm(_places(request), request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            hazard = services.report_hazard(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Hazard reported: the responsible post has been told."))
            return redirect(hazard)
    return render(request, FORM, {"form": form, "title": _("Report a hazard"), "back": reverse("safety:hazard_list")})


def _hazard(request, pk):
    return get_scoped_object_or_404(request, Hazard.objects.select_related(
        "place", "reported_by__staff", "rectified_by__staff", "verified_by__staff"), pk=pk)


@staff_required(perm="safety.view_hazard")
def hazard_detail(request, pk):
    hazard = _hazard(request, pk)
    user = request.user
    day = timezone.localdate()
    return render(request, "safety/duties/hazard_detail.html", {
        "hazard": hazard, "overdue": hazard.is_overdue(day), "history": history_entries(hazard),
        "may_rectify": hazard.status == HazardStatus.OPEN and services.may_rectify(user, hazard),
        "may_verify": (hazard.status == HazardStatus.RECTIFIED and user.has_perm("safety.verify_hazard")
                       and hazard.rectified_by_id != user.pk),
    })


@staff_required(perm="safety.view_hazard")
def hazard_rectify(request, pk):
    hazard = _hazard(request, pk)
    if not services.may_rectify(request.user, hazard):
        raise PermissionDenied
    form = RectifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.rectify_hazard(hazard, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Rectification recorded: another person will verify it."))
            return redirect(hazard)
    return render(request, FORM, {"form": form, "title": _("Record the rectification"), "back": hazard.get_absolute_url(),
                                  "intro": hazard})


@staff_required(perm="safety.verify_hazard")
def hazard_verify(request, pk):
    hazard = _hazard(request, pk)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.verify_hazard(hazard, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Verification recorded."))
            return redirect(hazard)
    return render(request, FORM, {"form": form, "title": _("Verify the rectification"), "back": hazard.get_absolute_url(),
                                  "intro": hazard})


# --- safety responsibility letters -----------------------------------------------------------------


def _term(request):
    from campus.models import Term

    raw = request.GET.get("term")
    terms = in_current_campus(request, Term)
    term = terms.filter(pk=raw).first() if raw and raw.isdigit() else None
    return term or services.term_on(request.campus, timezone.localdate()) or terms.first(), terms


@staff_required(perm="safety.view_safetyletter")
def letter_list(request):
    term, terms = _term(request)
    status = services.letter_status(request.campus, term) if term else []
    return render(request, "safety/duties/letter_list.html", {"term": term, "terms": terms, "status": status})


@staff_required(perm="safety.add_safetyletter")
def letter_add(request):
    return _letter_form(request, SafetyLetter(campus=request.campus))


@staff_required(perm="safety.change_safetyletter")
def letter_edit(request, pk):
    return _letter_form(request, get_scoped_object_or_404(request, SafetyLetter, pk=pk))


def _letter_form(request, letter):
    form = LetterForm(request.campus, request.POST or None, instance=letter,
                      initial={"term": services.term_on(request.campus, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_letter(letter, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Letter saved."))
            return redirect(letter)
    return render(request, FORM, {"form": form, "title": _("Safety responsibility letter"), "obj": letter if letter.pk else None,
                                  "back": reverse("safety:letter_list"), "ask_reason": bool(letter.pk),
                                  "history": history_entries(letter) if letter.pk else []})


@staff_required(perm="safety.view_safetyletter")
def letter_detail(request, pk):
    letter = get_scoped_object_or_404(request, SafetyLetter.objects.select_related("term", "issued_by__staff"), pk=pk)
    rows = dict(services.letter_status(request.campus, letter.term)).get(letter, [])
    return render(request, "safety/duties/letter_detail.html", {"letter": letter, "rows": rows, "history": history_entries(letter)})


@staff_required(perm="safety.issue_safetyletter")
def letter_issue(request, pk):
    letter = get_scoped_object_or_404(request, SafetyLetter, pk=pk)
    return post_action(request, lambda: services.issue_letter(letter, request.user), _("Letter issued: the staff have been told."), letter)


@staff_required(perm="safety.add_lettersignature")
def letter_sign(request, pk):
    """The staff member reads their post's letter and signs it (name, and a drawn signature if they like)."""
    letter = get_scoped_object_or_404(request, SafetyLetter.objects.filter(issued_at__isnull=False, role__in=roles_of(request.user)), pk=pk)
    staff = staff_of(request.user)
    signed = letter.signatures.filter(staff=staff).first()
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.sign_letter(letter, user=request.user, signed_name=form.cleaned_data["signed_name"], drawing_png=form.drawing_png())
        if call.ok:
            messages.success(request, _("Signed. Thank you."))
            return redirect("safety:duties")
    return render(request, "safety/duties/letter_sign.html", {"letter": letter, "form": form, "signed": signed, "staff": staff})


letter_register = register_view(registers.LETTERS)


# --- rules and emergency plans ---------------------------------------------------------------------


@staff_required(perm="safety.view_safetydocument")
def document_list(request):
    staff = staff_of(request.user)
    documents = list(in_current_campus(request, SafetyDocument).order_by("-is_active", "kind", "title"))
    read = set(staff and SafetyDocument.objects.filter(reads__staff=staff).values_list("pk", flat=True) or [])
    return render(request, "safety/duties/document_list.html", {"documents": [(d, d.pk in read) for d in documents]})


@staff_required(perm="safety.add_safetydocument")
def document_add(request):
    return _document_form(request, SafetyDocument(campus=request.campus, created_by=request.user, published_on=timezone.localdate()))


@staff_required(perm="safety.change_safetydocument")
def document_edit(request, pk):
    return _document_form(request, get_scoped_object_or_404(request, SafetyDocument, pk=pk))


def _document_form(request, document):
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_document(document, form.cleaned_data, request.user, request.POST.get("reason", ""))
        if call.ok:
            messages.success(request, _("Document saved."))
            return redirect(document)
    return render(request, FORM, {"form": form, "title": _("Safety rule or emergency plan"), "obj": document if document.pk else None,
                                  "back": reverse("safety:document_list"), "ask_reason": bool(document.pk),
                                  "history": history_entries(document) if document.pk else []})


@staff_required(perm="safety.view_safetydocument")
def document_detail(request, pk):
    document = get_scoped_object_or_404(request, SafetyDocument, pk=pk)
    staff = staff_of(request.user)
    mine = document.reads.filter(staff=staff).first() if staff else None
    readers = services.readers(document) if request.user.has_perm("safety.view_documentread") else None
    return render(request, "safety/duties/document_detail.html", {
        "document": document, "mine": mine, "readers": readers,
        "unread": sum(1 for _s, r in readers or [] if r is None), "history": history_entries(document)})


@staff_required(perm="safety.add_documentread")
def document_read(request, pk):
    document = get_scoped_object_or_404(request, SafetyDocument, pk=pk)
    return post_action(request, lambda: services.confirm_read(document, request.user), _("Reading confirmed."), document)


# --- training --------------------------------------------------------------------------------------


training_list = register_view(registers.TRAINING)


@staff_required(perm="safety.add_trainingsession")
def training_add(request):
    return _training_form(request, TrainingSession(campus=request.campus, recorded_by=request.user))


@staff_required(perm="safety.change_trainingsession")
def training_edit(request, pk):
    return _training_form(request, get_scoped_object_or_404(request, TrainingSession, pk=pk))


def _training_form(request, session):
    run = None if session.pk else _checklist_run(request)
    form = TrainingForm(request.POST or None, instance=session, initial={"held_on": timezone.localdate(), "hours": "1.0"})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_training(session, form.cleaned_data, request.user, request.POST.get("reason", ""), run=run)
        if call.ok:
            messages.success(request, _("Training saved."))
            return redirect(session)
    return render(request, FORM, {"form": form, "title": _("Training session"), "obj": session if session.pk else None, "run": run,
                                  "back": reverse("safety:training_list"), "ask_reason": bool(session.pk),
                                  "history": history_entries(session) if session.pk else []})


@staff_required(perm="safety.view_trainingsession")
def training_detail(request, pk):
    session = get_scoped_object_or_404(request, TrainingSession, pk=pk)
    staff = staff_of(request.user)
    attendances = list(session.attendances.select_related("staff"))
    form = None
    if request.user.has_perm("safety.change_trainingsession"):
        done = {a.staff_id for a in attendances}
        form = AttendanceForm(services.campus_staff(request.campus).exclude(pk__in=done), request.POST or None)
        if request.method == "POST" and form.is_valid():
            with service_call(form) as call:
                count = services.record_attendance(session, list(form.cleaned_data["people"]), user=request.user)
            if call.ok:
                messages.success(request, _("%(n)d signed in.") % {"n": count})
                return redirect(session)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "safety/duties/training_detail.html", {
        "session": session, "attendances": attendances, "form": form,
        "signed": any(a.staff_id == getattr(staff, "pk", None) for a in attendances),
        "open": session.held_on <= timezone.localdate(), "history": history_entries(session)})


@staff_required(perm="safety.add_trainingattendance")
def training_sign_in(request, pk):
    session = get_scoped_object_or_404(request, TrainingSession, pk=pk)
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    return post_action(request, lambda: services.sign_in(session, staff, user=request.user), _("Signed in."), session)


@staff_required(perm="safety.view_trainingattendance")
def training_hours(request):
    term, terms = _term(request)
    rows = services.training_hours(request.campus, term) if term else []
    return render(request, "safety/duties/training_hours.html", {"term": term, "terms": terms, "rows": rows})


# --- children's safety lessons ---------------------------------------------------------------------


lesson_list = register_view(registers.LESSONS)


@staff_required(perm="safety.add_safetylesson")
def lesson_add(request):
    classrooms = visible_classrooms(request).by_grade()
    form = LessonForm(classrooms, request.POST or None, initial={"classroom": classrooms.first()})
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.record_lesson(request.campus, user=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Safety lesson recorded."))
            return redirect("safety:lesson_list")
    return render(request, FORM, {"form": form, "title": _("Record a safety lesson"), "back": reverse("safety:lesson_list")})


# --- duty roster -----------------------------------------------------------------------------------


duty_list = register_view(registers.DUTY)


@staff_required(perm="safety.add_dutyshift")
def duty_add(request):
    return _duty_form(request, DutyShift(campus=request.campus))


@staff_required(perm="safety.change_dutyshift")
def duty_edit(request, pk):
    return _duty_form(request, get_scoped_object_or_404(request, DutyShift, pk=pk))


def _duty_form(request, shift):
    initial = {"date": date_param(request), "kind": "gate"}
    if shift.pk:
        initial = {"date": shift.date, "kind": shift.kind, "people": list(shift.people.all())}
    form = ShiftForm(services.campus_staff(request.campus), request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(form) as call:
            services.save_shift(shift, user=request.user, reason=request.POST.get("reason", ""),
                                **{**form.cleaned_data, "people": list(form.cleaned_data["people"])})
        if call.ok:
            messages.success(request, _("Duty roster saved."))
            return redirect(shift)
    return render(request, FORM, {"form": form, "title": _("Duty roster"), "obj": shift if shift.pk else None,
                                  "back": reverse("safety:duty_list"), "ask_reason": bool(shift.pk),
                                  "history": history_entries(shift) if shift.pk else []})


@staff_required(perm="safety.view_dutyshift")
def duty_detail(request, pk):
    shift = get_scoped_object_or_404(request, DutyShift.objects.select_related("handed_over_by__staff"), pk=pk)
    people = list(shift.people.all())
    staff = staff_of(request.user)
    may_hand_over = staff in people or request.user.has_perm("safety.change_dutyshift")
    form = HandoverForm(request.POST or None, initial={"handover": shift.handover}) if may_hand_over else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with service_call(form) as call:
                services.record_handover(shift, user=request.user, text=form.cleaned_data["handover"])
            if call.ok:
                messages.success(request, _("Handover notes saved."))
                return redirect(shift)
    return render(request, "safety/duties/duty_detail.html", {"shift": shift, "people": people, "form": form,
                                                              "history": history_entries(shift)})
