"""The finance PDFs: each child's monthly statement, the canteen account disclosure (伙食账目公示)
and the monthly finance report, from templates extending ``print/base.html`` (campus.pdf).

Month close renders the statements in batches: each batch is ONE HTML document (one parse, one
font setup, one layout, one write) whose pages are split into one PDF per child (with poppler's
pdfseparate when installed, else by writing each page range), and batches are rendered by
a pool of ``FINANCE_PDF_WORKERS`` processes (a setting from the environment, default 2; billiard's pool, which a
Celery prefork worker may start). The workers only turn contexts into bytes; the database is read
and written by the caller. Statements use WenQuanYi
Micro Hei first (a TrueType font: subsetting it per PDF is several times cheaper than the CFF
Noto CJK, and the files are ~20 KB instead of ~250 KB). See ``bench/finance_month_close.py``.
"""

import base64
import datetime as dt
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

import billiard
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from campus.pdf import render_pdf, without_cyclic_gc
from campus.uploads import IMAGE, stored_kind

from .choices import BillLineKind
from .models import Bill, FinanceSettings
from .money import in_capitals
from .reports import canteen_context
from .services import refund_rule_text

logger = logging.getLogger(__name__)


def payment_qr_uri(settings_row: FinanceSettings) -> str:
    """The campus's payment QR code as a ``data:`` URI, for the PDF and the statement page alike
    (parents cannot open staff media files; the image is small). Empty when none is uploaded or
    the stored file is missing or no longer an image we accept."""
    if not settings_row.payment_qr:
        return ""
    try:
        with settings_row.payment_qr.open("rb") as handle:
            kind = stored_kind(handle)
            handle.seek(0)
            content = handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("Payment QR code of campus %s is missing", settings_row.campus_id)
        return ""
    if kind is None or kind[0] != IMAGE:
        return ""
    return f"data:{kind[1]};base64,{base64.b64encode(content).decode('ascii')}"


def statement_context(bill: Bill, rule_text: str | None = None, settings_row: FinanceSettings | None = None) -> dict:
    lines = list(bill.lines.all())
    for line in lines:
        line.day_list = [dt.date.fromisoformat(d) for d in line.days] if line.kind == BillLineKind.MEAL_REFUND else []
    if settings_row is None:
        settings_row = FinanceSettings.for_campus(bill.campus)
    if rule_text is None:
        rule_text = refund_rule_text(settings_row)
    return {"bill": bill, "child": bill.child, "campus": bill.campus, "lines": lines, "rule_text": rule_text,
            "printed_on": timezone.localdate(), "amount_in_capitals": in_capitals(abs(bill.amount_due)),
            "payment_instructions": settings_row.payment_instructions, "payment_qr": payment_qr_uri(settings_row)}


def render_statement(bill: Bill, request=None) -> bytes:
    return render_pdf("finance/print/statement.html", statement_context(bill), request=request)


def statement_filename(bill: Bill) -> str:
    return f"statement-{bill.month:%Y-%m}-{bill.child_id}.pdf"


def pdf_workers() -> int:
    return settings.FINANCE_PDF_WORKERS


def statement_contexts(bills: list[Bill]) -> list[dict]:
    per_campus = {}
    contexts = []
    for bill in bills:
        if bill.campus_id not in per_campus:
            row = FinanceSettings.for_campus(bill.campus)
            per_campus[bill.campus_id] = (refund_rule_text(row), row)
        rule_text, row = per_campus[bill.campus_id]
        contexts.append(statement_context(bill, rule_text, row))
    return contexts


def _render_contexts(contexts: list[dict], language: str | None = None, font_config=None) -> list[bytes]:
    """One PDF per context, from one rendered document split at each statement's first page.
    Touches no database: safe in a worker process."""
    from weasyprint.text.fonts import FontConfiguration

    if not contexts:
        return []
    with translation.override(language or translation.get_language()):
        html = render_to_string("finance/print/statements.html", {"statements": contexts})
    fonts = font_config or FontConfiguration()
    with without_cyclic_gc():
        return _layout_and_split(html, contexts, fonts)


def _layout_and_split(html: str, contexts: list[dict], fonts) -> list[bytes]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=fonts)
    starts = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("bill-") and anchor not in starts:
                starts[anchor] = index
    order = [starts[f"bill-{ctx['bill'].pk}"] for ctx in contexts]
    ends = order[1:] + [len(document.pages)]
    if shutil.which("pdfseparate") and shutil.which("pdfunite"):
        return _split_with_poppler(document.write_pdf(), order, ends)
    return [document.copy(document.pages[start:end]).write_pdf() for start, end in zip(order, ends, strict=True)]


