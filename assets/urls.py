from django.urls import path

from .views import register

app_name = "assets"

urlpatterns = [
    path("", register.asset_list, name="index"),
    path("add/", register.asset_add, name="asset_add"),
    path("<int:pk>/", register.asset_detail, name="asset_detail"),
    path("<int:pk>/edit/", register.asset_edit, name="asset_edit"),
    path("<int:pk>/status/", register.asset_status, name="asset_status"),
    path("<int:pk>/photos/add/", register.photo_add, name="photo_add"),
    path("photos/<int:pk>/remove/", register.photo_remove, name="photo_remove"),
    path("places/", register.place_list, name="place_list"),
    path("places/<int:pk>/", register.place_detail, name="place_detail"),
]
# repairs: the repairs side appends its paths below (urlpatterns += [...]).
