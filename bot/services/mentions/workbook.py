"""Rows of an Excel workbook (.xlsx), as text cells, streamed.

Brandwatch, Meltwater and Talkwalker also deliver their exports as Excel files. The first sheet
is read in openpyxl's read-only mode, so a large export streams in bounded memory. Cells are
turned into the text a CSV export would hold: dates and times as ISO text (naive: the time the
sheet shows, read in the export's zone like any other stamp), whole numbers without `.0`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path


def cell_text(value: object) -> str:
    """One cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time() and value.tzinfo is None:
        return value.date().isoformat()  # a date cell: the time may be in another column
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet; trailing empty cells are dropped."""
    from openpyxl import load_workbook  # imported here: only Excel imports need it

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [cell_text(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            yield number, cells
    finally:
        book.close()
