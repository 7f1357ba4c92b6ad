"""What the kitchen pages share: the date range of a register, registers."""


from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from campus.exports import xlsx_register, xlsx_response
from campus.pdf import pdf_response, render_pdf

from ..forms import RangeForm

VIEW = "kitchen.view_acceptance"  # every kitchen role has view_* on the kitchen


def date_range(request):
    form = RangeForm(request.GET or None)
    today = timezone.localdate()
    first, last = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        first = form.cleaned_data.get("first") or first
        last = form.cleaned_data.get("last") or last
        if first > last:
            first = last
    return form, first, last


def register_response(request, *, title, headers, rows, range_form, first, last, add_url=None, add_label="", extra=None,
              template="kitchen/register.html", filename=""):
    """A register page; ?export=xlsx or ?export=pdf gives the paper layout for the date range."""
    export = request.GET.get("export")
    period = f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    if export == "xlsx":
        content = xlsx_register(title, request.campus, period, headers, [cells for _url, cells in rows])
        return xlsx_response(content, f"{filename or title}_{first:%Y%m%d}-{last:%Y%m%d}.xlsx")
    if export == "pdf":
        content = render_pdf("kitchen/print_register.html", {
            "title": title, "campus": request.campus, "period": period, "headers": headers,
            "rows": [cells for _url, cells in rows], "printed": timezone.localtime(),
        })
        return pdf_response(content, f"{filename or title}_{first:%Y%m%d}-{last:%Y%m%d}.pdf")
    context = {"title": title, "headers": headers, "rows": rows, "range_form": range_form, "first": first, "last": last,
               "add_url": add_url, "add_label": add_label, "query": request.GET.urlencode()}
    context.update(extra or {})
    return render(request, template, context)


def yes_no(value) -> str:
    return _("yes") if value else _("no")


def person_name(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.name if staff else user.get_username()


