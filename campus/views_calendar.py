"""The school calendar, a year at a glance: every month of the chosen year (each year a term touches
or a day was entered for has its tab), the campus's own days, and for the director the year's
holidays entered in one go (pasted notice or a date range) and the confirmation that a year is
complete."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar as school_calendar
from . import services, services_setup
from .access import staff_required
from .calendar_entry import EntryError, parse_holiday_text, range_entries
from .errors import service_call
from .forms import CalendarDayForm, CalendarYearForm
from .forms_setup import CalendarRangeForm, CalendarTextForm
from .models import CalendarDay, CalendarYear, Term
from .scoping import get_scoped_object_or_404


def _years(campus, today) -> list[int]:
    years = {today.year}
    for first, last in Term.objects.filter(campus=campus).values_list("starts_on", "ends_on"):
        years.update(range(first.year, last.year + 1))
    years.update(day.year for day in CalendarDay.objects.filter(campus=campus).dates("date", "year"))
    return sorted(years)


def _months(cal, year):
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        weeks, week, day = [], [None] * first.weekday(), first
        while day.month == month:
            try:
                state = "school" if cal.is_school_day(day) else "off"
            except school_calendar.CalendarUnknown:
                state = "unknown"
            week.append({"date": day, "state": state, "exception": cal.exceptions.get(day)})
            if len(week) == 7:
                weeks.append(week)
                week = []
            day += dt.timedelta(days=1)
        if week:
            weeks.append(week + [None] * (7 - len(week)))
        months.append({"label": f"{year}-{month:02d}", "weeks": weeks})
    return months


def _year_param(request, years, default):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@staff_required(perm="campus.view_calendarday")
def calendar_view(request):
    campus = request.campus
    today = timezone.localdate()
    years = _years(campus, today)
    year = _year_param(request, years, today.year)
    if year not in years:
        years = sorted({*years, year})
    confirmed = set(CalendarYear.objects.filter(campus=campus).values_list("year", flat=True))
    unknown_years = [y for y in years if school_calendar.national_workday(dt.date(y, 6, 1)) is None and y not in confirmed]
    can_edit = request.user.has_perm("campus.add_calendarday")
    day_form = CalendarDayForm(prefix="day")
    year_form = CalendarYearForm(prefix="year", initial={"year": unknown_years[0] if unknown_years else year})
    text_form = CalendarTextForm(prefix="text", initial={"year": year})
    range_form = CalendarRangeForm(prefix="range")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        done = _post(request, campus, day_form, year_form, text_form, range_form)
        if isinstance(done, tuple):
            day_form, year_form, text_form, range_form = done
        else:
            return done
    cal = school_calendar.SchoolCalendar(campus, dt.date(year, 1, 1), dt.date(year, 12, 31))
    context = {
        "year": year, "years": years, "months": _months(cal, year), "unknown_years": unknown_years,
        "confirmed": year in confirmed, "national": school_calendar.national_workday(dt.date(year, 6, 1)) is not None,
        "terms": cal.terms, "can_edit": can_edit, "day_form": day_form, "year_form": year_form,
        "text_form": text_form, "range_form": range_form, "known": school_calendar.known_years(),
        "exceptions": CalendarDay.objects.filter(campus=campus, date__year=year).order_by("date"),
    }
    return render(request, "campus/calendar.html", context)


def _post(request, campus, day_form, year_form, text_form, range_form):
    """Run the submitted form; a redirect when it saved, else the forms (one of them bound, with errors)."""
    back = reverse("campus:calendar")
    if "day-date" in request.POST:
        day_form = CalendarDayForm(request.POST, prefix="day")
        if day_form.is_valid():
            data = day_form.cleaned_data
            services.set_calendar_day(campus, data["date"], data["kind"], data["note"])
            messages.success(request, _("Saved."))
            return redirect(f"{back}?year={data['date'].year}")
    elif "text-text" in request.POST:
        text_form = CalendarTextForm(request.POST, prefix="text")
        if text_form.is_valid():
            data = text_form.cleaned_data
            try:
                entries = parse_holiday_text(data["text"], data["year"])
            except EntryError as exc:
                text_form.add_error("text", str(exc))
            else:
                with service_call(text_form) as call:
                    count = services_setup.enter_calendar_days(
                        campus, entries, request.user, confirm_year=data["year"] if data["confirm"] else None)
                if call.ok:
                    messages.success(request, _("%(count)d days saved.") % {"count": count})
                    return redirect(f"{back}?year={data['year']}")
    elif "range-first" in request.POST:
        range_form = CalendarRangeForm(request.POST, prefix="range")
        if range_form.is_valid():
            data = range_form.cleaned_data
            try:
                entries = range_entries(data["first"], data["last"], data["kind"], data["note"])
            except EntryError as exc:
                range_form.add_error("last", str(exc))
            else:
                with service_call(range_form) as call:
                    count = services_setup.enter_calendar_days(campus, entries, request.user)
                if call.ok:
                    messages.success(request, _("%(count)d days saved.") % {"count": count})
                    return redirect(f"{back}?year={data['first'].year}")
    elif "remove" in request.POST:
        value = request.POST["remove"]
        row = get_scoped_object_or_404(request, CalendarDay.objects.filter(campus=campus), pk=int(value) if value.isdigit() else 0)
        services_setup.remove_calendar_day(row, request.user)
        messages.success(request, _("Removed."))
        return redirect(f"{back}?year={row.date.year}")
    else:
        year_form = CalendarYearForm(request.POST, prefix="year")
        if year_form.is_valid():
            services.confirm_calendar_year(campus, year_form.cleaned_data["year"])
            messages.success(request, _("Saved."))
            return redirect(f"{back}?year={year_form.cleaned_data['year']}")
    return day_form, year_form, text_form, range_form