def _split_with_poppler(pdf: bytes, order: list[int], ends: list[int]) -> list[bytes]:
    """Split one written PDF into statements with poppler's pdfseparate (a few ms a page): writing
    the whole document once and splitting it is ~3× cheaper than writing each statement (every
    WeasyPrint write subsets the fonts again)."""
    with tempfile.TemporaryDirectory(prefix="houqin-statements-") as folder:
        whole = Path(folder) / "all.pdf"
        whole.write_bytes(pdf)
        subprocess.run(["pdfseparate", str(whole), str(Path(folder) / "p-%d.pdf")], check=True, capture_output=True)
        result = []
        for start, end in zip(order, ends, strict=True):
            pages = [Path(folder) / f"p-{n + 1}.pdf" for n in range(start, end)]
            if len(pages) == 1:
                result.append(pages[0].read_bytes())
            else:
                joined = Path(folder) / f"s-{start}.pdf"
                subprocess.run(["pdfunite", *map(str, pages), str(joined)], check=True, capture_output=True)
                result.append(joined.read_bytes())
        return result


def store_statement(bill: Bill, content: bytes) -> None:
    """Write the bill's statement at its one fixed name (replacing a file a killed run left there)
    and tie it to the bill; a file that ends up tied to no bill is deleted at once."""
    name = bill.pdf.field.generate_filename(bill, statement_filename(bill))
    default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if not Bill.objects.filter(pk=bill.pk, pdf="").update(pdf=saved):
        if Bill.objects.filter(pk=bill.pk).values_list("pdf", flat=True).first() != saved:
            default_storage.delete(saved)
            return
    bill.pdf.name = saved


def render_statements_together(bills: list[Bill], batch: int = 25, progress=None) -> bytes:
    """All the bills' statements in ONE PDF (what the cashier prints for the teachers): half-A4 slips,
    two to a page with a cut line between (``print/slips.html``), laid out a batch at a time so ``progress(statements done)`` can report between batches, written once."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    documents = []
    with without_cyclic_gc():
        for start in range(0, len(bills), batch):
            contexts = statement_contexts(bills[start:start + batch])
            html = render_to_string("finance/print/slips.html", {"statements": contexts})  # half-A4, two a page
            documents.append(HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=fonts))
            if progress:
                progress(min(len(bills), start + batch))
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf()


def _render_job(job) -> list[bytes]:
    return _render_contexts(*job)


def render_statements_batch(bills: list[Bill], font_config=None) -> list[bytes]:
    """One PDF per bill, rendered in this process."""
    return _render_contexts(statement_contexts(bills), font_config=font_config)


def _render_document_job(job) -> bytes:
    """One whole document (the close's report or canteen account), in a pool process."""
    template, context, language = job
    with translation.override(language):
        return render_pdf(template, context)


def render_missing_statements(campus, month, batch=50, progress=None, workers=None, documents=(),
                              on_documents=None) -> int:
    """Render and store every statement of the month that has no PDF yet. The batches go to a pool
    of ``workers`` processes all at once (the pool stays busy while this process saves), and each
    batch is saved in its own transaction as it comes back, so a killed worker only redoes the
    batches it had not saved."""
    workers = workers or pdf_workers()
    language = translation.get_language()
    document_jobs = [(template, context, language) for template, context in documents]
    bills = list(
        Bill.objects.filter(campus=campus, month=month, pdf="").select_related("child__classroom", "campus")
        .prefetch_related("lines").order_by("child__classroom__name", "child__name", "pk")
    )
    if not bills:
        if document_jobs and on_documents:
            on_documents([_render_document_job(job) for job in document_jobs])
        return 0
    batch = max(1, min(batch, -(-len(bills) // workers)))  # a small campus still keeps every process busy
    chunks = [bills[i:i + batch] for i in range(0, len(bills), batch)]
    pool = None
    if workers > 1 and len(chunks) + len(document_jobs) > 1:
        # billiard (Celery's fork of multiprocessing): unlike the standard library, it lets a
        # Celery prefork worker, a daemonic process, start the pool.
        pool = billiard.get_context("fork").Pool(min(workers, len(chunks) + len(document_jobs)))
    try:
        pending_documents = None
        if pool is None:
            results = (render_statements_batch(chunk) for chunk in chunks)
        else:
            if document_jobs:  # queued first: the long documents run beside the statements
                pending_documents = pool.map_async(_render_document_job, document_jobs)
            results = pool.imap(_render_job, [(statement_contexts(chunk), language) for chunk in chunks])
        rendered = 0
        for chunk, pdf_list in zip(chunks, results, strict=True):
            with transaction.atomic():
                for bill, content in zip(chunk, pdf_list, strict=True):
                    store_statement(bill, content)
            rendered += len(chunk)
            if progress:
                progress(len(bills) - rendered)
        if document_jobs and on_documents:
            on_documents(pending_documents.get() if pending_documents is not None
                         else [_render_document_job(job) for job in document_jobs])
        logger.info("Statements %s %s: %d rendered by %d process(es)", campus.code, month, rendered,
                    1 if pool is None else min(workers, len(chunks) + len(document_jobs)))
        return rendered
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def render_canteen(account, request=None) -> bytes:
    return render_pdf("finance/print/canteen.html", canteen_context(account), request=request)


def render_report(report, request=None) -> bytes:
    return render_pdf("finance/print/report.html", {"report": report, "printed_on": timezone.localdate()}, request=request)
