"""Checklists is tested on its own: the departments' anomaly handlers (``checklists.hooks``), which
assets (repairs) and safety (hazards) register when their apps load, are set aside here, so a failed
answer opens the generic follow-up these tests are about. Each department tests its own handler."""

import pytest

from checklists import hooks


@pytest.fixture(autouse=True)
def _without_department_handlers(monkeypatch):
    monkeypatch.setattr(hooks, "_ANOMALY_HANDLERS", {})
