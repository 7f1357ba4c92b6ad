"""Roster import (upload -> preview -> confirm) and export, for the director of the current campus.

The uploaded file is kept between the preview and the confirmation in a private temporary file
whose random name is stored in the session (with the campus it was checked against); the
confirmation imports that same file again for real, all or nothing.
"""

import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .access import staff_required
from .errors import service_call
from .exports import xlsx_response
from .roster import COLUMNS, REQUIRED_COLUMNS, export_roster, import_roster, roster_template

SESSION_KEY = "roster_upload"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STASH_MAX_AGE = 24 * 3600
PREVIEW_ROWS = 500
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an Excel .xlsx file (in Excel or WPS: Save as → .xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


# --- the stash between preview and confirmation ----------------------------------------------------


def _stash_dir() -> Path:
    """Uploaded rosters wait here between preview and confirmation: under var/ (a volume shared by
    the web containers in docker-compose.yml), readable by the owner only."""
    path = Path(settings.VAR_DIR) / "roster-uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _stash_path(token: str) -> Path | None:
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
    for old in _stash_dir().glob("*.xlsx"):  # files of previews nobody confirmed
        try:
            if now - old.stat().st_mtime > STASH_MAX_AGE:
                old.unlink(missing_ok=True)
        except OSError:
            pass
    token = secrets.token_urlsafe(24)
    path = _stash_path(token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    request.session[SESSION_KEY] = {"token": token, "campus": request.campus.pk, "name": filename}
    return token


def _stashed_content(request, token):
    stash = request.session.get(SESSION_KEY)
    if not stash or stash.get("token") != token or stash.get("campus") != request.campus.pk:
        return None, None
    path = _stash_path(token)
    if path is None or not path.exists():
        return None, None
    return path.read_bytes(), stash.get("name", "")


# --- views -------------------------------------------------------------------------------------------


def _page_context(**extra):
    context = {
        "columns": [str(label) for label in COLUMNS.values()],
        "required_columns": [str(COLUMNS[key]) for key in REQUIRED_COLUMNS],
    }
    context.update(extra)
    return context


def _preview(request, outcome, token, filename, form=None, status=200):
    rows = outcome.rows()
    context = _page_context(
        outcome=outcome, totals=outcome.totals, rows=rows[:PREVIEW_ROWS], hidden_rows=max(len(rows) - PREVIEW_ROWS, 0),
        invalid_rows=[row for row in rows if row.errors], noted_rows=sum(1 for row in rows if row.notes), base_errors=outcome.base_errors(), token=token,
        filename=filename, form=form or RosterUploadForm(),
    )
    return render(request, "campus/roster_preview.html", context, status=status)


@staff_required(perm="campus.add_child")
def roster_import(request):
    """Upload a roster; the answer is the preview of what it would do (nothing is saved yet)."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        with service_call(form, field="file") as call:
            outcome = import_roster(request.campus, content, request.user, dry_run=True)
        if call.ok:
            token = _stash(request, content, upload.name) if outcome.ok else None
            return _preview(request, outcome, token, upload.name)
    return render(request, "campus/roster_import.html", _page_context(form=form))


@staff_required(perm="campus.add_child")
@require_POST
def roster_confirm(request):
    """Import the previewed file for real: every row or none."""
    token = request.POST.get("token", "")
    content, filename = _stashed_content(request, token)
    if content is None:
        messages.error(request, _("The uploaded file is no longer here. Please upload it again."))
        return redirect("campus:roster_import")
    confirmed = {int(value) for value in request.POST.getlist("link") if value.isdigit() and len(value) < 8}
    with service_call(request=request) as call:
        outcome = import_roster(request.campus, content, request.user, dry_run=False, confirmed_links=confirmed)
    if not call.ok:
        _drop_stash(request)
        return redirect("campus:roster_import")
    if not outcome.saved:
        # The roster changed since the preview (someone else imported or edited): show why.
        _drop_stash(request)
        return _preview(request, outcome, None, filename, status=409)
    _drop_stash(request)
    totals = outcome.totals
    messages.success(
        request,
        _("Roster imported: %(new)d children added, %(update)d updated, %(skip)d unchanged.") % totals,
    )
    if outcome.unlinked:
        messages.warning(request, ngettext(
            "%(count)d child was imported without the guardian of its row (a guardian of another campus or "
            "with a parent login, not confirmed).",
            "%(count)d children were imported without the guardian of their row (a guardian of another campus "
            "or with a parent login, not confirmed).", outcome.unlinked) % {"count": outcome.unlinked})
    return redirect("campus:child_list")


@staff_required(perm="campus.add_child")
def roster_export(request):
    """The current campus's roster as xlsx, in the columns the import reads back."""
    content = export_roster(request.campus)
    filename = _("%(campus)s roster %(date)s.xlsx") % {
        "campus": request.campus.name, "date": timezone.localdate().strftime("%Y-%m-%d"),
    }
    return xlsx_response(content, filename)


@staff_required(perm="campus.add_child")
def roster_template_view(request):
    """An empty roster with the columns the import reads and one example row."""
    return xlsx_response(roster_template(), _("Roster template.xlsx"))
