from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attendance,
    CalendarDay,
    CalendarYear,
    Campus,
    Child,
    Classroom,
    Guardian,
    Guardianship,
    StaffCertificate,
    StaffMember,
    Term,
)


@admin.register(Campus)
class CampusAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "guided_by", "is_active"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "campus", "starts_on", "ends_on"]
    list_filter = ["campus"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "campus", "kind", "note"]
    list_filter = ["campus", "kind"]


admin.site.register(CalendarYear)


class CertificateInline(admin.TabularInline):
    model = StaffCertificate
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "phone", "sees_all_campuses", "is_active"]
    filter_horizontal = ["campuses"]
    inlines = [CertificateInline]
    search_fields = ["name", "phone", "user__username"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "campus", "grade", "head_teacher"]
    list_filter = ["campus", "grade"]
    filter_horizontal = ["staff"]


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    autocomplete_fields = ["child"]


@admin.register(Child)
class ChildAdmin(SimpleHistoryAdmin):
    list_display = ["name", "classroom", "campus", "gender", "birth_date", "enrolled_on", "left_on"]
    list_filter = ["campus", "classroom"]
    search_fields = ["name"]


@admin.register(Guardian)
class GuardianAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phone", "user"]
    search_fields = ["name", "phone"]
    inlines = [GuardianshipInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["date", "child", "classroom", "status", "reason", "recorded_by"]
    list_filter = ["campus", "status", "date"]
    date_hierarchy = "date"
