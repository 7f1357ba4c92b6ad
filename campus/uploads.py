"""What an uploaded file may be, checked by its content, never by its name.

Every FileField/ImageField of the project carries an ``UploadValidator`` naming the kinds it
accepts: ``"image"`` (decoded with Pillow; JPEG, PNG, GIF or WebP only — never SVG, which is a
document that can carry script) and ``"pdf"`` (a ``%PDF-`` header). Each kind has a size limit
(``UPLOAD_IMAGE_MAX_MB``, ``UPLOAD_PDF_MAX_MB``), a field may set a smaller one. Forms that are not
ModelForms build their field with ``upload_field``. ``stored_kind`` is what ``campus.views.media``
asks before serving a stored file inline.
"""

import threading

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

IMAGE, PDF = "image", "pdf"
# Pillow format name -> the content type the file is served with.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"
ACCEPT = {IMAGE: "image/jpeg,image/png,image/gif,image/webp", PDF: "application/pdf,.pdf"}
MB = 1024 * 1024


def limit_bytes(kind: str) -> int:
    """The size limit of ``kind`` from the settings (read at each check, so tests may change it)."""
    return (settings.UPLOAD_IMAGE_MAX_MB if kind == IMAGE else settings.UPLOAD_PDF_MAX_MB) * MB


def _rewind(upload):
    try:
        upload.seek(0)
    except (AttributeError, OSError, ValueError):
        upload.open("rb")


def _head(upload, size: int = 16) -> bytes:
    _rewind(upload)
    head = upload.read(size)
    _rewind(upload)
    return head or b""


def is_pdf(head: bytes) -> bool:
    # Acrobat accepts the header within the first 1024 bytes; we ask for it at the start.
    return head.startswith(b"%PDF-")


_STRICT_DECODING = threading.Lock()


def image_format(upload, *, decode: bool) -> str | None:
    """The Pillow format name of an image we accept, or None. ``decode``: read every pixel (a
    truncated or corrupt image fails); otherwise only the header is read."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    _rewind(upload)
    try:
        with Image.open(upload, formats=list(IMAGE_TYPES)) as image:
            fmt = image.format
            width, height = image.size
            if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
                return None
            if decode:
                if fmt == "JPEG":
                    image.draft("RGB", (1024, 1024))  # decode at a reduced scale: every block, little memory
                with _STRICT_DECODING:  # WeasyPrint sets LOAD_TRUNCATED_IMAGES for the whole process on import
                    strict, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
                    try:
                        image.load()
                    finally:
                        ImageFile.LOAD_TRUNCATED_IMAGES = strict
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        return None
    finally:
        _rewind(upload)
    return fmt if fmt in IMAGE_TYPES else None


def validate_upload(upload, kinds=(IMAGE,), max_mb: int | None = None) -> str:
    """Check ``upload`` against ``kinds``; return the kind it is. Raise ValidationError with a
    message for the person uploading it."""
    kinds = tuple(kinds)
    limits = {kind: (max_mb * MB if max_mb else limit_bytes(kind)) for kind in kinds}
    size = upload.size
    if size > max(limits.values()):
        raise ValidationError(_("The file is larger than %(size)d MB.") % {"size": max(limits.values()) // MB},
                              code="file_too_large")
    found = None
    if PDF in kinds and is_pdf(_head(upload)):
        found = PDF
    elif IMAGE in kinds and image_format(upload, decode=True):
        found = IMAGE
    if found is None:
        if kinds == (IMAGE,):
            message = _("This file is not a photo. Upload a JPEG, PNG, GIF or WebP image.")
        elif kinds == (PDF,):
            message = _("This file is not a PDF.")
        else:
            message = _("Upload a photo (JPEG, PNG, GIF or WebP) or a PDF; other files are not accepted.")
        raise ValidationError(message, code="file_type")
    if size > limits[found]:
        raise ValidationError(_("The file is larger than %(size)d MB.") % {"size": limits[found] // MB},
                              code="file_too_large")
    return found


@deconstructible
class UploadValidator:
    """A model or form field validator: ``UploadValidator((IMAGE, PDF))``."""

    def __init__(self, kinds=(IMAGE,), max_mb: int | None = None):
        self.kinds = tuple(kinds)
        self.max_mb = max_mb

    def __call__(self, upload):
        if upload:
            validate_upload(upload, self.kinds, self.max_mb)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)

    def __hash__(self):
        return hash((self.kinds, self.max_mb))


def accept_attr(kinds) -> str:
    return ",".join(ACCEPT[kind] for kind in kinds)


def upload_field(kinds=(IMAGE,), *, max_mb: int | None = None, capture: bool = False, **kwargs) -> forms.FileField:
    """A form FileField that accepts only ``kinds`` (the browser's picker is told so too)."""
    attrs = {"accept": accept_attr(kinds)}
    if capture:
        attrs["capture"] = "environment"
    kwargs.setdefault("widget", forms.ClearableFileInput(attrs=attrs))
    return forms.FileField(validators=[UploadValidator(kinds, max_mb)], **kwargs)


def stored_kind(fileobj) -> tuple[str, str] | None:
    """``(kind, content type)`` of a stored file that may be shown in the browser: an image we
    accept (its header read by Pillow) or a PDF. None for anything else."""
    if is_pdf(_head(fileobj)):
        return PDF, PDF_TYPE
    fmt = image_format(fileobj, decode=False)
    if fmt:
        return IMAGE, IMAGE_TYPES[fmt]
    return None
