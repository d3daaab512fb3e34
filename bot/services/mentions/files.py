"""Records out of an export file (CSV or JSON lines), streamed in bounded memory.

The encoding is decided before parsing by one quick pass over the bytes: UTF-16 when the file
starts with its byte-order mark or its first bytes alternate with zeros (Meltwater and Excel's
"Unicode text" write tab-separated UTF-16), else UTF-8 (a BOM is dropped), else Windows-1252,
else Latin-1, which decodes anything. Exports from spreadsheet programs are often in the legacy
encodings, and a wrong guess would garble every name. Compressed files (`.gz`) are read as they
are.

The header need not be the first line: tools put report lines above it (title, query, date
range), so the first of the opening lines that reads as a header (a listening tool's signature,
or a text column) is taken. A recognised tool's preset (bot.domain.mentions.presets) says which
columns hold what and how its dates, networks and sentiment read.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, tzinfo
from itertools import chain, islice
from pathlib import Path
from typing import IO, cast

from bot.domain.mentions.fields import ColumnMap, FieldMapError, resolve_columns
from bot.domain.mentions.presets import Preset, recognise
from bot.domain.mentions.record import Rejected, values_of_object, values_of_row
from bot.domain.mentions.shaping import RowShape, header_zone, shape_row
from bot.i18n import N_, Phrase, Problem
from bot.services.mentions.workbook import workbook_rows

_CHUNK = 1 << 20
_DELIMITERS = (",", ";", "\t", "|")
_FIELD_LIMIT = 1 << 24  # a cell may be large; the record check rejects oversize texts itself
MAX_PREAMBLE_LINES = 30  # report lines a tool may write above its header


class UnusableInput(Problem):
    """The file cannot be imported at all (missing, no text column, not CSV or JSON lines)."""


@dataclass(frozen=True)
class Reading:
    """How to read an export: a preset to force (else recognised from the header), the zone of
    tools that write local time (the team's), and a zone for every naive stamp (--timezone)."""

    preset: Preset | None = None
    team_zone: tzinfo = UTC
    zone: tzinfo | None = None

    def shape(self, preset: Preset | None) -> RowShape:
        """The row shape for a file read with `preset` (None: generic names)."""
        local = self.team_zone if preset is not None and preset.local_time else UTC
        return RowShape(preset, self.zone or local)


@dataclass(frozen=True)
class Record:
    """A record's line (file) or index (request) and its fields, or why it is unusable."""

    line: int
    values: Mapping[str, object] | None = None
    problem: str | None = None


@contextmanager
def _open_binary(path: Path) -> Iterator[IO[bytes]]:
    with path.open("rb") as raw:
        if raw.peek(2)[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield raw


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with _open_binary(path) as stream:
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _utf16(opening: bytes) -> str | None:
    """`utf-16` (with a BOM), `utf-16-le`/`-be` (zeros in every other byte), else None."""
    if opening[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    pairs = len(opening) // 2
    if pairs < 4:
        return None
    odd_zeros = sum(1 for i in range(1, 2 * pairs, 2) if opening[i] == 0)
    even_zeros = sum(1 for i in range(0, 2 * pairs, 2) if opening[i] == 0)
    if odd_zeros > 0.9 * pairs and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > 0.9 * pairs and odd_zeros == 0:
        return "utf-16-be"
    return None


def detect_encoding(path: Path) -> str:
    """`utf-16…`, `utf-8`, `utf-8-sig` (with a BOM), `cp1252` or `latin-1` (decodes anything)."""
    with _open_binary(path) as stream:
        wide = _utf16(stream.read(256))
    if wide is not None and _decodes(path, wide):
        return wide
    if _decodes(path, "utf-8"):
        with _open_binary(path) as stream:
            return "utf-8-sig" if stream.read(3) == codecs.BOM_UTF8 else "utf-8"
    return "cp1252" if _decodes(path, "cp1252") else "latin-1"


def detect_format(path: Path, declared: str | None) -> str:
    """`csv`, `jsonl` or `xlsx`, from --format or the file name."""
    if declared:
        return declared
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffixes and suffixes[-1] in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def _delimiter(header_line: str) -> str:
    return max(_DELIMITERS, key=header_line.count) if header_line else ","


@dataclass(frozen=True)
class Header:
    """A file's header: its line (or sheet row) and CSV text, its columns, the tool's preset."""

    line: int
    text: str
    columns: ColumnMap
    preset: Preset | None


def _try_header(
    number: int, cells: list[str], text: str, overrides: Mapping[str, str], reading: Reading
) -> Header | FieldMapError | None:
    if not any(cell.strip() for cell in cells):
        return None
    preset = reading.preset or recognise(cells)
    try:
        return Header(number, text, resolve_columns(cells, overrides, preset=preset), preset)
    except FieldMapError as exc:
        return exc


def _first_header(candidates: Iterable[Header | FieldMapError | None]) -> Header:
    """The first candidate that reads as a header, else the first line's error."""
    first_error: FieldMapError | None = None
    for found in candidates:
        if isinstance(found, Header):
            return found
        first_error = first_error or found
    if first_error is None:
        raise UnusableInput(N_("the file is empty"))
    raise first_error


def read_header(text: IO[str], overrides: Mapping[str, str], reading: Reading) -> Header:
    """Find the header, skipping the report lines a tool writes above it."""

    def candidates() -> Iterator[Header | FieldMapError | None]:
        for number in range(1, MAX_PREAMBLE_LINES + 1):
            line = text.readline()
            if not line:
                return
            try:
                cells = next(csv.reader([line], delimiter=_delimiter(line)), [])
            except csv.Error as exc:  # a cell over the field limit
                yield FieldMapError(
                    N_("unreadable line {line}: {error}"), line=number, error=str(exc)
                )
                continue
            yield _try_header(number, cells, line, overrides, reading)

    return _first_header(candidates())


def _cells(row: Sequence[str], columns: ColumnMap) -> dict[str, list[str]]:
    cells = {name: [row[index]] for name, index in columns.positions.items()}
    for name, more in columns.extra.items():
        cells[name] += [row[index] for index in more]
    return cells


def csv_records(
    text: IO[str], overrides: Mapping[str, str], reading: Reading | None = None
) -> Iterator[Record]:
    """Rows as records numbered by the line they start on (the header's line comes first)."""
    reading = reading or Reading()
    yield from csv_rows(text, read_header(text, overrides, reading), reading)


def csv_rows(text: IO[str], header: Header, reading: Reading) -> Iterator[Record]:
    """The rows after `header`, shaped the way its tool means them."""
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    reader = csv.reader(chain([header.text], text), delimiter=_delimiter(header.text))
    next(reader, None)

    def numbered() -> Iterator[tuple[int, list[str] | csv.Error]]:
        offset = header.line - 1
        start = reader.line_num + 1 + offset
        while True:
            try:
                row: list[str] | csv.Error = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a field over the limit: the reader goes on at the next line
                row = exc
            line, start = start, reader.line_num + 1 + offset
            yield line, row

    return _records(numbered(), header, reading)


def _records(
    rows: Iterable[tuple[int, list[str] | csv.Error]], header: Header, reading: Reading
) -> Iterator[Record]:
    columns = header.columns
    shape = reading.shape(header.preset)
    zone_here = header_zone(columns.columns.get("created_at", ""))
    shaped = header.preset is not None or zone_here is not None or shape.zone is not UTC
    shaped = shaped or "time" in columns.positions or "zone" in columns.positions
    for line, row in rows:
        if isinstance(row, csv.Error):
            yield Record(line, problem=Phrase(N_("unreadable row: {error}"), error=str(row)))
            continue
        if not row:
            continue
        try:
            values = values_of_row(row, columns)
            if shaped:
                values = shape_row(_cells(row, columns), shape, zone_here)
            yield Record(line, values)
        except Rejected as exc:
            yield Record(line, problem=exc.phrase)


def workbook_records(
    path: Path, overrides: Mapping[str, str], reading: Reading
) -> tuple[Header, Iterator[Record]]:
    """The header and records of an Excel export's first sheet (rows padded to the header)."""
    rows = workbook_rows(path)
    header = _first_header(
        _try_header(number, cells, "", overrides, reading)
        for number, cells in islice(rows, MAX_PREAMBLE_LINES)
    )
    width = header.columns.width
    padded = ((n, cells + [""] * (width - len(cells))) for n, cells in rows)
    return header, _records(padded, header, reading)


def _flatten(item: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """`{"user": {"screen_name": "x"}}` -> `{"user.screen_name": "x"}`, one level deep."""
    flat: dict[str, object] = {}
    for key, value in item.items():
        if isinstance(value, dict) and not prefix:
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[prefix + str(key)] = value
    return flat


def _object_values(item: Mapping[str, object], columns: ColumnMap) -> dict[str, object]:
    """An object's fields; a separate time or zone field joins its date, as in CSV files."""
    values = values_of_object(item, columns)
    if "time" not in values and "zone" not in values:
        return values
    cells = {name: ["" if v is None else str(v)] for name, v in values.items()}
    return shape_row(cells, RowShape(None))


def object_records(
    items: Iterable[tuple[int, object] | Record],
    overrides: Mapping[str, str],
    *,
    first_needs_text: bool = True,
) -> Iterator[Record]:
    """JSON objects as records; with `first_needs_text`, a first object without a text field
    makes the input unusable (a file of some other data), else it is one rejected record."""
    resolved: dict[tuple[str, ...], ColumnMap | Phrase] = {}
    first = first_needs_text
    for entry in items:
        if isinstance(entry, Record):
            yield entry
            continue
        line, item = entry
        if not isinstance(item, dict):
            yield Record(
                line, problem=Phrase(N_("not a JSON object but {kind}"), kind=type(item).__name__)
            )
            continue
        flat = _flatten(item)
        keys = tuple(flat)
        if keys not in resolved:
            try:
                resolved[keys] = resolve_columns(keys, overrides, strict=False)
            except FieldMapError as exc:
                if first:
                    raise UnusableInput(exc.phrase) from None
                resolved[keys] = Phrase(N_("no text field"))
        columns = resolved[keys]
        first = False
        if isinstance(columns, str):
            yield Record(line, problem=columns)
        else:
            yield Record(line, _object_values(flat, columns))


def _json_lines(text: IO[str]) -> Iterator[tuple[int, object] | Record]:
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        if number == 1 and line.lstrip().startswith("["):
            raise UnusableInput(N_("a JSON array: files are read as JSON lines, one object a line"))
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(
                number,
                problem=Phrase(
                    N_("not valid JSON: {error} (column {column})"), error=exc.msg, column=exc.colno
                ),
            )
        except RecursionError:
            yield Record(number, problem=Phrase(N_("not valid JSON: nested too deeply")))
        except ValueError as exc:  # an integer of over 4,300 digits
            yield Record(
                number,
                problem=Phrase(N_("not valid JSON: {error}"), error=str(exc).split(";")[0]),
            )


@dataclass(frozen=True)
class MentionFile:
    """An open export: its encoding, format and records (read lazily)."""

    encoding: str
    format: str
    records: Iterator[Record]
    preset: Preset | None = None


def _open_workbook(path: Path, overrides: Mapping[str, str], reading: Reading) -> MentionFile:
    try:
        header, records = workbook_records(path, overrides, reading)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnusableInput(
            N_("{path}: not an Excel workbook ({error})"), path=str(path), error=str(exc)
        ) from None
    return MentionFile("xlsx", "xlsx", records, header.preset)


@contextmanager
def open_mention_file(
    path: Path,
    declared_format: str | None,
    overrides: Mapping[str, str],
    reading: Reading | None = None,
) -> Iterator[MentionFile]:
    """Open `path` for streaming; raises `UnusableInput` when it cannot be read at all."""
    if not path.is_file():
        raise UnusableInput(N_("no such file: {path}"), path=str(path))
    fmt = detect_format(path, declared_format)
    if fmt == "xlsx":
        yield _open_workbook(path, overrides, reading or Reading())
        return
    encoding = detect_encoding(path)
    with _open_binary(path) as binary, io.TextIOWrapper(binary, encoding, newline="") as text:
        if fmt != "csv":
            yield MentionFile(encoding, fmt, object_records(_json_lines(text), overrides))
            return
        reading = reading or Reading()
        header = read_header(text, overrides, reading)
        yield MentionFile(encoding, fmt, csv_rows(text, header, reading), header.preset)
