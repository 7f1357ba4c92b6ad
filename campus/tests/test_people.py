"""Issue 11: people by their names, roles and history reasons in Chinese, no developer text."""

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_noop

from campus.history import history_entries, save_tracked
from campus.people import display_name
from campus.roles import Role, role_label
from tests.factories import log_in, make_staff


def named(world):
    return (make_staff(Role.DIRECTOR, world.campus, username="zhou", name="周园长").user,
            make_staff([Role.TEACHER, Role.ASSETS], world.campus, username="wangls", name="王老师").user)


def test_display_name_is_the_persons_name_not_the_login(world):
    _director, teacher = named(world)
    assert display_name(teacher) == "王老师"
    assert display_name(world.parent.user) == world.parent.name
    admin = get_user_model().objects.create_user("root", first_name="管理员")
    assert display_name(admin) == "管理员"
    assert display_name(get_user_model().objects.create_user("bare")) == "bare"
    assert display_name(None) == "" and display_name(None, "—") == "—"


def test_role_labels_are_translated():
    with translation.override("zh-hans"):
        assert role_label("asset_manager") == "资产管理员"
        assert role_label("some other group") == "some other group"


def test_history_names_the_staff_member_and_translates_a_reason_key(world, django_assert_num_queries):
    child, (director, teacher) = world.child, named(world)
    child.name = "张小明明"
    save_tracked(child, director, gettext_noop("posted"))
    child.name = "张明"
    save_tracked(child, teacher, "家长来电更正")
    with django_assert_num_queries(1):  # the names come with the history rows
        entries = history_entries(child)
    with translation.override("zh-hans"):
        html = render_to_string("includes/history.html", {"history": history_entries(child)})
    assert [e.who for e in entries[:2]] == ["王老师", "周园长"]
    assert "已向家长公示" in html and "家长来电更正" in html and ">posted<" not in html
    assert "zhou" not in html and "wangls" not in html
    with translation.override("en"):
        assert history_entries(child)[1].reason == "posted"


def test_the_staff_list_shows_role_names(world):
    named(world)
    client = Client()
    assert log_in(client, "zhou", "pw-123456!")
    html = client.get("/staff/").content.decode()
    row = html[html.index("王老师"):]
    row = row[:row.index("</tr>")]
    assert "班主任" in row and "资产管理员" in row and "、" in row  # both roles, by name, Chinese enumeration comma
    assert "asset_manager" not in row and "teacher<" not in row


def test_the_person_filter(world):
    from django.template import Context, Template

    _director, teacher = named(world)
    template = Template('{% load people %}{{ a|person }}|{{ b|person:"—" }}')
    assert template.render(Context({"a": teacher, "b": None})) == "王老师|—"
