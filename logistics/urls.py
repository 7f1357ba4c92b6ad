from django.urls import path

from .views import ledger

app_name = "logistics"

urlpatterns = [
    # ledger (stores-ledger)
    path("", ledger.index, name="index"),
    path("settings/", ledger.settings_edit, name="settings"),
    path("stores/add/", ledger.store_add, name="store_add"),
    path("stores/<int:pk>/", ledger.store_detail, name="store"),
    path("stores/<int:pk>/edit/", ledger.store_edit, name="store_edit"),
    path("items/", ledger.item_list, name="item_list"),
    path("items/add/", ledger.item_add, name="item_add"),
    path("items/import/", ledger.item_import, name="item_import"),
    path("items/import/confirm/", ledger.item_import_confirm, name="item_import_confirm"),
    path("items/export/", ledger.item_export, name="item_export"),
    path("items/<int:pk>/", ledger.item_detail, name="item"),
    path("items/<int:pk>/edit/", ledger.item_edit, name="item_edit"),
    path("receive/", ledger.receive, name="receive"),
    path("issue/", ledger.issue, name="issue"),
    path("transfer/", ledger.transfer, name="transfer"),
    path("write-off/", ledger.write_off, name="write_off"),
    path("moves/<int:pk>/", ledger.move_detail, name="move"),
    path("moves/<int:pk>/reverse/", ledger.move_reverse, name="move_reverse"),
    path("ledger/", ledger.ledger_register, name="ledger_register"),
    path("chemicals/issues/", ledger.chemical_register, name="chemical_register"),
    path("chemicals/counts/", ledger.chemical_counts, name="chemical_counts"),
    path("chemicals/counts/add/", ledger.chemical_count, name="chemical_count"),
    path("food/kitchen-issue/", ledger.kitchen_issue, name="kitchen_issue"),
    # flows (stores-flows): append below
]

from .urls_flows import urlpatterns as flow_urlpatterns  # noqa: E402 - purchases, requisitions, kits, stocktakes

urlpatterns += flow_urlpatterns
