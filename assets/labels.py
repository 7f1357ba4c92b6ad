"""QR labels: each encodes the absolute address of its asset's page, so any phone camera opens it
(after the login page, for a phone not logged in). An A4 sheet of 3 × 8 labels (70 × 37 mm, the usual
label paper): QR code, asset code, name and campus."""

from urllib.parse import urlsplit

import segno
from django.conf import settings

COLUMNS, ROWS = 3, 8
LABEL_WIDTH_MM, LABEL_HEIGHT_MM, TOP_MM = 70, 37, 0.5
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


def qr_png_data_uri(url: str) -> str:
    """The same QR code as a PNG of one pixel per module, for the label sheet: printed with
    ``image-rendering: pixelated`` it is as sharp as the SVG, and WeasyPrint embeds a PNG in a fraction of
    the time it takes to draw an SVG (a 1,000-label sheet spent a third of its time drawing them)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=0)


def cell_positions() -> list[tuple[int, str]]:
    """(index, CSS ``left``/``top`` in mm) of each label on a sheet, row by row: the sheet is laid out
    with absolute positions, not a CSS grid of flex boxes (WeasyPrint spent half of a sheet's time
    sizing the grid's tracks and the flex items)."""
    return [(row * COLUMNS + column, f"left: {column * LABEL_WIDTH_MM}mm; top: {TOP_MM + row * LABEL_HEIGHT_MM}mm")
            for row in range(ROWS) for column in range(COLUMNS)]


def sheet_pages(assets, request=None) -> list[list[dict]]:
    """Labels in pages of ``PER_PAGE``: each ``{"code", "name", "campus", "qr"}``."""
    labels = [
        {"code": asset.code, "name": asset.name, "campus": asset.campus.name, "qr": qr_png_data_uri(asset_url(asset, request))}
        for asset in assets
    ]
    return [labels[start:start + PER_PAGE] for start in range(0, len(labels), PER_PAGE)]


def sheet_pdf(pages: list[list[dict]]) -> bytes:
    """The A4 label sheets of ``pages`` (from ``sheet_pages``) as a PDF."""
    from campus.pdf import render_pdf

    return render_pdf("assets/print_labels.html", {"pages": pages, "cells": cell_positions()})
