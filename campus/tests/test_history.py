"""A record's history as a kindergarten director reads it: people by name (never the login, never a
guardian's phone), files by their own name (never the storage path), a system change as 系统, and
the records the changes point to read in one query per model."""

import datetime as dt

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from campus import services_staff
from campus.choices import CertificateKind
from campus.history import file_name, history_entries, reason_in_context, reason_text, save_tracked
from campus.models import StaffCertificate
from campus.people import display_name
from campus.roles import Role
from finance.models import FinanceSettings
from safety.models import SafetySettings
from tests import factories


def changes_of(entry) -> dict:
    return {str(label): (old, new) for label, old, new in entry.changes}


def test_a_changed_custodian_of_an_asset_shows_the_staff_members_name(world):
    wang = factories.make_staff(Role.TEACHER, world.campus, username="wangls", name="王老师")
    li = factories.make_staff(Role.TEACHER, world.campus, username="lils", name="李老师")
    asset = factories.make_asset(world.campus, user=world.user(Role.ASSETS), custodian=wang)
    hall = factories.make_place(world.campus, "多功能厅")
    asset.custodian, asset.place = li, hall
    save_tracked(asset, world.user(Role.ASSETS), "调岗")
    with translation.override("zh-hans"):
        changes = changes_of(history_entries(asset)[0])
        assert changes["责任人"] == ("王老师", "李老师")
        assert changes["地点"] == ("总务仓库", "多功能厅")
        html = render_to_string("includes/history.html", {"history": history_entries(asset)})
    assert "wangls" not in html and "lils" not in html


def test_a_settings_row_names_the_people_and_reads_them_once_per_model(world, django_assert_num_queries):
    zhou = factories.make_staff(Role.LOGISTICS, world.campus, username="zhouzr", name="周主任").user
    qian = factories.make_staff(Role.HEALTH, world.campus, username="qianbj", name="钱保健").user
    rules = SafetySettings.for_campus(world.campus)
    for fire, food, health in ((zhou, None, None), (qian, zhou, None), (zhou, qian, qian), (None, None, zhou)):
        rules.hazard_owner_fire, rules.hazard_owner_food, rules.hazard_owner_health = fire, food, health
        save_tracked(rules, world.user(Role.DIRECTOR), "调整分工")
    with django_assert_num_queries(2):  # the history rows with their authors, then every person the changes name
        entries = history_entries(rules)
    with translation.override("en"):
        last = changes_of(entries[0])
        assert last["owner of fire hazards"] == ("周主任", "—")
        assert last["owner of health hazards"] == ("钱保健", "周主任")
        assert changes_of(entries[1])["owner of fire hazards"] == ("钱保健", "周主任")
    names = {value for entry in entries for _label, old, new in entry.changes for value in (old, new)}
    assert names <= {"周主任", "钱保健", "—"}


def test_a_staff_member_who_left_and_a_certificate_scan_read_in_words(world):
    staff = factories.make_staff(Role.COOK, world.campus, username="cook9", name="赵师傅")
    services_staff.staff_leaves(staff, dt.date(2026, 12, 31), world.user(Role.DIRECTOR))
    certificate = StaffCertificate.objects.create(staff=staff, kind=CertificateKind.HEALTH, expires_on="2030-01-01")
    certificate.scan.save("健康证2026.png", ContentFile(factories.make_image()), save=False)
    save_tracked(certificate, world.user(Role.LOGISTICS), "上传扫描件")
    certificate.scan.save("健康证2027.png", ContentFile(factories.make_image()), save=False)
    save_tracked(certificate, world.user(Role.LOGISTICS), "换新证")
    certificate.scan = ""
    save_tracked(certificate, world.user(Role.LOGISTICS), "删除扫描件")
    with translation.override("zh-hans"):
        left = history_entries(staff)[0]
        assert left.reason == "离职" and changes_of(left)["在职"] == ("是", "否")
        assert changes_of(left)["离职日期"] == ("—", dt.date(2026, 12, 31))
        removed, replaced, added = [changes_of(entry)["扫描件"] for entry in history_entries(certificate)[:3]]
    assert added == ("—", "健康证2026.png")
    assert replaced == ("健康证2026.png", "健康证2027.png")
    assert removed == ("健康证2027.png", "—")
    assert not any("certificates/" in value for pair in (added, replaced, removed) for value in pair)


