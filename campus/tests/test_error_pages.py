"""Issue 11: every refusal and failure is a styled Chinese page with a way back home, at DEBUG=False."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.views.decorators.http import require_POST

from campus.actions import post_action
from campus.roles import Role
from config import urls as config_urls
from tests.factories import log_in

PASSWORD = "pw-123456!"


@login_not_required
def boom(request):
    raise RuntimeError("a bug")


@login_not_required
def bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered")


@require_POST
def post_only(request):
    return HttpResponse("done")


def via_post_action(request):
    return post_action(request, lambda: None, "done", "home")


urlpatterns = [
    path("boom/", boom),
    path("bad/", bad),
    path("post-only/", post_only),
    path("action/", via_post_action),
    *config_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def no_debug(settings):
    settings.DEBUG = False


def assert_friendly(response, status, title):
    assert response.status_code == status
    text = response.content.decode()
    assert title in text
    assert 'href="/"' in text  # the way back
    assert "返回首页" in text
    assert 'name="viewport"' in text  # phone width
    assert "houqin/houqin.css" in text  # styled by the local stylesheet


def staff_client(world, role):
    client = Client()
    assert log_in(client, world.user(role).username, PASSWORD)
    return client


def test_403_is_the_chinese_page_with_the_menu(world):
    response = staff_client(world, Role.COOK).get("/dashboard/")
    assert_friendly(response, 403, "无权访问")
    assert "Forbidden" not in response.content.decode()
    assert 'id="mainnav"' in response.content.decode()  # the menu is a way back too


def test_404_is_the_chinese_page(world):
    response = staff_client(world, Role.DIRECTOR).get(f"/children/{world.far_child.pk}/")  # another campus's child
    assert_friendly(response, 404, "页面不存在")
    assert_friendly(staff_client(world, Role.DIRECTOR).get("/no-such-page/"), 404, "页面不存在")


def test_english_users_get_the_english_page(world):
    client = staff_client(world, Role.COOK)
    client.cookies["django_language"] = "en"
    response = client.get("/dashboard/")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode() and "Back to home" in response.content.decode()


def test_a_get_on_a_require_post_url_is_the_405_page(world):
    response = staff_client(world, Role.DIRECTOR).get("/notifications/read-all/")
    assert_friendly(response, 405, "此地址只能通过按钮提交")
    assert response["Allow"] == "POST"


@pytest.mark.urls("campus.tests.test_error_pages")
def test_post_action_and_require_post_answer_a_get_with_the_405_page(world):
    client = staff_client(world, Role.DIRECTOR)
    for url in ("/action/", "/post-only/"):
        response = client.get(url)
        assert_friendly(response, 405, "此地址只能通过按钮提交")
        assert response["Allow"] == "POST"
    assert client.post("/post-only/").content == b"done"


def test_post_action_renders_the_405_page_itself(world):
    request = RequestFactory().get("/x/")
    request.user = world.user(Role.DIRECTOR)
    response = post_action(request, lambda: pytest.fail("must not run"), "done", "home")
    assert response.status_code == 405 and "此地址只能通过按钮提交" in response.content.decode()


def test_csrf_failure_is_the_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    assert log_in(Client(), world.user(Role.COOK).username, PASSWORD)  # the login form itself is not the point
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert_friendly(response, 403, "表单已过期")
    assert "Cookie" in response.content.decode()  # no CSRF cookie at all: say so


@pytest.mark.urls("campus.tests.test_error_pages")
def test_400_is_the_chinese_page(db):
    response = Client().get("/bad/")
    assert_friendly(response, 400, "请求有误")


@pytest.mark.urls("campus.tests.test_error_pages")
def test_500_is_the_chinese_page_without_a_database(db, django_db_blocker, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_db_blocker.block():  # the database may be the thing that is down
        response = server_error(RequestFactory().get("/boom/"))
    assert_friendly(response, 500, "服务器出错了")
    response = Client(raise_request_exception=False).get("/boom/")
    assert_friendly(response, 500, "服务器出错了")
