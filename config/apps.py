from django.apps import AppConfig


class HouqinConfig(AppConfig):
    """The project itself as an app, so that what the process needs at start (the filesystem broker's
    folders) is done by config, not by one of the departments' apps."""

    name = "config"
    label = "houqin"
    verbose_name = "Houqin"

    def ready(self):
        from .celery import ensure_broker_dirs

        ensure_broker_dirs()
