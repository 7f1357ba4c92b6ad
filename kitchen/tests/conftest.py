import pytest


@pytest.fixture
def no_nav(monkeypatch):
    """Leave the other apps' menu entries out of the page, so that exact query counts measure the
    kitchen view and the shared shell (session, user, campus, permissions) only."""
    monkeypatch.setattr("campus.context_processors.collect", lambda *args: [])
