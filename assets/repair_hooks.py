"""What assets plugs into checklists (checklists.hooks, checklists.targets), from ``AssetsConfig.ready``:

- a failed answer of kind "repair" becomes a repair request at the run's place (not a generic
  follow-up), and the run shows its progress;
- a checklist template may repeat its questions for each asset of a category (maintenance rhythms:
  air conditioners before summer and winter, fire extinguishers monthly), each asset with its answer,
  or check one asset (the boiler, the kitchen's disinfection cabinet, the lift).
"""

from django.utils.translation import gettext_lazy as _

from checklists.choices import FollowUpKind
from checklists.hooks import register_anomaly_handler
from checklists.targets import TargetKind, register_target_kind

TARGET_KIND = "assets.category"  # assets.services.repairs.TARGET_KIND
ASSET_KIND = "assets.asset"  # assets.services.repairs.ASSET_KIND


def _category_choices(campus) -> list[tuple[str, str]]:
    from .services import repairs

    return repairs.category_choices(campus)


def _category_assets(campus, value) -> list[tuple[str, str]]:
    from .services import repairs

    return repairs.category_targets(campus, value)


def _asset_choices(campus) -> list[tuple[str, str]]:
    from .services import repairs

    return repairs.asset_choices(campus)


def _one_asset(campus, value) -> list[tuple[str, str]]:
    from .services import repairs

    return repairs.asset_target(campus, value)


def _asset_text(campus, value) -> str:
    from .services import repairs

    return repairs.asset_text(campus, value)


def _repair_from_anomaly(**kwargs):
    from .services import repairs

    return repairs.repair_from_anomaly(**kwargs)


def register() -> None:
    register_anomaly_handler(FollowUpKind.REPAIR, _repair_from_anomaly)
    register_target_kind(TargetKind(code=TARGET_KIND, label=_("Each asset of a category"),
                                    choices=_category_choices, targets=_category_assets))
    register_target_kind(TargetKind(code=ASSET_KIND, label=_("One asset"), choices=_asset_choices,
                                    targets=_one_asset, describe=_asset_text))
