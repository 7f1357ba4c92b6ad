"""The one service contract (campus/errors.py, campus/actions.py, campus.history.save_tracked)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from campus.actions import post_action
from campus.errors import ServiceError, error_text, show_errors
from campus.history import save_tracked


class TemperatureForm(forms.Form):
    temperature = forms.DecimalField(required=False)


def test_a_service_error_names_its_field_either_way():
    with translation.override("en"):  # logistics' catalogue translates "Not a number."; the default language is Chinese
        assert ServiceError(_("Not a number."), field="temperature").message_dict == {"temperature": ["Not a number."]}
    assert ServiceError({"temperature": "Not a number.", "day": ["Too late."]}).message_dict == {
        "temperature": ["Not a number."], "day": ["Too late."]}
    assert isinstance(ServiceError("x"), ValidationError)


def test_a_service_error_class_can_be_raised_bare():  # finance.close raises ``jobs.JobTaken`` as a signal
    with pytest.raises(ServiceError):
        raise ServiceError


def test_a_service_error_never_reads_as_a_python_list():
    exc = ServiceError({"temperature": "宋悦然: 382℃ 不是可能的体温", "note": "太长"})
    assert str(exc) == error_text(exc) == "宋悦然: 382℃ 不是可能的体温 太长"
    assert "['" not in str(ServiceError("一条"))
    assert error_text(ValidationError(["a", "b"])) == "a b"


def test_show_errors_puts_the_message_on_its_field_in_the_users_language():
    form = TemperatureForm(data={"temperature": "38"})
    assert form.is_valid()
    # "This field is required." is translated by Django itself: the message stays lazy until shown.
    show_errors(form, ServiceError(forms.Field.default_error_messages["required"], field="temperature"))
    with translation.override("zh-hans"):
        assert form.errors["temperature"] == ["这个字段是必填项。"]
    with translation.override("en"):
        assert form.errors["temperature"] == ["This field is required."]


def test_show_errors_puts_unknown_fields_and_plain_messages_above_the_form():
    form = TemperatureForm(data={})
    form.is_valid()
    show_errors(form, ServiceError({"child_7": "not here"}))
    show_errors(form, ServiceError("closed"))
    assert form.non_field_errors() == ["not here", "closed"]
    assert "temperature" not in form.errors


def _request(method="post"):
    request = getattr(RequestFactory(), method)("/somewhere/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_post_action_runs_the_service_and_says_so():
    request = _request()
    response = post_action(request, lambda: 3, lambda n: f"{n} saved", "/back/")
    assert response.status_code == 302 and response.url == "/back/"
    assert [str(m) for m in get_messages(request)] == ["3 saved"]


def test_post_action_shows_a_service_error_as_text_not_a_repr():
    def fail():
        raise ServiceError({"amount": "金额不对"})

    request = _request()
    response = post_action(request, fail, "never", lambda result: "/back/" if result is None else "/wrong/")
    assert response.url == "/back/"
    assert [str(m) for m in get_messages(request)] == ["金额不对"]


def test_post_action_refuses_a_get_and_runs_nothing():
    ran = []
    response = post_action(_request("get"), lambda: ran.append(1), "x", "/back/")
    assert response.status_code == 405 and ran == []


def test_post_action_lets_a_programming_error_through():
    def broken():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        post_action(_request(), broken, "x", "/back/")


@pytest.mark.django_db
def test_save_tracked_records_who_and_why(world):
    staff = world.user("teacher").staff
    staff.phone = "13800000000"
    save_tracked(staff, world.user("director"), "Phone corrected")
    record = staff.history.latest()
    assert record.history_user == world.user("director")
    assert record.history_change_reason == "Phone corrected"


@pytest.mark.django_db
def test_save_tracked_with_clean_writes_nothing_when_a_rule_is_broken(world):
    staff = world.user("teacher").staff
    before = staff.history.count()
    staff.name = ""
    with pytest.raises(ServiceError) as caught:  # one kind of error for the views, whatever raised it
        save_tracked(staff, world.user("director"), clean=True)
    assert "name" in caught.value.message_dict
    assert staff.history.count() == before
