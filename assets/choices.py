"""Choices of the assets app: categories (GB/T 14885), depreciation classes, statuses and the
states of transfers, loans, counts and write-offs. The repairs side adds its own below its marker."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopCategory(models.TextChoices):
    """GB/T 14885 (固定资产分类与代码) top level; each campus adds its own categories under these."""

    LAND = "land", _("Land, buildings and structures")
    GENERAL = "general", _("General equipment")
    SPECIAL = "special", _("Special equipment")
    RELICS = "relics", _("Cultural relics and exhibits")
    BOOKS = "books", _("Books and archives")
    FURNITURE = "furniture", _("Furniture and fittings")


class LifeClass(models.TextChoices):
    """Rows of 财会〔2017〕4号 表1 (minimum depreciation lives); the years are campus settings."""

    OFFICE = "office", _("Computers and office equipment")
    VEHICLE = "vehicle", _("Vehicles")
    MECHANICAL = "mechanical", _("Mechanical equipment")
    ELECTRICAL = "electrical", _("Electrical equipment")
    AUDIOVISUAL = "audiovisual", _("Communication and audio-visual equipment")
    INSTRUMENT = "instrument", _("Instruments and meters")
    ARCHIVE = "archive", _("Book and archive equipment")
    FURNITURE = "furniture", _("Furniture")
    FITTINGS = "fittings", _("Fittings")
    BUILDING = "building", _("Buildings and structures")
    NONE = "none", _("Not depreciated")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    UNDER_REPAIR = "repair", _("Under repair")
    LENT = "lent", _("Lent")
    DISPOSED = "disposed", _("Disposed")


class FundingSource(models.TextChoices):
    FISCAL = "fiscal", _("Government funds")
    OWN = "own", _("Own funds")
    DONATION = "donation", _("Donation")
    OTHER = "other", _("Other")


class RepairRoute(models.TextChoices):
    """Who a repair request goes to first (campus setting)."""

    ASSET_MANAGER = "asset_manager", _("Asset manager")
    LOGISTICS = "logistics_head", _("Logistics head")


class RepairUrgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Can wait")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the receiver")
    CONFIRMED = "confirmed", _("Received")
    REFUSED = "refused", _("Refused by the receiver")
    CANCELLED = "cancelled", _("Cancelled")


class CountStatus(models.TextChoices):
    OPEN = "open", _("Counting")
    FINISHED = "finished", _("Finished")


class DifferenceKind(models.TextChoices):
    MISSING = "missing", _("Missing")
    EXTRA = "extra", _("Not on the list")
    WRONG_PLACE = "wrong_place", _("In the wrong place")


class Resolution(models.TextChoices):
    FOUND = "found", _("Found")
    MOVED = "moved", _("Moved here (register corrected)")
    LOST = "lost", _("Lost: written off")


class WriteOffKind(models.TextChoices):
    SCRAP = "scrap", _("Scrapped (报废)")
    LOSS = "loss", _("Lost or damaged (报损)")


class WriteOffStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the director")
    SECOND = "second", _("Awaiting the second approver")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
