"""Opening an export: file type, encoding, delimiter, and the table below its header row."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import InputError
from ..i18n import N_, _
from .columns import Coded, Table, coded, coded_arrow

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = (",", ";", "\t", "|")
PREVIEW_ROWS = 240  # room for a header under title rows, and a sample of the cells below it
_NOT_SPREADSHEETS = {
    b"%PDF": N_("this is a PDF document, not a sales export: export CSV or XLSX instead"),
    b"\x89PNG": N_("this is a PNG image, not a sales export (CSV or XLSX)"),
    b"\xff\xd8\xff": N_("this is a JPEG image, not a sales export (CSV or XLSX)"),
    b"GIF8": N_("this is a GIF image, not a sales export (CSV or XLSX)"),
    b"\xd0\xcf\x11\xe0": N_("this is an old Excel .xls workbook: save it as .xlsx or CSV and try again"),
    b"{\\rtf": N_("this is a Word/RTF document, not a sales export (CSV or XLSX)"),
}
_SEPARATORS = {",": N_("CSV (comma-separated, {encoding})"), ";": N_("CSV (semicolon-separated, {encoding})"),
               "\t": N_("CSV (tab-separated, {encoding})"), "|": N_("CSV (pipe-separated, {encoding})")}
_C_ENGINE_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_C_ENGINE_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_WEB_PAGE = (b"<!doctype html", b"<html", b"<?xml")
_CODED = pa.dictionary(pa.int32(), pa.string())  # text read as codes and each distinct value once


@dataclass
class Source:
    """An opened export: what kind it is and how to read it."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | None = None
    text: str | None = None  # decoded text, kept when it is not plain UTF-8
    sheets: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)  # an XLSX's sheets, as cells

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def grid(self) -> pd.DataFrame | None:
        """The sheet being read, as cells (None for a CSV)."""
        return self.sheets[self.sheet] if self.sheets else None

    def full_text(self) -> str:
        """The whole file as text, decoded once (the encoding is settled here for UTF-8 guesses)."""
        if self.text is None:
            self.encoding, self.text = _decode(self.path)
        return self.text

    def describe(self) -> str:
        """How the file was read, in a few words."""
        if self.kind == "xlsx":
            return _("Excel workbook, sheet '{sheet}'").format(sheet=self.sheet)
        return _(_SEPARATORS[self.delimiter]).format(encoding=self.encoding)


def open_source(path: str | Path, sheet: str | None = None) -> Source:
    """Open ``path`` and work out its type, encoding and delimiter; ``InputError`` if unusable."""
    path = Path(path)
    if not path.is_file():
        raise InputError(_("the file was not found"), file=path)
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        raise InputError(_("the file is empty"), file=path)
    for magic, message in _NOT_SPREADSHEETS.items():
        if head.startswith(magic):
            raise InputError(_(message), file=path)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").lower().startswith(_WEB_PAGE):
        raise InputError(_("this is a web page or XML file, not a sales export (CSV or XLSX)"), file=path)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sheet)
    if sheet is not None:
        raise InputError(_("a sheet was named, but this is a CSV file, not an Excel workbook"), file=path)
    if _utf8_head(head):  # the rest is checked as it is read (see read_table)
        sample = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
        return Source(path=path, kind="csv", delimiter=_sniff_delimiter(sample))
    encoding, text = _decode(path)
    return Source(path=path, kind="csv", encoding=encoding, delimiter=_sniff_delimiter(text[:65536]), text=text)


def _utf8_head(head: bytes) -> bool:
    """True when the first bytes are UTF-8 text (a character cut at the end is allowed)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and len(head) == 65536
    return True


def _decode(path: Path) -> tuple[str, str]:
    """The encoding and the decoded text: UTF-8 (with or without BOM), UTF-16, cp1252, latin-1."""
    data = path.read_bytes()
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", data.decode("utf-16")
    if b"\x00" in head:
        raise InputError(_("this is a binary file, not a sales export (CSV or XLSX)"), file=path)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return "utf-8", text.removeprefix("\ufeff")
        if _looks_binary(text):
            break
        return encoding, text
    raise InputError(_("this is a binary file, not a sales export (CSV or XLSX)"), file=path)


def _looks_binary(text: str) -> bool:
    """Many control characters mean the bytes were never text."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > len(sample) * 0.05


