"""Health education posts: the health teacher writes, every family of the campus reads."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.history import save_tracked

from .models_posts import HealthPost
from .services import HealthError


@transaction.atomic
def publish_post(campus, *, user, title, body) -> HealthPost:
    if not title.strip() or not body.strip():
        raise HealthError(_("Write a title and a text."), field="title")
    post = HealthPost(campus=campus, title=title.strip(), body=body.strip(), author=user, published_at=timezone.now())
    return save_tracked(post, user, clean=True)


def for_campus(campus_id, limit=20):
    return list(HealthPost.objects.filter(campus_id=campus_id).order_by("-published_at", "-pk")[:limit])
