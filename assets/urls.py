from django.urls import path

from .views import counts, labels, ledger, moves, prints, register, writeoffs

app_name = "assets"

urlpatterns = [
    path("", register.asset_list, name="index"),
    path("add/", register.asset_add, name="asset_add"),
    path("<int:pk>/", register.asset_detail, name="asset_detail"),
    path("<int:pk>/edit/", register.asset_edit, name="asset_edit"),
    path("<int:pk>/status/", register.asset_status, name="asset_status"),
    path("<int:pk>/photos/add/", register.photo_add, name="photo_add"),
    path("settings/", register.settings_edit, name="settings"),
    path("categories/", register.category_list, name="category_list"),
    path("categories/add/", register.category_add, name="category_add"),
    path("categories/<int:pk>/edit/", register.category_edit, name="category_edit"),
    path("places/", register.place_list, name="place_list"),
    path("places/<int:pk>/", register.place_detail, name="place_detail"),
    path("labels/", labels.label_sheet, name="labels"),
    path("<int:pk>/transfer/", moves.transfer_add, name="transfer_add"),
    path("transfers/", moves.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", moves.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/answer/", moves.transfer_answer, name="transfer_answer"),
    path("transfers/<int:pk>/cancel/", moves.transfer_cancel, name="transfer_cancel"),
    path("closing/", moves.campus_closing, name="campus_closing"),
    path("<int:pk>/lend/", moves.loan_add, name="loan_add"),
    path("loans/", moves.loan_list, name="loan_list"),
    path("loans/<int:pk>/", moves.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/return/", moves.loan_return, name="loan_return"),
    path("counts/", counts.count_list, name="count_list"),
    path("counts/start/", counts.count_start, name="count_start"),
    path("counts/<int:pk>/", counts.count_detail, name="count_detail"),
    path("counts/<int:pk>/scan/", counts.count_scan, name="count_scan"),
    path("counts/<int:pk>/finish/", counts.count_finish, name="count_finish"),
    path("counts/differences/<int:pk>/resolve/", counts.difference_resolve, name="difference_resolve"),
    path("<int:pk>/write-off/", writeoffs.writeoff_add, name="writeoff_add"),
    path("write-offs/", writeoffs.writeoff_list, name="writeoff_list"),
    path("write-offs/<int:pk>/", writeoffs.writeoff_detail, name="writeoff_detail"),
    path("write-offs/<int:pk>/approve/", writeoffs.writeoff_approve, name="writeoff_approve"),
    path("write-offs/<int:pk>/reject/", writeoffs.writeoff_reject, name="writeoff_reject"),
    path("import/", ledger.ledger_import, name="ledger_import"),
    path("import/confirm/", ledger.ledger_confirm, name="ledger_confirm"),
    path("registers/fixed-assets/", ledger.fixed_assets, name="fixed_assets"),
    path("registers/depreciation/", ledger.depreciation_report, name="depreciation"),
    path("registers/transfers/", ledger.transfers_register, name="transfers_register"),
    path("registers/count-sheet/", ledger.count_sheet, name="count_sheet"),
    path("registers/write-offs/", ledger.write_offs_register, name="write_offs_register"),
    path("<int:pk>/card/", prints.asset_card, name="asset_card"),
    path("write-offs/<int:pk>/print/", prints.writeoff_print, name="writeoff_print"),
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
