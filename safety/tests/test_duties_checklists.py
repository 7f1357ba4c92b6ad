"""The standard plan's drill and training duties open the safety records, and a failed checklist
answer of kind "hazard" becomes a hazard to rectify (checklists.hooks)."""

from django.urls import reverse

from campus.roles import Role
from checklists import services as checklist_services
from checklists.choices import FollowUpKind, RunStatus
from checklists.models import FollowUp, Run, TemplateItem
from checklists.services import Answer
from safety.models import Drill, Hazard, HazardOrigin, TrainingSession
from tests import factories


def test_the_plans_drill_duty_opens_the_drill_record_and_is_done_by_it(world, client_as, clock):
    day = clock.school_day(world.campus, at="10:00")
    template = factories.make_checklist_template(world.campus, code="fire-drill", title="消防疏散演练（每季度）",
                                                 role=Role.LOGISTICS, department="safety")
    run = factories.make_run(template)
    client = client_as(world.user(Role.LOGISTICS))
    page = client.get(run.get_absolute_url())
    assert page.context["start_url"] == f"{reverse('safety:drill_add')}?run={run.pk}"
    form = client.get(page.context["start_url"])
    assert form.status_code == 200 and "消防疏散演练" in form.content.decode()
    client.post(page.context["start_url"], {"run": run.pk, "kind": "fire", "held_on": day.isoformat(), "participants": "120",
                                            "problems": "警报声音小"})
    drill = Drill.objects.get()
    run = Run.objects.get(pk=run.pk)
    assert (run.status, run.record, run.anomaly_count) == (RunStatus.DONE, drill, 1)


def test_the_plans_training_duty_is_done_by_filing_the_training(world, client_as, clock):
    day = clock.school_day(world.campus, at="10:00")
    run = factories.make_run(factories.make_checklist_template(world.campus, code="fire-training-term", role=Role.LOGISTICS,
                                                               department="safety"))
    client_as(world.user(Role.LOGISTICS)).post(f"{reverse('safety:training_add')}?run={run.pk}", {
        "kind": "fire", "title": "灭火器使用", "held_on": day.isoformat(), "hours": "2"})
    assert Run.objects.get(pk=run.pk).record == TrainingSession.objects.get()


def test_a_failed_hazard_answer_becomes_a_hazard_at_the_runs_place(world, clock):
    clock.school_day(world.campus, at="16:00")
    kitchen = factories.make_place(world.campus, "厨房")
    template = factories.make_checklist_template(world.campus, code="kitchen-gas", items=(), place="厨房", department="kitchen")
    gas = TemplateItem.objects.create(template=template, label="燃气报警器正常", follow_up_kind=FollowUpKind.HAZARD,
                                      problem_label="燃气报警器异常")
    run = factories.make_run(template)
    checklist_services.complete_run(run, user=world.user(Role.COOK), answers={gas.pk: Answer(False, "不报警")})
    hazard = Hazard.objects.get()
    assert (hazard.place, hazard.origin, hazard.kind) == (kitchen, HazardOrigin.CHECKLIST, "food")
    assert "燃气报警器异常" in hazard.description and "不报警" in hazard.description
    assert run.results.get(item=gas).record == hazard and not FollowUp.objects.exists()
    assert hazard.progress_label
