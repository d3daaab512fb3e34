"""Records out of an export file (CSV or JSON lines), streamed in bounded memory.

The encoding is decided before parsing by one quick pass over the bytes: UTF-16 or UTF-32 when
the file starts with their byte order mark (spreadsheets' "Unicode text"), else UTF-8 (a BOM is
dropped), else Windows-1252, else Latin-1, which decodes anything. Exports from spreadsheet
programs are often in the legacy encodings, and a wrong guess would garble every name.
Compressed files (`.gz`) are read as they are.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, cast

from bot.domain.mentions.fields import ColumnMap, FieldMapError, resolve_columns
from bot.domain.mentions.record import Rejected, values_of_object, values_of_row

_CHUNK = 1 << 20
_DELIMITERS = (",", ";", "\t", "|")
_FIELD_LIMIT = 1 << 24  # a cell may be large; the record check rejects oversize texts itself
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnusableInput(ValueError):
    """The file cannot be imported at all (missing, no text column, not CSV or JSON lines)."""


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


def detect_encoding(path: Path) -> str:
    """`utf-16`/`utf-32` (by their BOM), `utf-8`, `utf-8-sig` (UTF-8 with a BOM), `cp1252` or
    `latin-1` (decodes anything)."""
    with _open_binary(path) as stream:
        head = stream.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom) and _decodes(path, encoding):
            return encoding
    if _decodes(path, "utf-8"):
        with _open_binary(path) as stream:
            return "utf-8-sig" if stream.read(3) == codecs.BOM_UTF8 else "utf-8"
    return "cp1252" if _decodes(path, "cp1252") else "latin-1"


def detect_format(path: Path, declared: str | None) -> str:
    """`csv` or `jsonl`, from --format or the file name."""
    if declared:
        return declared
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"


def _delimiter(header_line: str) -> str:
    return max(_DELIMITERS, key=header_line.count) if header_line else ","


def csv_records(text: IO[str], overrides: Mapping[str, str]) -> Iterator[Record]:
    """Rows as records numbered by the line they start on (the header is line 1)."""
    header_line = text.readline()
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    reader = csv.reader(chain([header_line], text), delimiter=_delimiter(header_line))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise UnusableInput(f"unreadable header: {exc}") from None
    if not header:
        raise UnusableInput("the file is empty")
    columns = resolve_columns(header, overrides)
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field over the limit: the reader goes on at the next line
            line, start = start, reader.line_num + 1
            yield Record(line, problem=f"unreadable row: {exc}")
            continue
        line, start = start, reader.line_num + 1
        if not row:
            continue
        try:
            yield Record(line, values_of_row(row, columns))
        except Rejected as exc:
            yield Record(line, problem=str(exc))


def _flatten(item: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """`{"user": {"screen_name": "x"}}` -> `{"user.screen_name": "x"}`, one level deep."""
    flat: dict[str, object] = {}
    for key, value in item.items():
        if isinstance(value, dict) and not prefix:
            flat.update(_flatten(value, f"{key}."))
        else:
            flat[prefix + str(key)] = value
    return flat


def object_records(
    items: Iterable[tuple[int, object] | Record],
    overrides: Mapping[str, str],
    *,
    first_needs_text: bool = True,
) -> Iterator[Record]:
    """JSON objects as records; with `first_needs_text`, a first object without a text field
    makes the input unusable (a file of some other data), else it is one rejected record."""
    resolved: dict[tuple[str, ...], ColumnMap | str] = {}
    first = first_needs_text
    for entry in items:
        if isinstance(entry, Record):
            yield entry
            continue
        line, item = entry
        if not isinstance(item, dict):
            yield Record(line, problem=f"not a JSON object but {type(item).__name__}")
            continue
        flat = _flatten(item)
        keys = tuple(flat)
        if keys not in resolved:
            try:
                resolved[keys] = resolve_columns(keys, overrides, strict=False)
            except FieldMapError as exc:
                if first:
                    raise UnusableInput(str(exc)) from None
                resolved[keys] = "no text field"
        columns = resolved[keys]
        first = False
        if isinstance(columns, str):
            yield Record(line, problem=columns)
        else:
            yield Record(line, values_of_object(flat, columns))


def _json_lines(text: IO[str]) -> Iterator[tuple[int, object] | Record]:
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        if number == 1 and line.lstrip().startswith("["):
            raise UnusableInput("a JSON array: files are read as JSON lines, one object a line")
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(number, problem=f"not valid JSON: {exc.msg} (column {exc.colno})")
        except RecursionError:
            yield Record(number, problem="not valid JSON: nested too deeply")
        except ValueError as exc:  # an integer of over 4,300 digits
            yield Record(number, problem=f"not valid JSON: {str(exc).split(';')[0]}")


@dataclass(frozen=True)
class MentionFile:
    """An open export: its encoding, format and records (read lazily)."""

    encoding: str
    format: str
    records: Iterator[Record]


@contextmanager
def open_mention_file(
    path: Path, declared_format: str | None, overrides: Mapping[str, str]
) -> Iterator[MentionFile]:
    """Open `path` for streaming; raises `UnusableInput` when it cannot be read at all."""
    if not path.is_file():
        raise UnusableInput(f"no such file: {path}")
    encoding = detect_encoding(path)
    fmt = detect_format(path, declared_format)
    with _open_binary(path) as binary, io.TextIOWrapper(binary, encoding, newline="") as text:
        if fmt == "csv":
            records = csv_records(text, overrides)
        else:
            records = object_records(_json_lines(text), overrides)
        yield MentionFile(encoding, fmt, records)
