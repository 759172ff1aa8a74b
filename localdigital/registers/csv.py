"""The one CSV writer every register uses."""

import csv
from collections.abc import Iterable, Sequence
from datetime import date

from django.http import StreamingHttpResponse

# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    """One value as CSV text: lists joined with semicolons, dates as YYYY-MM-DD."""
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
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
