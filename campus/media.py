"""Which record an uploaded file belongs to, for the user asking.

Files are served only through their record: a path under MEDIA_ROOT is matched against every
``FileField`` of the project's apps (by the fixed start of its ``upload_to``), and the record
holding it is looked up within the user's campuses (``scoped``) among the models whose "view"
permission the user's roles have. No record, no file: a teacher cannot open another campus's
medication form or a child's statement by guessing its path.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models

from .scoping import scoped


@cache
def file_fields() -> list[tuple]:
    """``(model, field name, path prefix)`` of every FileField/ImageField of the project's apps."""
    found = []
    for label in settings.HOUQIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if not hasattr(model, "campus_path") or model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    upload_to = field.upload_to if isinstance(field.upload_to, str) else ""
                    found.append((model, field.name, upload_to.split("%", 1)[0]))
    return found


def owner_of(request, path: str):
    """The record holding the file ``path`` that ``request.user`` may see, or None."""
    user = request.user
    for model, field_name, prefix in file_fields():
        if not path.startswith(prefix):
            continue
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        record = scoped(request, model._default_manager.filter(**{field_name: path})).first()
        if record is not None:
            return record
    return None


def file_response(target, download_name: str = ""):
    """The stored file at ``target`` (a Path under MEDIA_ROOT): shown in the browser only when its
    content is an image we accept or a PDF (the name counts for nothing), else a download. Never
    sniffed by the browser, never run as a page: a stored ``form.html`` or ``form.svg`` is a plain
    download."""
    from django.http import FileResponse

    from .uploads import stored_kind

    handle = target.open("rb")
    kind = stored_kind(handle)
    name = download_name or target.name
    if kind is None:
        response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/octet-stream")
    else:
        response = FileResponse(handle, filename=name, content_type=kind[1])
    response["X-Content-Type-Options"] = "nosniff"
    if kind is not None and kind[0] == "pdf":
        response._csp_exempt = True  # the site's object-src 'none' would keep the browser's PDF viewer out
    else:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
