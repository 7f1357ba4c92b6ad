"""The production files: docker-compose.yml has the five services with health checks and volumes,
and the settings refuse bad values loudly."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_a_health_check():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
        assert service.get("restart") == "unless-stopped", name


def test_compose_runs_the_real_stack():
    services = compose()["services"]
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    env = services["web"]["environment"]
    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    for app in ("web", "worker", "beat"):
        assert services[app]["depends_on"] == {
            "db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}
        }


def test_compose_keeps_data_in_volumes():
    data = compose()
    assert {"pgdata", "redisdata", "media"} <= set(data["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in data["services"]["db"]["volumes"]
    assert "redisdata:/data" in data["services"]["redis"]["volumes"]


def _settings_error(**env) -> str:
    full = {**os.environ, **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=60,
    )
    return result.stderr if result.returncode else ""


def test_bad_settings_fail_at_start_with_a_clear_message():
    assert "SECRET_KEY must be set" in _settings_error(DEBUG="0", SECRET_KEY="")
    assert "DEBUG='maybe' is not a boolean" in _settings_error(DEBUG="maybe")
    assert "scheme 'mysql' is not supported" in _settings_error(DATABASE_URL="mysql://x/y")
    assert "LOGIN_FAILURE_LIMIT='lots' is not a whole number" in _settings_error(LOGIN_FAILURE_LIMIT="lots")
    assert "CELERY_BROKER_URL='amqp://x'" in _settings_error(CELERY_BROKER_URL="amqp://x")
    # Issue 10: these two were read by the apps with a silent fallback.
    assert "FINANCE_PDF_WORKERS='two' is not a whole number" in _settings_error(FINANCE_PDF_WORKERS="two")
    assert "FINANCE_PDF_WORKERS=0 must be at least 1" in _settings_error(FINANCE_PDF_WORKERS="0")
    assert "CHECKLISTS_GENERATE_EVERY='soon' is not a number" in _settings_error(CHECKLISTS_GENERATE_EVERY="soon")
    assert "CHECKLISTS_GENERATE_EVERY='-2' must be a positive" in _settings_error(CHECKLISTS_GENERATE_EVERY="-2")
    assert _settings_error() == ""
