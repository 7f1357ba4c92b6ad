"""Reading an uploaded .xlsx without letting it take the worker down.

An xlsx is a zip of XML parts: 500 KB on the wire can be hundreds of megabytes of XML, and one
cell in column XFD makes every row 16,384 cells wide. Every xlsx import (the roster, the ingredient
table, django-import-export in the admin) goes through here:

1. ``check_xlsx``: before anything is parsed, the zip's central directory (member count, each
   part's and the total unpacked size, each part's packing ratio) and each sheet's
   ``<dimension>`` (rows, columns) are checked against the ``XLSX_*`` settings. Python's zipfile
   never inflates a part past the size its directory declares, so these numbers hold.
2. ``parse_bounded``: the parse runs in a forked child whose address space is capped
   (``RLIMIT_AS``, ``XLSX_PARSE_MEMORY_MB`` above what the worker already has) and whose time is
   capped (``XLSX_PARSE_SECONDS``). What the parse allocates goes when the child exits; only the
   rows come back. Running out of either is a form error, never a 500.
3. ``limited_rows``: the rows and columns are counted again while reading (a sheet need not have a
   ``<dimension>``, and it may lie).

``XlsxRejected`` is a ``ValidationError`` with a message for the person who uploaded the file.
"""

import io
import os
import pickle
import re
import select
import signal
import time
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

MB = 1024 * 1024
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


class XlsxRejected(ValidationError):
    pass


def _too_big(max_rows: int | None = None) -> XlsxRejected:
    return XlsxRejected(_("This spreadsheet is too large to read. Split it into smaller files (at most %(rows)d rows "
                          "and %(columns)d columns each).")
                        % {"rows": max_rows or settings.XLSX_MAX_ROWS, "columns": settings.XLSX_MAX_COLUMNS},
                        code="xlsx_too_big")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_xlsx(content: bytes) -> None:
    """Refuse ``content`` unless it is a zip whose unpacked parts and sheets are within the limits."""
    if len(content) > settings.UPLOAD_SHEET_MAX_MB * MB:
        raise XlsxRejected(_("The file is larger than %(size)d MB.") % {"size": settings.UPLOAD_SHEET_MAX_MB},
                           code="file_too_large")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise XlsxRejected(_("This file could not be read. Please upload an Excel .xlsx file."), code="not_xlsx") from None
    with archive:
        if len(members) > settings.XLSX_MAX_MEMBERS:
            raise _too_big()
        if sum(info.file_size for info in members) > settings.XLSX_MAX_INFLATED_MB * MB:
            raise _too_big()
        for info in members:
            if info.file_size > settings.XLSX_MAX_MEMBER_MB * MB:
                raise _too_big()
            if info.file_size > MB and info.file_size > settings.XLSX_MAX_RATIO * max(info.compress_size, 1):
                raise _too_big()
        for info in members:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_dimension(archive, info)


def _check_dimension(archive, info) -> None:
    """The sheet's ``<dimension ref="A1:F250"/>``, near the start of its XML (only that much is inflated)."""
    try:
        with archive.open(info) as part:
            head = part.read(4096)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise XlsxRejected(_("This file could not be read. Please upload an Excel .xlsx file."), code="not_xlsx") from None
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_letters, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    if (last_row and int(last_row) > settings.XLSX_MAX_ROWS) or (
            last_letters and _column_number(last_letters.decode()) > settings.XLSX_MAX_COLUMNS):
        raise _too_big()


def limited_rows(rows, *, numbered: bool = False, max_rows: int | None = None):
    """Pass ``rows`` (sequences of cell values; with ``numbered``, ``(row number, values)`` pairs)
    through, refusing a sheet with more rows or columns than the limits allow. Empty cells at the
    right (a formatted column far away) do not count."""
    max_rows, max_columns = min(max_rows or settings.XLSX_MAX_ROWS, settings.XLSX_MAX_ROWS), settings.XLSX_MAX_COLUMNS
    for count, row in enumerate(rows, start=1):
        values = row[1] if numbered else row
        if count > max_rows or (len(values) > max_columns and any(v is not None for v in values[max_columns:])):
            raise _too_big(max_rows)
        yield row


# --- a parse in a child process with a memory and a time ceiling -------------------------------------------


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def parse_bounded(func, *args):
    """``func(*args)`` in a forked child with at most ``XLSX_PARSE_MEMORY_MB`` more address space
    and ``XLSX_PARSE_SECONDS`` of time; its result (pickled) or its exception comes back. Where
    there is no fork (or the setting is 0) it runs here."""
    ceiling = settings.XLSX_PARSE_MEMORY_MB * MB
    if ceiling <= 0 or not hasattr(os, "fork"):
        return func(*args)
    import resource

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send the result, leave without running any cleanup of the parent's
        status = 0
        try:
            os.close(read_fd)
            limit = _address_space() + ceiling
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                payload = ("ok", func(*args))
            except MemoryError:
                payload = ("memory", None)
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                payload = ("error", exc)
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle, or no memory left
                data = pickle.dumps(("memory", None))
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001 - whatever happens, the child must not return into Django
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks, deadline, timed_out = [], time.monotonic() + settings.XLSX_PARSE_SECONDS, False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, MB)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if timed_out:
        raise XlsxRejected(_("Reading this spreadsheet took too long. Split it into smaller files."), code="xlsx_slow")
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - the child died (out of memory in C code): no answer
        raise _too_big() from None
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    raise _too_big()


# --- a sheet as a tablib Dataset (the ingredient table, django-import-export) -------------------------------


def _dataset_from_xlsx(content: bytes, max_rows: int | None = None):
    """The first sheet as a tablib Dataset, the first row as headers (as tablib reads it), within the limits."""
    import tablib
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a lying <dimension> must not widen every row
        rows = [list(row) for row in limited_rows(sheet.iter_rows(values_only=True), max_rows=max_rows)]
    finally:
        book.close()
    dataset = tablib.Dataset()
    if not rows:
        return dataset
    width = max(len(row) for row in rows)
    while width and all(len(row) < width or row[width - 1] is None for row in rows):
        width -= 1  # empty columns at the right
    rows = [(row + [None] * width)[:width] for row in rows]
    dataset.headers = rows[0]
    for row in rows[1:]:
        dataset.append(row)
    return dataset


def read_xlsx_dataset(content: bytes, max_rows: int | None = None):
    """Check, then read in a bounded child: a tablib Dataset (at most ``max_rows`` sheet rows, if
    given, else ``XLSX_MAX_ROWS``). Raises XlsxRejected for a bad file."""
    check_xlsx(content)
    try:
        return parse_bounded(_dataset_from_xlsx, content, max_rows)
    except XlsxRejected:
        raise
    except Exception:  # noqa: BLE001 - zip, XML and openpyxl errors all mean the same to the user
        raise XlsxRejected(_("This file could not be read. Please upload an Excel .xlsx file."), code="not_xlsx") from None


class SafeXLSX(XLSX):
    """django-import-export's XLSX format, reading through ``read_xlsx_dataset`` and writing texts as
    text. Every ImportExport admin lists ``SAFE_FORMATS``."""

    def create_dataset(self, in_stream):
        return read_xlsx_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        from .exports import dataset_xlsx

        return dataset_xlsx(dataset)


SAFE_FORMATS = [CSV, SafeXLSX]
