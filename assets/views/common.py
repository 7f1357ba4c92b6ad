"""What the assets pages share."""

VIEW = "assets.view_asset"  # every staff role may open an asset's page (reached by scanning its label)
MANAGE = "assets.change_asset"  # the asset manager and the logistics head
BOOKS = "assets.view_category"  # the registers and reports: the keepers and the director, not every viewer
