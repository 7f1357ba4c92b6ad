"""Departments plug into checklists through ``checklists.hooks``: a duty done by filing the
department's record, and failed answers of a kind that become the department's record instead of a
generic follow-up. Checklists imports no department; a test record kind stands in for one."""

import pytest
from django.utils import timezone

from campus.roles import Role
from checklists import hooks, services
from checklists.choices import FollowUpKind, RunStatus
from checklists.models import FollowUp, Run, TemplateItem
from checklists.services import Answer, ChecklistError, RunAlreadyDone
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A clean registry for the test (the apps' own registrations are put back afterwards)."""
    monkeypatch.setattr(hooks, "_RECORD_KINDS", {})
    monkeypatch.setattr(hooks, "_ANOMALY_HANDLERS", {})
    return hooks


COUNT = hooks.RecordKind(code="test.count", label="盘点", url_name="checklists:index", permission="checklists.view_run",
                         plan_codes=("stock-count",))


def test_a_standard_plan_duty_of_a_record_kind_shows_the_start_button_instead_of_questions(world, client_as, clock, registry):
    clock.school_day(world.campus, at="10:00")
    registry.register_record_kind(COUNT)
    template = factories.make_checklist_template(world.campus, code="stock-count", title="库存盘点", role=Role.LOGISTICS,
                                                 items=("库存已盘点",), department="logistics")
    run = factories.make_run(template)
    page = client_as(world.user(Role.LOGISTICS)).get(run.get_absolute_url())
    assert page.status_code == 200
    assert page.context["form"] is None and page.context["record_kind"] == COUNT
    assert page.context["start_url"].endswith(f"?run={run.pk}")
    assert "库存已盘点" not in page.content.decode()
    # the questions can't be answered instead of filing the record
    refused = client_as(world.user(Role.LOGISTICS)).post(run.get_absolute_url(), {})
    assert refused.status_code == 403
    with pytest.raises(ChecklistError):
        services.complete_run(run, user=world.user(Role.LOGISTICS), answers={})
    assert Run.objects.get(pk=run.pk).status != RunStatus.DONE


def test_a_template_chooses_its_record_kind_and_plain_templates_keep_their_questions(world, registry):
    registry.register_record_kind(COUNT)
    plain = factories.make_checklist_template(world.campus, code="gate-evening")
    chosen = factories.make_checklist_template(world.campus, code="my-count", opens_record="test.count")
    assert plain.record_kind is None
    assert chosen.record_kind == COUNT


def test_filing_the_record_completes_the_run_once_and_links_it(world, client_as, clock, registry):
    clock.school_day(world.campus, at="10:00")
    registry.register_record_kind(COUNT)
    head = world.user(Role.LOGISTICS)
    run = factories.make_run(factories.make_checklist_template(world.campus, code="stock-count", role=Role.LOGISTICS))
    record = factories.make_follow_up(world.campus, title="三月盘点记录")  # any record with a page stands in
    services.complete_run_with_record(run, record, user=head, anomalies=2, note="差异 2 项")
    run = Run.objects.get(pk=run.pk)
    assert (run.status, run.completed_by, run.anomaly_count, run.record) == (RunStatus.DONE, head, 2, record)
    with pytest.raises(RunAlreadyDone):
        services.complete_run_with_record(run, record, user=world.user(Role.DIRECTOR))
    page = client_as(head).get(run.get_absolute_url()).content.decode()
    assert "三月盘点记录" in page and record.get_absolute_url() in page


def test_a_run_of_questions_cannot_be_completed_by_a_record(world, registry):
    run = factories.make_run(factories.make_checklist_template(world.campus, code="gate-evening"))
    with pytest.raises(ChecklistError):
        services.complete_run_with_record(run, factories.make_follow_up(world.campus), user=world.user(Role.GATEKEEPER))


def test_a_failed_answer_of_a_handled_kind_becomes_the_departments_record(world, client_as, clock, registry):
    clock.school_day(world.campus, at="16:00")
    calls = []

    def open_repair(*, run, result, user, title, description, place):
        calls.append((run.pk, result.pk, title, place))
        return FollowUp.objects.create(campus=run.campus, title=f"报修：{title}", due_on=timezone.localdate(), kind="general")

    registry.register_anomaly_handler(FollowUpKind.REPAIR, open_repair)
    template = factories.make_checklist_template(world.campus, code="weekly-doors", items=(), place="小一班")
    door = TemplateItem.objects.create(template=template, label="门窗完好", follow_up_kind=FollowUpKind.REPAIR,
                                       problem_label="门窗损坏")
    light = TemplateItem.objects.create(template=template, label="灯具正常", follow_up_kind=FollowUpKind.GENERAL)
    run = factories.make_run(template)
    gate = world.user(Role.GATEKEEPER)
    services.complete_run(run, user=gate, answers={door.pk: Answer(False, "门把手掉了"), light.pk: Answer(False, "灯不亮")})
    assert len(calls) == 1 and calls[0][2] == "门窗损坏 · 小一班" and calls[0][3] == "小一班"
    door_result = run.results.get(item=door)
    assert door_result.record.title == "报修：门窗损坏 · 小一班"
    # the general one still opens a follow-up; the handled one opens none of its own
    assert list(FollowUp.objects.filter(run=run).values_list("kind", flat=True)) == ["general"]
    page = client_as(gate).get(run.get_absolute_url()).content.decode()
    assert "报修：门窗损坏 · 小一班" in page


def test_the_template_editor_offers_the_registered_records(world, client_as, registry):
    registry.register_record_kind(COUNT)
    template = factories.make_checklist_template(world.campus, code="my-count")
    page = client_as(world.user(Role.LOGISTICS)).get(template.get_absolute_url())
    assert page.status_code == 200
    assert ("test.count", "盘点") in list(page.context["form"].fields["opens_record"].choices)
