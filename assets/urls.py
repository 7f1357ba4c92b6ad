from django.urls import path

from .views import ledger, register

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
    path("import/", ledger.ledger_import, name="ledger_import"),
    path("import/confirm/", ledger.ledger_confirm, name="ledger_confirm"),
    path("registers/fixed-assets/", ledger.fixed_assets, name="fixed_assets"),
    path("registers/depreciation/", ledger.depreciation_report, name="depreciation"),
]
# repairs: the repairs side appends its paths below (urlpatterns += [...]).
from .views import repairs  # noqa: E402 (the repairs side's lines)

urlpatterns += [
    path("repairs/", repairs.repair_list, name="repair_list"),
    path("repairs/report/", repairs.repair_report, name="repair_report"),
    path("repairs/register/", repairs.repair_register, name="repair_register"),
    path("repairs/<int:pk>/", repairs.repair_detail, name="repair_detail"),
    path("repairs/<int:pk>/assign/", repairs.repair_assign, name="repair_assign"),
    path("repairs/<int:pk>/close/", repairs.repair_close, name="repair_close"),
    path("repairs/<int:pk>/verify/", repairs.repair_verify, name="repair_verify"),
    path("repairs/<int:pk>/reopen/", repairs.repair_reopen, name="repair_reopen"),
    path("repairs/<int:pk>/finance/", repairs.repair_finance, name="repair_finance"),
]
