"""Import of an existing ledger (upload -> preview -> confirm) and the registers' pages. The uploaded file
waits between the preview and the confirmation in a private file under var/ named by a random token
kept in the session (with the campus it was checked against); the confirmation imports it for real."""

import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campus.access import staff_required
from campus.errors import service_call
from campus.registers import register_view

from .. import registers, services

SESSION_KEY = "assets_ledger_upload"
STASH_MAX_AGE = 24 * 3600
PREVIEW_ROWS = 300
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
IMPORT = "assets.add_asset"

fixed_assets = register_view(registers.FIXED_ASSETS)
depreciation_report = register_view(registers.DEPRECIATION)


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ledger file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an Excel .xlsx file (in Excel or WPS: Save as → .xlsx)."))
        return upload


def _stash_dir() -> Path:
    path = Path(settings.VAR_DIR) / "asset-uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _stash_path(token) -> Path | None:
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return _stash_dir() / f"{token}.xlsx"


def _drop_stash(request) -> None:
    stash = request.session.pop(SESSION_KEY, None)
    path = _stash_path(stash.get("token")) if stash else None
    if path is not None:
        path.unlink(missing_ok=True)


def _stash(request, content: bytes, filename: str) -> str:
    _drop_stash(request)
    now = time.time()
    for old in _stash_dir().glob("*.xlsx"):
        try:
            if now - old.stat().st_mtime > STASH_MAX_AGE:
                old.unlink(missing_ok=True)
        except OSError:
            pass
    token = secrets.token_urlsafe(24)
    fd = os.open(_stash_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    request.session[SESSION_KEY] = {"token": token, "campus": request.campus.pk, "name": filename}
    return token


def _stashed(request, token):
    stash = request.session.get(SESSION_KEY)
    if not stash or stash.get("token") != token or stash.get("campus") != request.campus.pk:
        return None, ""
    path = _stash_path(token)
    if path is None or not path.exists():
        return None, ""
    return path.read_bytes(), stash.get("name", "")


def _columns() -> dict:
    return {"columns": [str(label) for label in services.LEDGER_COLUMNS.values()],
            "required": [str(services.LEDGER_COLUMNS[key]) for key in ("name", "category", "purchased_on", "place")]}


@staff_required(perm=IMPORT)
def ledger_import(request):
    """Upload a ledger; the answer is what it would do (nothing saved yet)."""
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        with service_call(form, field="file") as call:
            outcome = services.import_ledger(request.campus, content, user=request.user, dry_run=True)
        if call.ok:
            token = _stash(request, content, upload.name) if outcome.ok and outcome.new_rows else None
            return render(request, "assets/ledger_preview.html", {
                "outcome": outcome, "token": token, "filename": upload.name, "form": LedgerUploadForm(),
                "rows": (outcome.invalid_rows or outcome.new_rows)[:PREVIEW_ROWS], **_columns(),
            })
    return render(request, "assets/ledger_import.html", {"form": form, **_columns()})


@staff_required(perm=IMPORT)
@require_POST
def ledger_confirm(request):
    """Import the previewed file for real: every row or none."""
    content, _name = _stashed(request, request.POST.get("token", ""))
    if content is None:
        messages.error(request, _("The uploaded file is no longer here. Please upload it again."))
        return redirect("assets:ledger_import")
    with service_call(request=request) as call:
        outcome = services.import_ledger(request.campus, content, user=request.user, dry_run=False)
    if call.ok and not outcome.ok:
        messages.error(request, _("The register changed since the preview: upload the file again."))
    elif call.ok:
        _drop_stash(request)
        messages.success(request, _("%(n)d assets imported.") % {"n": outcome.created})
        return redirect("assets:index")
    return redirect("assets:ledger_import")