def test_the_same_photo_name_uploaded_again_reads_replaced(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rules = FinanceSettings.for_campus(world.campus)
    for _ in range(2):
        rules.payment_qr.save("qr.png", ContentFile(factories.make_image()), save=False)
        save_tracked(rules, world.user(Role.CASHIER), "更新收款码")
    with translation.override("zh-hans"):
        assert changes_of(history_entries(rules)[0])["收款二维码"] == ("qr.png", "已更换")


def test_a_change_made_by_a_system_task_says_system(world):
    asset = factories.make_asset(world.campus, user=None)
    asset.note = "年度盘点自动更新"
    save_tracked(asset, None, gettext_noop("recorded"))
    with translation.override("zh-hans"):
        entries = history_entries(asset)
        html = render_to_string("includes/history.html", {"history": entries})
    assert [entry.who for entry in entries] == ["系统", "系统"] and all(entry.by_system for entry in entries)
    assert "系统" in html  # the asset's printed card shows entry.who as it is


def test_a_guardian_and_a_staff_member_are_named_without_phone_or_login(world):
    assert display_name(world.parent) == world.parent.name and world.parent.phone not in display_name(world.parent)
    staff = world.staff[Role.COOK.value]
    assert display_name(staff) == staff.name


def test_a_file_name_loses_its_folder_and_the_storage_suffix():
    assert file_name("certificates/2026/健康证.pdf") == "健康证.pdf"
    assert file_name("finance/payment-qr/qr_r5NTex3.png") == "qr.png"
    assert file_name("children/2026/IMG_20261203.jpg") == "IMG_20261203.jpg"  # digits only: the person's own name


def test_a_reason_key_with_a_context_is_translated_in_that_context():
    with translation.override("zh-hans"):
        assert reason_text(reason_in_context("staff", "left")) == "离职"
        assert reason_text("left") == "离园"
    with translation.override("en"):
        assert reason_text(reason_in_context("staff", "left")) == "left"


def test_a_changed_list_of_children_shows_their_names(world):
    from safety.services import save_restricted

    entry = factories.make_restricted(world.campus, children=[world.child], user=world.user(Role.DIRECTOR))
    save_restricted(entry, {"name": entry.name, "id_number": "", "reason": entry.reason},
                    [world.child, world.other_child], world.user(Role.DIRECTOR))
    shown = [(old, new) for e in history_entries(entry) for label, old, new in e.changes if old != new and "、" in str(new)]
    assert shown and shown[0][1] == "张小明、李小红"


def test_the_staff_page_says_left_the_job_and_a_childs_page_left_the_kindergarten(world, client_as):
    staff = factories.make_staff(Role.COOK, world.campus, username="cook8", name="孙师傅")
    client = client_as(world.user(Role.DIRECTOR))
    assert "孙师傅离职" in client.get(f"/staff/{staff.pk}/leave/").content.decode()
    assert client.post(f"/staff/{staff.pk}/leave/", {"left_on": "2026-12-31"}).status_code == 302
    page = client.get(f"/staff/{staff.pk}/").content.decode()
    header, history = page[page.index("<h1"):page.index("</h1>")], page[page.index("history-list"):]
    assert "离职 2026-12-31" in header and "离职日期" in history and "在职" in history
    assert "离园" not in header and "离园" not in history[:history.index("</ul>")]
    assert client.post(f"/children/{world.child.pk}/leave/", {"left_on": "2026-12-31", "leaving_reason": "搬家"}).status_code == 302
    assert "离园" in client.get(f"/children/{world.child.pk}/edit/").content.decode()


def test_the_migration_rewrites_a_staff_members_kept_left_reason_only(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("campus.migrations.0010_kernelfix_staff_left_reason")
    staff = factories.make_staff(Role.COOK, world.campus, username="cook7", name="周师傅")
    staff.is_active = False
    save_tracked(staff, world.user(Role.DIRECTOR), "left")  # as kept before the staff context
    save_tracked(world.child, world.user(Role.DIRECTOR), "left")
    migration.forwards(apps, None)
    with translation.override("zh-hans"):
        assert history_entries(staff)[0].reason == "离职"
        assert history_entries(world.child)[0].reason == "离园"
