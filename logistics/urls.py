from django.urls import path  # noqa: F401

from .views import ledger  # noqa: F401

app_name = "logistics"

urlpatterns = [
    # ledger (stores-ledger)
    # flows (stores-flows): append below
]
