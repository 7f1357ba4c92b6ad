from django.urls import path  # noqa: F401

from .views import ledger  # noqa: F401

app_name = "logistics"

urlpatterns = [
    # ledger (stores-ledger)
    # flows (stores-flows): append below
]

from .urls_flows import urlpatterns as flow_urlpatterns  # noqa: E402 - purchases, requisitions, kits, stocktakes

urlpatterns += flow_urlpatterns
