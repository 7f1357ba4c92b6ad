"""QR labels: each encodes the absolute address of its asset's page, so any phone camera opens it
(after the login page, for a phone not logged in). An A4 sheet of 3 × 8 labels (70 × 37 mm, the usual
label paper): QR code, asset code, name and campus."""

from urllib.parse import urlsplit

import segno
from django.conf import settings

COLUMNS, ROWS = 3, 8
PER_PAGE = COLUMNS * ROWS
MAX_LABELS = 3000
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def site_root(request=None) -> str:
    """The site's address: ``SITE_URL``, unless it still names this machine and a request tells us the
    address people actually use."""
    configured = settings.SITE_URL.rstrip("/")
    if request is not None and (urlsplit(configured).hostname or "") in LOOPBACK:
        return request.build_absolute_uri("/").rstrip("/")
    return configured


def asset_url(asset, request=None) -> str:
    return site_root(request) + asset.get_absolute_url()


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (error correction M: a label may get scuffed)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=0, omitsize=False)


def sheet_pages(assets, request=None) -> list[list[dict]]:
    """Labels in pages of ``PER_PAGE``: each ``{"code", "name", "campus", "qr"}``."""
    labels = [
        {"code": asset.code, "name": asset.name, "campus": asset.campus.name, "qr": qr_data_uri(asset_url(asset, request))}
        for asset in assets
    ]
    return [labels[start:start + PER_PAGE] for start in range(0, len(labels), PER_PAGE)]
