"""PDFs with WeasyPrint: A4, Chinese fonts embedded (Noto Sans CJK or WenQuanYi, from Debian),
text extractable. Templates extend ``print/base.html``."""

import gc
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import escape_uri_path


@contextmanager
def without_cyclic_gc():
    """WeasyPrint's layout makes ~2,000 short-lived boxes a page; the cyclic collector walking them
    cost a third of the layout time of a 50-page document. Nothing they form needs it before the
    document is written, so it is off meanwhile (and back on after, whatever happens)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    with without_cyclic_gc():
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdfs(template_name: str, contexts: list[dict]) -> list[bytes]:
    """Many documents with one font setup: WeasyPrint's FontConfiguration is shared."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with without_cyclic_gc():
        return [
            HTML(string=render_to_string(template_name, ctx), base_url=str(settings.BASE_DIR)).write_pdf(font_config=fonts)
            for ctx in contexts
        ]


def pdf_response(content: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
