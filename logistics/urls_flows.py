"""The flows' URLs (purchases, requisitions, kits, stocktakes), added to ``logistics.urls``."""

from django.urls import path

from .views import purchases, requisitions, stocktakes

urlpatterns = [
    path("purchases/", purchases.purchase_list, name="purchase_list"),
    path("purchases/add/", purchases.purchase_add, name="purchase_add"),
    path("purchases/<int:pk>/", purchases.purchase_detail, name="purchase_detail"),
    path("purchases/<int:pk>/approve/", purchases.purchase_approve, name="purchase_approve"),
    path("purchases/<int:pk>/reject/", purchases.purchase_reject, name="purchase_reject"),
    path("purchases/<int:pk>/order/", purchases.purchase_order, name="purchase_order"),
    path("purchases/<int:pk>/receive/", purchases.purchase_receive, name="purchase_receive"),
    path("purchases/<int:pk>/lines/<int:line_pk>/close/", purchases.purchase_line_close, name="purchase_line_close"),
    path("purchases/<int:pk>/print/", purchases.purchase_print, name="purchase_print"),
    path("requisitions/", requisitions.requisition_list, name="requisition_list"),
    path("requisitions/add/", requisitions.requisition_add, name="requisition_add"),
    path("requisitions/register/", requisitions.issue_register, name="issue_register"),
    path("requisitions/consumption/", requisitions.consumption, name="consumption"),
    path("requisitions/to-sign/", requisitions.to_sign, name="to_sign"),
    path("requisitions/<int:pk>/", requisitions.requisition_detail, name="requisition_detail"),
    path("requisitions/<int:pk>/approve/", requisitions.requisition_approve, name="requisition_approve"),
    path("requisitions/<int:pk>/reject/", requisitions.requisition_reject, name="requisition_reject"),
    path("requisitions/<int:pk>/cancel/", requisitions.requisition_cancel, name="requisition_cancel"),
    path("requisitions/<int:pk>/issue/", requisitions.requisition_issue, name="requisition_issue"),
    path("requisitions/issues/<int:pk>/sign/", requisitions.issue_sign, name="issue_sign"),
    path("kits/", requisitions.kit_list, name="kit_list"),
    path("kits/add/", requisitions.kit_add, name="kit_add"),
    path("kits/<int:pk>/", requisitions.kit_detail, name="kit_detail"),
    path("kits/<int:pk>/edit/", requisitions.kit_edit, name="kit_edit"),
    path("stocktakes/", stocktakes.stocktake_list, name="stocktake_list"),
    path("stocktakes/start/", stocktakes.stocktake_start, name="stocktake_start"),
    path("stocktakes/sheet/", stocktakes.stocktake_sheet, name="stocktake_sheet"),
    path("stocktakes/<int:pk>/", stocktakes.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/count/", stocktakes.stocktake_count, name="stocktake_count"),
    path("stocktakes/<int:pk>/approve/", stocktakes.stocktake_approve, name="stocktake_approve"),
    path("stocktakes/<int:pk>/cancel/", stocktakes.stocktake_cancel, name="stocktake_cancel"),
]
