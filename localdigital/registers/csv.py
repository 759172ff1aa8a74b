"""The one CSV writer every register uses."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from django.http import StreamingHttpResponse

# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)

# Rows written into each piece of the streamed body: a piece a row made the server write 10,000 times.
ROWS_A_PIECE = 500


def _cell(value) -> str:
    """One value as CSV text: lists joined with semicolons, dates as YYYY-MM-DD."""
    if value.__class__ is str:  # most cells: the quick way
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """Stream `rows` as a UTF-8 CSV download with a header row."""

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(header)
        for number, row in enumerate(rows, 1):
            writer.writerow([_cell(value) for value in row])
            if number % ROWS_A_PIECE == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
