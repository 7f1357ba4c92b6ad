from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from campus.spreadsheets import SAFE_FORMATS

from . import models
from .resources import GrowthReferenceResource


@admin.register(models.GrowthReference)
class GrowthReferenceAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [GrowthReferenceResource]
    formats = SAFE_FORMATS  # xlsx read through campus.spreadsheets, written with texts as text
    list_display = ["standard", "indicator", "sex", "x", "l_value", "m_value", "s_value", "sd0"]
    list_filter = ["standard", "indicator", "sex"]


@admin.register(models.HealthSettings)
class HealthSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["campus", "fever_at", "outbreak_day_cases", "outbreak_window_cases", "growth_standard"]


for model, fields in [
    (models.HealthCheck, ["child", "date", "session", "action", "temperature"]),
    (models.Observation, ["child", "observed_at", "symptom"]),
    (models.MedicationRequest, ["child", "drug", "dose", "starts_on", "ends_on", "status"]),
    (models.MedicationDose, ["request", "date", "scheduled", "given_by", "checked_by"]),
    (models.SickFollowUp, ["child", "date", "status"]),
    (models.DiseaseCase, ["person_kind", "child", "staff", "disease", "onset", "returned_on"]),
    (models.OutbreakAlert, ["classroom", "symptom_group", "detected_on", "cases", "reported_at"]),
    (models.MeasurementRound, ["classroom", "date"]),
    (models.Measurement, ["child", "measured_on", "height_cm", "weight_kg", "position", "oedema", "weight_status"]),
    (models.BloodPressure, ["child", "measured_on", "systolic", "diastolic"]),
    (models.WeakChildCase, ["child", "reason", "status", "opened_on"]),
    (models.PhysicalExam, ["child", "kind", "exam_date", "hb"]),
]:
    admin.site.register(model, SimpleHistoryAdmin, list_display=fields)
