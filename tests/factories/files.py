"""File factories: spreadsheets to import and images to upload, as bytes."""

import io


def make_xlsx(rows, headers=None, title=None) -> bytes:
    """A workbook whose first sheet has ``title`` (a line of its own), ``headers``, then ``rows``."""
    from openpyxl import Workbook

    wb = Workbook()
    for line in ([[title]] if title else []) + ([headers] if headers else []) + list(rows):
        wb.active.append(line)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def make_image(fmt="PNG", size=(8, 8), color="white") -> bytes:
    """An image (a receipt photo, a scan)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()
