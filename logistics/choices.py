from django.db import models
from django.utils.translation import gettext_lazy as _


class StoreKind(models.TextChoices):
    GENERAL = "general", _("General store")
    FOOD = "food", _("Food store")
    CHEMICALS = "chemicals", _("Chemicals cabinet")


class ItemCategory(models.TextChoices):
    OFFICE = "office", _("Office supplies")
    CLEANING = "cleaning", _("Cleaning and daily goods")
    TEACHING = "teaching", _("Teaching aids and toys")
    BEDDING = "bedding", _("Bedding")
    MEDICAL = "medical", _("Medical supplies")
    FOOD = "food", _("Food store dry goods")
    CHEMICAL = "chemical", _("Hazardous chemicals and disinfectants")


class MoveKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ISSUE = "issue", _("Issue")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    ADJUSTMENT = "adjustment", _("Stocktake adjustment")
    WRITE_OFF = "write_off", _("Write-off")
    REVERSAL = "reversal", _("Reversal")


INBOUND = (MoveKind.RECEIPT, MoveKind.TRANSFER_IN)
OUTBOUND = (MoveKind.ISSUE, MoveKind.TRANSFER_OUT, MoveKind.WRITE_OFF)