def _sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most consistent rows of cells."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and len(sample) == 65536:
        lines = lines[:-1]  # the last line may be cut
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        width = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 1
        if width < 2:
            continue
        score = (sum(1 for w in widths if w == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_xlsx(path: Path, sheet: str | None) -> Source:
    """Open an XLSX workbook: ``sheet``, or every sheet with something in it (the importer picks one)."""
    import pandas as pd

    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(_("this is a zip archive but not a readable Excel workbook ({error})").format(error=error),
                         file=path) from None
    names = [str(name) for name in book.sheet_names]
    if sheet is not None and sheet not in names:
        raise InputError(_("there is no sheet named '{sheet}'; the sheets are: {sheets}").format(
            sheet=sheet, sheets=", ".join(names)), file=path)
    grids = {name: pd.read_excel(book, sheet_name=name, header=None, dtype=object)
             for name in ([sheet] if sheet else names)}
    grids = {name: grid for name, grid in grids.items() if not grid.dropna(how="all").empty}
    if not grids:
        empty = sheet or (names[0] if len(names) == 1 else None)
        raise InputError(_("sheet '{sheet}' is empty").format(sheet=empty) if empty
                         else _("every sheet of the workbook is empty"), file=path)
    return Source(path=path, kind="xlsx", sheet=next(iter(grids)), sheets=grids)


def preview(source: Source, rows: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first rows of the file as text cells, for finding the header row."""
    if source.grid is not None:
        return [[_cell_text(v) or "" for v in row] for row in source.grid.head(rows).itertuples(index=False)]
    text = source.text if source.text is not None else _read_head_text(source.path)
    reader = csv.reader(io.StringIO(text[:65536]), delimiter=source.delimiter)
    out = []
    for row in reader:
        out.append([cell.strip() for cell in row])
        if len(out) >= rows:
            break
    return out


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as stripped text; None when it is empty."""
    if value is None or value != value:  # NaN and NaT are not equal to themselves
        return None
    return str(value).strip() or None


def _read_head_text(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(65536).decode("utf-8", errors="ignore").removeprefix("\ufeff")


def read_table(source: Source, header_row: int, headers: list[str], columns: list[str]) -> Table:
    """The cells of ``columns`` (of the row's ``headers``) below the header on line ``header_row`` (0-based)."""
    if source.grid is not None:
        body = source.grid.iloc[header_row + 1:]
        found = {name: coded(_cell_text(v) for v in body.iloc[:, headers.index(name)]) for name in columns}
        return Table(found, len(body), header_row + 2)
    if source.text is None:
        try:
            return _arrow_table(source, header_row, headers, columns)
        except pa.ArrowInvalid:  # bytes that are not UTF-8, ragged rows, line breaks in cells: pandas reads on
            pass
    return _pandas_table(source, header_row, headers, columns)


def read_cells(source: Source, header_row: int, headers: list[str]) -> Table:
    """Every cell below the header as text, blank lines kept, for reports laid out in sections.

    The blank first header cell is named ``__section__``.
    """
    if source.grid is not None:
        rows = [[_cell_text(v) or "" for v in row] for row in source.grid.itertuples(index=False)]
    else:
        rows = [[cell.strip() for cell in row]
                for row in csv.reader(io.StringIO(source.full_text()), delimiter=source.delimiter)]
    header = ["__section__" if i == 0 and name.startswith("__blank") else name for i, name in enumerate(headers)]
    body = [(row + [""] * len(header))[:len(header)] for row in rows[header_row + 1:]]
    columns = {name: coded(row[i] or None for row in body) for i, name in enumerate(header)}
    return Table(columns, len(body), header_row + 2)


def _pandas_table(source: Source, header_row: int, headers: list[str], columns: list[str]) -> Table:
    """The slower reader for decoded text; says which row breaks the CSV and how."""
    import pandas as pd

    try:
        frame = pd.read_csv(io.StringIO(source.full_text()), engine="c", sep=source.delimiter, skiprows=header_row + 1,
                            header=None, names=headers, usecols=columns, dtype=str, keep_default_na=False,
                            na_values=[""], skip_blank_lines=True)
    except pd.errors.ParserError as error:
        found = _C_ENGINE_ROW.search(str(error))
        if found:
            expected, line, saw = (int(g) for g in found.groups())
            raise InputError(_("this row has {saw} cells where the header has {expected}; a value holding the "
                               "delimiter may be missing its quotes").format(saw=saw, expected=expected),
                             file=source.path, row=line) from None
        quote = _C_ENGINE_QUOTE.search(str(error))
        if quote:
            raise InputError(_("a quote (\") opened in this row is never closed"), file=source.path,
                             row=header_row + int(quote.group(1)) + 1) from None
        raise InputError(_("the file cannot be read as CSV ({error})").format(error=error), file=source.path) from None
    found = {}
    for name in frame.columns:
        codes, distinct = pd.factorize(frame[name], use_na_sentinel=True)
        found[name] = Coded(codes.astype("int32"), pa.array(distinct, type=pa.string()))
    return Table(found, len(frame), header_row + 2)


def _arrow_table(source: Source, header_row: int, headers: list[str], columns: list[str]) -> Table:
    """Arrow's multithreaded CSV reader on the needed columns, each read as codes into its distinct values."""
    table = pacsv.read_csv(
        source.path, read_options=pacsv.ReadOptions(skip_rows=header_row + 1, column_names=headers),
        parse_options=pacsv.ParseOptions(delimiter=source.delimiter),
        convert_options=pacsv.ConvertOptions(include_columns=columns, column_types={name: _CODED for name in columns},
                                             strings_can_be_null=True, null_values=[""]),
    )
    rows, pool, found = table.num_rows, pa.default_memory_pool(), {}
    for name in columns:  # each column leaves the table as it is coded, and what it held goes back to the system
        pool.release_unused()
        found[name] = coded_arrow(table.column(name))
        table = table.drop_columns([name])
    pool.release_unused()
    return Table(found, rows, header_row + 2)
