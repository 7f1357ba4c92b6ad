"""The assets app's models, one module per area; every public name is re-exported here.
The register side: ``register`` (settings, categories, assets, photos), ``moves``, ``counts``,
``writeoffs``. The repairs side adds ``repairs`` and appends its import below."""

from .counts import Count, CountDifference, CountScan
from .moves import Loan, Transfer
from .register import CENT, Asset, AssetPhoto, AssetSettings, Category
from .writeoffs import WriteOff, WriteOffLine, WriteOffPhoto

__all__ = [
    "CENT", "Asset", "AssetPhoto", "AssetSettings", "Category", "Count", "CountDifference", "CountScan", "Loan",
    "Transfer", "WriteOff", "WriteOffLine", "WriteOffPhoto",
]
# repairs: from .repairs import ...  (appended by the repairs side)
from .repairs import RepairRequest  # noqa: E402 (the repairs side's line)

__all__ += ["RepairRequest"]
