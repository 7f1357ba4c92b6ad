"""The finance PDFs: each child's monthly statement, the canteen account disclosure (伙食账目公示)
and the monthly finance report, from templates extending ``print/base.html`` (campus.pdf).

Month close renders all statements of a campus as ONE HTML document (one layout pass, one font
setup) and splits its pages into one PDF per child: about 4× faster than one WeasyPrint run per
child (``bench/finance_month_close.py``).
"""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

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


def render_statements_batch(bills: list[Bill], font_config=None) -> list[bytes]:
    """One PDF per bill, from one rendered document split at each statement's first page."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not bills:
        return []
    rule_texts = {}
    contexts = []
    for bill in bills:
        if bill.campus_id not in rule_texts:
            rule_texts[bill.campus_id] = refund_rule_text(FinanceSettings.for_campus(bill.campus))
        contexts.append(statement_context(bill, rule_texts[bill.campus_id]))
    html = render_to_string("finance/print/statements.html", {"statements": contexts})
    fonts = font_config or FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=fonts)
    starts = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("bill-") and anchor not in starts:
                starts[anchor] = index
    order = [starts[f"bill-{bill.pk}"] for bill in bills]
    ends = order[1:] + [len(document.pages)]
    return [document.copy(document.pages[start:end]).write_pdf() for start, end in zip(order, ends, strict=True)]


def render_missing_statements(campus, month, batch=50, progress=None) -> int:
    """Render and store every statement of the month that has no PDF yet, ``batch`` at a time;
    each batch is saved in its own transaction, so a killed worker only redoes its current batch."""
    rendered = 0
    while True:
        bills = list(
            Bill.objects.filter(campus=campus, month=month, pdf="").select_related("child__classroom", "campus")
            .prefetch_related("lines").order_by("child__classroom__name", "child__name", "pk")[:batch]
        )
        if not bills:
            return rendered
        pdfs = render_statements_batch(bills)
        with transaction.atomic():
            for bill, content in zip(bills, pdfs, strict=True):
                bill.pdf.save(statement_filename(bill), ContentFile(content), save=False)
                Bill.objects.filter(pk=bill.pk, pdf="").update(pdf=bill.pdf.name)
        rendered += len(bills)
        if progress:
            remaining = Bill.objects.filter(campus=campus, month=month, pdf="").count()
            progress(remaining)


def render_canteen(account, request=None) -> bytes:
    from .reports import canteen_context

    return render_pdf("finance/print/canteen.html", canteen_context(account), request=request)


def render_report(report, request=None) -> bytes:
    return render_pdf("finance/print/report.html", {"report": report, "printed_on": timezone.localdate()}, request=request)
