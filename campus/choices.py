from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    NURSERY = "nursery", _("Nursery (托班)")
    SMALL = "small", _("Small class (小班)")
    MIDDLE = "middle", _("Middle class (中班)")
    LARGE = "large", _("Large class (大班)")


class PlaceKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    KITCHEN = "kitchen", _("Kitchen")
    STORE = "store", _("Storeroom")
    OFFICE = "office", _("Office")
    CLINIC = "clinic", _("Health room")
    HALL = "hall", _("Hall")
    GATE = "gate", _("Gatehouse")
    OUTDOOR = "outdoor", _("Playground and grounds")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    BOY = "M", _("Boy")
    GIRL = "F", _("Girl")


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDPARENT = "grandparent", _("Grandparent")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other guardian")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    ABSENT = "absent", _("Absent without notice")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKDAY = "workday", _("School day")


class CertificateKind(models.TextChoices):
    HEALTH = "health", _("Health certificate")
    NURSERY = "nursery", _("Nursery staff qualification")
    COOK = "cook", _("Cook qualification")
    TEACHER = "teacher", _("Teacher qualification")
    FIRST_AID = "first_aid", _("First aid certificate")
    OTHER = "other", _("Other")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Open-ended contract")
    FIXED = "fixed", _("Fixed-term contract")
    PART_TIME = "part_time", _("Part-time")
    DISPATCHED = "dispatched", _("Agency staff")
    RETIRED = "rehired", _("Rehired retiree")


class NoticeKind(models.TextChoices):
    """Every kind of alert the notification service sends (``campus.notifications.notify``). A new
    department adds its kinds here; each person chooses per kind whether it also comes by e-mail."""

    OUTBREAK = "health.outbreak", _("Outbreak alert")
    SUPPLIER_PAPERS = "kitchen.supplier_papers", _("Supplier papers about to expire")
    FOLLOW_UP = "checklists.follow_up", _("Follow-up assigned")
    RUN_DUE = "checklists.run_due", _("Checklist due soon")
    RUN_OVERDUE = "checklists.run_overdue", _("Checklist overdue")
    LOW_STOCK = "logistics.low_stock", _("Stock below its minimum")
    STOCK_EXPIRY = "logistics.expiry", _("Stock near or past its expiry date")
    STORES_APPROVAL = "logistics.approval", _("Purchase or requisition waiting for approval")
    REPAIR = "assets.repair", _("Repair request assigned or overdue")
    ASSET_TRANSFER = "assets.transfer", _("Asset transfer to confirm")
    WRITE_OFF = "assets.write_off", _("Write-off waiting for approval")
    VISITORS_ON_SITE = "safety.visitors_on_site", _("Visitors still on site at closing time")
    NOT_PICKED_UP = "safety.not_picked_up", _("Children not yet picked up")
    PICKUP_REFUSED = "safety.pickup_refused", _("Pickup refused or restricted person at the gate")
    HAZARD = "safety.hazard", _("Hazard reported or overdue")
    DRILL_DUE = "safety.drill_due", _("Drill due this quarter")
    SAFETY_LETTER = "safety.letter", _("Safety responsibility letter to sign")
    LEAVE_REQUEST = "family.leave", _("Leave request from a parent")
    NOTICE = "family.notice", _("Notice to families")
    MEAL_FEEDBACK = "family.meal_feedback", _("Parents' meal feedback")
    MEDICATION_DUE = "health.medication_due", _("Medicine due soon and not yet given")
    MONTH_CLOSED = "finance.month_closed", _("Month close finished")
    STAFF_CERTIFICATE = "campus.staff_certificate", _("Staff certificate expiring or expired")
    DIGEST = "campus.digest", _("Daily digest")


# Whether a kind comes by e-mail for someone who has not chosen: the urgent ones do; checklist
# reminders (every 15 minutes, many a day) stay in the app unless the person asks for them.
EMAIL_BY_DEFAULT = {
    NoticeKind.OUTBREAK, NoticeKind.SUPPLIER_PAPERS, NoticeKind.FOLLOW_UP, NoticeKind.NOT_PICKED_UP,
    NoticeKind.PICKUP_REFUSED, NoticeKind.VISITORS_ON_SITE, NoticeKind.STAFF_CERTIFICATE,
}


class Channel(models.TextChoices):
    """Channels beyond the in-app bell (which is the recipient row itself). Each has a sender in
    ``campus.notifications.CHANNELS``; a later channel (企业微信, 钉钉) is one more entry."""

    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


# Alerts that cannot wait for the morning: sent to group robots even during quiet hours. A medicine
# reminder is for a dose due within minutes (a campus's quiet hours may cover the nap at noon).
URGENT_KINDS = frozenset({
    NoticeKind.OUTBREAK, NoticeKind.NOT_PICKED_UP, NoticeKind.PICKUP_REFUSED, NoticeKind.VISITORS_ON_SITE,
    NoticeKind.MEDICATION_DUE,
})


class LeaveKind(models.TextChoices):
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the teacher")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
