"""Health education posts: the health teacher posts, the campus's parents read, others do not."""

import pytest
from django.urls import reverse

from campus.roles import Role

pytestmark = pytest.mark.django_db


def test_health_teacher_posts_and_parents_read(world, client_as):
    health = client_as(world.user(Role.HEALTH))
    response = health.post(reverse("health:posts"), {"title": "秋季腹泻预防", "body": "饭前便后洗手，注意饮水卫生。"})
    assert response.status_code == 302
    parent = client_as(world.parent.user)
    assert "秋季腹泻预防" in parent.get(reverse("health:parent_posts", args=[world.child.pk])).content.decode()
    assert parent.get(reverse("health:parent_posts", args=[world.far_child.pk])).status_code == 404
    assert client_as(world.user(Role.TEACHER)).get(reverse("health:posts")).status_code == 403
