from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from campus.urls import root_patterns

urlpatterns = [
    *root_patterns,
    path("", include("campus.urls")),
    path("checklists/", include("checklists.urls")),
    path("kitchen/", include("kitchen.urls")),
    path("health/", include("health.urls")),
    path("finance/", include("finance.urls")),
    path("assets/", include("assets.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = admin.site.site_title = settings.SITE_NAME
