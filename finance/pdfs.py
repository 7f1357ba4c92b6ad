"""The finance PDFs: each child's monthly statement, the canteen account disclosure (伙食账目公示)
and the monthly finance report, from templates extending ``print/base.html`` (campus.pdf).

Month close renders the statements in batches: each batch is ONE HTML document (one parse, one
font setup, one layout, one write) whose pages are split into one PDF per child (with poppler's
pdfseparate when installed, else by writing each page range), and batches are rendered by
a pool of ``FINANCE_PDF_WORKERS`` processes (environment, default 2). The workers only turn
contexts into bytes; the database is read and written by the caller. Statements use WenQuanYi
Micro Hei first (a TrueType font: subsetting it per PDF is several times cheaper than the CFF
Noto CJK, and the files are ~20 KB instead of ~250 KB). See ``bench/finance_month_close.py``.
"""

import datetime as dt
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from campus.pdf import render_pdf

from .models import Bill, FinanceSettings
from .services import refund_rule_text


def statement_context(bill: Bill, rule_text: str | None = None) -> dict:
    lines = list(bill.lines.all())
    for line in lines:
        line.day_list = [dt.date.fromisoformat(d) for d in line.days] if line.kind == "meal_refund" else []
    if rule_text is None:
        rule_text = refund_rule_text(FinanceSettings.for_campus(bill.campus))
    return {"bill": bill, "child": bill.child, "campus": bill.campus, "lines": lines, "rule_text": rule_text,
            "printed_on": timezone.localdate()}


def render_statement(bill: Bill, request=None) -> bytes:
    return render_pdf("finance/print/statement.html", statement_context(bill), request=request)


def statement_filename(bill: Bill) -> str:
    return f"statement-{bill.month:%Y-%m}-{bill.child_id}.pdf"


def pdf_workers() -> int:
    try:
        return max(1, int(os.environ.get("FINANCE_PDF_WORKERS", "2")))
    except ValueError:
        return 1


def _statement_contexts(bills: list[Bill]) -> list[dict]:
    rule_texts = {}
    contexts = []
    for bill in bills:
        if bill.campus_id not in rule_texts:
            rule_texts[bill.campus_id] = refund_rule_text(FinanceSettings.for_campus(bill.campus))
        contexts.append(statement_context(bill, rule_texts[bill.campus_id]))
    return contexts


def _render_contexts(contexts: list[dict], language: str | None = None, font_config=None) -> list[bytes]:
    """One PDF per context, from one rendered document split at each statement's first page.
    Touches no database: safe in a worker process."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not contexts:
        return []
    with translation.override(language or translation.get_language()):
        html = render_to_string("finance/print/statements.html", {"statements": contexts})
    fonts = font_config or FontConfiguration()
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


def render_statements_batch(bills: list[Bill], font_config=None) -> list[bytes]:
    """One PDF per bill, rendered in this process."""
    return _render_contexts(_statement_contexts(bills), font_config=font_config)


def _render_chunks(chunks: list[list[Bill]], pool) -> list[list[bytes]]:
    if pool is None or len(chunks) < 2:
        return [render_statements_batch(chunk) for chunk in chunks]
    language = translation.get_language()
    contexts = [_statement_contexts(chunk) for chunk in chunks]
    return list(pool.map(_render_contexts, contexts, [language] * len(chunks)))


def render_missing_statements(campus, month, batch=50, progress=None, workers=None) -> int:
    """Render and store every statement of the month that has no PDF yet. Each round renders
    ``workers`` batches side by side and saves them in one transaction, so a killed worker only
    redoes its current round."""
    workers = workers or pdf_workers()
    if multiprocessing.current_process().daemon:
        workers = 1  # a daemonic process may not start children
    pool = None
    if workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    rendered = 0
    try:
        while True:
            bills = list(
                Bill.objects.filter(campus=campus, month=month, pdf="").select_related("child__classroom", "campus")
                .prefetch_related("lines").order_by("child__classroom__name", "child__name", "pk")[: batch * workers]
            )
            if not bills:
                return rendered
            chunks = [bills[i:i + batch] for i in range(0, len(bills), batch)]
            results = _render_chunks(chunks, pool)
            with transaction.atomic():
                for chunk, pdf_list in zip(chunks, results, strict=True):
                    for bill, content in zip(chunk, pdf_list, strict=True):
                        bill.pdf.save(statement_filename(bill), ContentFile(content), save=False)
                        Bill.objects.filter(pk=bill.pk, pdf="").update(pdf=bill.pdf.name)
            rendered += len(bills)
            if progress:
                progress(Bill.objects.filter(campus=campus, month=month, pdf="").count())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def render_canteen(account, request=None) -> bytes:
    from .reports import canteen_context

    return render_pdf("finance/print/canteen.html", canteen_context(account), request=request)


def render_report(report, request=None) -> bytes:
    return render_pdf("finance/print/report.html", {"report": report, "printed_on": timezone.localdate()}, request=request)
