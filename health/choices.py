from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class CheckSession(models.TextChoices):
    MORNING = "morning", _("Morning check")
    AFTERNOON = "afternoon", _("Afternoon check")


class Finding(models.TextChoices):
    """What the check found, in the order of 一摸二看三问四查 (touch, look, ask, check)."""

    FEVER = "fever", _("Fever (touch)")
    SKIN = "skin", _("Skin / rash")
    MOUTH = "mouth", _("Mouth / throat")
    EYES = "eyes", _("Eyes")
    MOOD = "mood", _("Mood / alertness")
    COUGH = "cough", _("Cough / runny nose")
    DIGESTIVE = "digestive", _("Vomiting / diarrhoea")
    ILL_AT_HOME = "ill_at_home", _("Illness reported at home")
    DANGEROUS_OBJECT = "object", _("Dangerous object")


class CheckAction(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    OBSERVE = "observe", _("Admitted, under observation")
    SENT_HOME = "sent_home", _("Sent home")
    NOT_HERE = "not_here", _("Not here")


class SymptomGroup(models.TextChoices):
    """Cases count as "similar" for the outbreak rule when they share a group."""

    FEVER = "fever", _("Fever")
    RESPIRATORY = "respiratory", _("Cough / respiratory")
    DIGESTIVE = "digestive", _("Vomiting / diarrhoea")
    RASH = "rash", _("Rash / mouth sores")
    EYE = "eye", _("Red eyes")
    OTHER = "other", _("Other")


# Which finding of a check counts towards which symptom group (mood, objects, "ill at home" do not).
FINDING_GROUP = {
    Finding.FEVER: SymptomGroup.FEVER,
    Finding.SKIN: SymptomGroup.RASH,
    Finding.MOUTH: SymptomGroup.RASH,
    Finding.EYES: SymptomGroup.EYE,
    Finding.COUGH: SymptomGroup.RESPIRATORY,
    Finding.DIGESTIVE: SymptomGroup.DIGESTIVE,
}


class MedicationRoute(models.TextChoices):
    ORAL = "oral", _("By mouth")
    EYE = "eye", _("Eye drops")
    EAR = "ear", _("Ear drops")
    NOSE = "nose", _("Nose spray / drops")
    SKIN = "skin", _("On the skin")
    INHALED = "inhaled", _("Inhaled")


class RequestStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class DoseTiming(models.TextChoices):
    """When a dose was given against its time: within the campus's window, or early/late with a reason."""

    ON_TIME = "on_time", pgettext_lazy("dose", "On time")
    EARLY = "early", pgettext_lazy("dose", "Early")
    LATE = "late", pgettext_lazy("dose", "Late")

    @staticmethod
    def text(timing: str, minutes: int) -> str:
        """"提前 60 分钟" / "推迟 114 分钟", or "" for a dose within its window."""
        if timing == DoseTiming.EARLY:
            return gettext("%(minutes)d min early") % {"minutes": minutes}
        if timing == DoseTiming.LATE:
            return gettext("%(minutes)d min late") % {"minutes": minutes}
        return ""


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PersonKind(models.TextChoices):
    CHILD = "child", _("Child")
    STAFF = "staff", _("Staff member")


class Disease(models.TextChoices):
    """Common infectious diseases in kindergartens; NOTIFIABLE lists the ones reported by law."""

    HFMD = "hfmd", _("Hand, foot and mouth disease")
    INFLUENZA = "influenza", _("Influenza")
    CHICKENPOX = "chickenpox", _("Chickenpox")
    MUMPS = "mumps", _("Mumps")
    MEASLES = "measles", _("Measles")
    RUBELLA = "rubella", _("Rubella")
    SCARLET_FEVER = "scarlet_fever", _("Scarlet fever")
    NOROVIRUS = "norovirus", _("Norovirus / infectious diarrhoea")
    HERPANGINA = "herpangina", _("Herpangina")
    CONJUNCTIVITIS = "conjunctivitis", _("Acute haemorrhagic conjunctivitis")
    TUBERCULOSIS = "tuberculosis", _("Tuberculosis")
    HEPATITIS_A = "hepatitis_a", _("Hepatitis A")
    COVID = "covid", _("COVID-19")
    PERTUSSIS = "pertussis", _("Whooping cough")
    OTHER = "other", _("Other / not yet known")


# Notifiable under the 传染病防治法 (classes A/B/C); herpangina and norovirus are not listed diseases.
NOTIFIABLE = {
    Disease.HFMD, Disease.INFLUENZA, Disease.MUMPS, Disease.MEASLES, Disease.RUBELLA, Disease.SCARLET_FEVER,
    Disease.NOROVIRUS, Disease.CONJUNCTIVITIS, Disease.TUBERCULOSIS, Disease.HEPATITIS_A, Disease.COVID,
    Disease.PERTUSSIS,
}

DISEASE_GROUP = {
    Disease.HFMD: SymptomGroup.RASH, Disease.CHICKENPOX: SymptomGroup.RASH, Disease.MEASLES: SymptomGroup.RASH,
    Disease.RUBELLA: SymptomGroup.RASH, Disease.SCARLET_FEVER: SymptomGroup.RASH, Disease.HERPANGINA: SymptomGroup.RASH,
    Disease.INFLUENZA: SymptomGroup.FEVER, Disease.COVID: SymptomGroup.RESPIRATORY, Disease.PERTUSSIS: SymptomGroup.RESPIRATORY,
    Disease.TUBERCULOSIS: SymptomGroup.RESPIRATORY, Disease.MUMPS: SymptomGroup.FEVER,
    Disease.NOROVIRUS: SymptomGroup.DIGESTIVE, Disease.HEPATITIS_A: SymptomGroup.DIGESTIVE,
    Disease.CONJUNCTIVITIS: SymptomGroup.EYE, Disease.OTHER: SymptomGroup.OTHER,
}


class OutbreakRule(models.TextChoices):
    DAY = "day", _("Cases in one day")
    WINDOW = "window", _("Cases over several days")
    DISEASE = "disease", _("Cluster of one disease")


class GrowthStandard(models.TextChoices):
    WHO = "who", _("WHO 2006 / 2007")
    WST423 = "wst423", _("WS/T 423-2022 (China)")


class Indicator(models.TextChoices):
    WFA = "wfa", _("Weight-for-age")
    HFA = "hfa", _("Height-for-age")
    WFH = "wfh", _("Weight-for-height")
    BMI = "bmi", _("BMI-for-age")
    WFL = "wfl", _("Weight-for-length (under 24 months)")


class Sex(models.TextChoices):
    BOY = "M", _("Boy")
    GIRL = "F", _("Girl")


class WeightStatus(models.TextChoices):
    WASTING = "wasting", _("Wasting")
    NORMAL = "normal", _("Normal")
    OVERWEIGHT = "overweight", _("Overweight")
    OBESE = "obese", _("Obesity")
    SEVERELY_OBESE = "severely_obese", _("Severe obesity")
    UNKNOWN = "unknown", _("Not assessed")


OBESE_STATUSES = {WeightStatus.OBESE, WeightStatus.SEVERELY_OBESE}


class MeasuringPosition(models.TextChoices):
    """How the length/height was measured (WHO: lying under 731 days, standing from it; the other
    position is corrected by 0.7 cm before scoring). Values are health.growth.LYING / STANDING."""

    LYING = "lying", _("Lying (length)")
    STANDING = "standing", _("Standing (height)")


class WeakReason(models.TextChoices):
    ANAEMIA = "anaemia", _("Anaemia")
    MALNUTRITION = "malnutrition", _("Malnutrition")
    OBESITY = "obesity", _("Obesity")
    OTHER = "other", _("Other")


class ExamKind(models.TextChoices):
    ENTRY = "entry", _("Entry health certificate")
    YEARLY = "yearly", _("Yearly exam")
    REEXAM = "reexam", _("Re-exam after a long absence")
