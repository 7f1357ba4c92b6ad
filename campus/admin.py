from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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
    Notification,
    NotificationRecipient,
    Place,
    StaffCertificate,
    StaffMember,
    StaffSettings,
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
admin.site.register(StaffSettings)


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


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "campus", "kind", "classroom", "custodian", "is_active"]
    list_filter = ["campus", "kind", "is_active"]


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
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        # Stamped like campus.services does: finance finds corrections of months it has already
        # refunded by the time a record was saved (finance.corrections).
        obj.recorded_by, obj.recorded_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


class RecipientInline(admin.TabularInline):
    """Who was told, whether they read it, and how each outside channel went."""

    model = NotificationRecipient
    fields = ["user", "read_at", "deliveries_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("deliveries"))
    def deliveries_status(self, obj):
        return ", ".join(f"{d.get_channel_display()}: {d.get_status_display()} ({d.attempts}) {d.error[:80]}"
                         for d in obj.deliveries.all())


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by ``campus.notifications.notify`` only."""

    list_display = ["title", "kind", "campus", "created_at", "updated_at"]
    list_filter = ["campus", "kind"]
    search_fields = ["title", "key"]
    readonly_fields = ["campus", "kind", "key", "title", "body", "link", "created_at", "updated_at"]
    inlines = [RecipientInline]

    def has_add_permission(self, request):
        return False
