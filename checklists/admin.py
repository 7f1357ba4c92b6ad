from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChecklistSettings, ChecklistTemplate, FollowUp, Plan, Run, TemplateItem


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "campus", "department", "recurrence", "assignee_role", "is_active"]
    list_filter = ["campus", "department", "recurrence", "is_active"]
    search_fields = ["title", "code"]
    inlines = [TemplateItemInline]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "campus", "code"]


@admin.register(Run)
class RunAdmin(SimpleHistoryAdmin):
    list_display = ["template", "campus", "period_start", "status", "completed_by"]
    list_filter = ["campus", "status", "is_adhoc"]
    date_hierarchy = "period_start"
    raw_id_fields = ["template", "completed_by", "created_by"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["title", "campus", "kind", "status", "due_on"]
    list_filter = ["campus", "kind", "status"]


@admin.register(ChecklistSettings)
class ChecklistSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["campus", "follow_up_days", "catch_up_days", "reminder_minutes"]
