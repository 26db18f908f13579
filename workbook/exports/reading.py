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
_OLE = b"\xd0\xcf\x11\xe0"  # an old Excel file, or a password-protected new one inside it
_LOCKED = "EncryptedPackage".encode("utf-16-le")
HEAD = 65536
_LONE_CR = re.compile(rb"\r(?!\n)")
_STRAY_CR_TEXT = re.compile(r"\r(?!\n)")
UNPACKED_LIMIT = 512 * 1024 * 1024  # what an XLSX may unpack to: far beyond any shop's export, short of a zip bomb
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
        return self.sheets[self.sheet] if self.sheets and self.sheet else None

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
    if path.is_dir():
        raise InputError(_("this is a folder, not a file: choose the export inside it"), file=path)
    if not path.exists():
        raise InputError(_("the file was not found"), file=path)
    if not path.is_file():
        raise InputError(_("this is not a file that can be read (a pipe or a device): save the export as a file"),
                         file=path)
    try:
        head = _head(path)
    except OSError as error:
        raise InputError(_("the file cannot be opened ({reason})").format(reason=error.strerror or error),
                         file=path) from None
    if not head.strip():
        raise InputError(_("the file is empty"), file=path)
    for magic, message in _NOT_SPREADSHEETS.items():
        if magic == _OLE and _LOCKED in head:
            continue
        if head.startswith(magic):
            raise InputError(_(message), file=path)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").lower().startswith(_WEB_PAGE):
        raise InputError(_("this is a web page or XML file, not a sales export (CSV or XLSX)"), file=path)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sheet)
    if head.startswith(_OLE) and _LOCKED in path.read_bytes()[:1 << 20]:
        raise InputError(_("this Excel workbook is protected with a password: open it, save a copy without the "
                           "password (or as CSV) and try again"), file=path)
    if sheet is not None:
        raise InputError(_("a sheet was named, but this is a CSV file, not an Excel workbook"), file=path)
    stray = b"\n" in head and _LONE_CR.search(head)  # a lone CR in a file of line feeds: read as text
    if _utf8_head(head) and not stray:  # the rest is checked as it is read (see read_table)
        sample = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
        return Source(path=path, kind="csv", delimiter=_sniff_delimiter(sample))
    encoding, text = _decode(path)
    return Source(path=path, kind="csv", encoding=encoding, delimiter=_sniff_delimiter(text[:65536]), text=text)


def _head(path: Path) -> bytes:
    """The first 64 KB of the file, more when they hold less than the header and a row (a header row of
    thousands of columns)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD)
        while head.count(b"\n") + head.count(b"\r") < 2 and len(head) % HEAD == 0 and len(head) < 64 * HEAD:
            more = handle.read(HEAD)
            if not more:
                break
            head += more
    return head


def _utf8_head(head: bytes) -> bool:
    """True when the first bytes are UTF-8 text (a character cut at the end is allowed)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and len(head) % HEAD == 0
    return True


def _decode(path: Path) -> tuple[str, str]:
    """The encoding and the decoded text: UTF-8 (with or without BOM), UTF-16, cp1252, latin-1."""
    data = path.read_bytes()
    head = data[:HEAD]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32", _decoded(data, "utf-32", path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", _decoded(data, "utf-16", path)
    if b"\x00" in head:
        wide = _without_bom(head)
        if wide:  # UTF-16 or UTF-32 written without the mark that says so
            return wide, _decoded(data, wide, path)
        raise InputError(_("this is a binary file, not a sales export (CSV or XLSX)"), file=path)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8" and _utf8_lines(data):
                return _("utf-8, some lines cp1252"), _by_line(data)
            continue
        if encoding == "utf-8":
            return "utf-8", _cells_cr(text.removeprefix("\ufeff"))
        if _looks_binary(text):
            break
        return encoding, _cells_cr(text)
    raise InputError(_("this is a binary file, not a sales export (CSV or XLSX)"), file=path)


def _cells_cr(text: str) -> str:
    """In a file whose lines end in a line feed, a carriage return alone is inside a cell (a line break a
    spreadsheet kept): a space. A file whose lines end in carriage returns alone ("CSV (Macintosh)") keeps them."""
    return _STRAY_CR_TEXT.sub(" ", text) if "\n" in text else text


def _decoded(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InputError(_("the file says it is {encoding} text but is not: export it again as UTF-8 CSV").format(
            encoding=encoding.upper()), file=path) from None


def _without_bom(head: bytes) -> str | None:
    """``utf-16-le``, ``utf-16-be``, ``utf-32-le`` or ``utf-32-be`` when the zeros of the first bytes fall as
    that encoding puts them in text that is mostly plain letters; None when they do not."""
    sample = head[:4000]
    for encoding, width, at in (("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)), ("utf-16-le", 2, (1,)),
                                ("utf-16-be", 2, (0,))):
        if all(sample[i::width].count(0) >= 0.9 * len(sample[i::width]) for i in at) and sample[:width].strip(b"\0"):
            return encoding
    return None


def _utf8_lines(data: bytes) -> bool:
    """Whether some lines are UTF-8 beyond plain ASCII (and others, then, another encoding)."""
    for line in data.splitlines():
        if max(line, default=0) > 127:
            try:
                line.decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
    return False


def _by_line(data: bytes) -> str:
    """Text whose lines are each UTF-8 or cp1252 (a file two programs wrote to), each read as what it is."""
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "".join(lines).removeprefix("\ufeff")


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
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(_("this is a zip archive but not a readable Excel workbook ({error})").format(error=error),
                         file=path) from None
    if unpacked > UNPACKED_LIMIT:
        raise InputError(_("this workbook would unpack to {size} MB, far more than any export: it is not read")
                         .format(size=unpacked // (1 << 20)), file=path)
    if _formulas_without_values(path):
        raise InputError(_("this workbook's formulas have no saved results (a program wrote it without "
                           "calculating them): open it in Excel or LibreOffice, save it, and try again"), file=path)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as error:  # openpyxl and its XML parser fail in many ways on a broken workbook
        raise InputError(_("this is a zip archive but not a readable Excel workbook ({error})").format(
            error=f"{type(error).__name__}: {error}"[:200]), file=path) from None
    names = [str(name) for name in book.sheet_names]
    if sheet is not None and sheet not in names:
        raise InputError(_("there is no sheet named '{sheet}'; the sheets are: {sheets}").format(
            sheet=sheet, sheets=", ".join(names)), file=path)
    try:
        grids = {name: pd.read_excel(book, sheet_name=name, header=None, dtype=object)
                 for name in ([sheet] if sheet else names)}
    except Exception as error:  # a sheet's XML that the reader cannot parse (an undefined entity, a cut file)
        raise InputError(_("a sheet of this Excel workbook cannot be read ({error})").format(
            error=f"{type(error).__name__}: {error}"[:200]), file=path) from None
    grids = {name: grid for name, grid in grids.items() if not grid.dropna(how="all").empty}
    if not grids:
        empty = sheet or (names[0] if len(names) == 1 else None)
        raise InputError(_("sheet '{sheet}' is empty").format(sheet=empty) if empty
                         else _("every sheet of the workbook is empty"), file=path)
    return Source(path=path, kind="xlsx", sheet=next(iter(grids)), sheets=grids)


_FORMULA = re.compile(rb"<f[ >/]")
_FORMULA_VALUED = re.compile(rb"</f>\s*<v>|<f[^>]*/>\s*<v>")


def _formulas_without_values(path: Path) -> bool:
    """Whether a sheet holds formulas whose results were never saved (they read as empty cells)."""
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                sheet = archive.read(entry)
                if len(_FORMULA.findall(sheet)) > len(_FORMULA_VALUED.findall(sheet)):
                    return True
    return False


def preview(source: Source, rows: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first rows of the file as text cells, for finding the header row."""
    if source.grid is not None:
        return [[_cell_text(v) or "" for v in row] for row in source.grid.head(rows).itertuples(index=False)]
    text = source.text if source.text is not None else _read_head_text(source.path)
    second = text.find("\n", text.find("\n") + 1) + 1  # the header and a row, however long they are
    reader = csv.reader(io.StringIO(text[:max(HEAD, second)], newline=""), delimiter=source.delimiter)
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
    return _head(path).decode("utf-8", errors="ignore").removeprefix("\ufeff")


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
                for row in csv.reader(io.StringIO(source.full_text(), newline=""), delimiter=source.delimiter)]
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
        cells = _C_ENGINE_ROW.search(str(error))
        if cells:
            expected, line, saw = (int(g) for g in cells.groups())
            raise InputError(_("this row has {saw} cells where the header has {expected}; a value holding the "
                               "delimiter may be missing its quotes").format(saw=saw, expected=expected),
                             file=source.path, row=line) from None
        quote = _C_ENGINE_QUOTE.search(str(error))
        if quote:
            raise InputError(_("a quote (\") opened in this row is never closed"), file=source.path,
                             row=header_row + int(quote.group(1)) + 1) from None
        raise InputError(_("the file cannot be read as CSV ({error})").format(error=error), file=source.path) from None
    found: dict[str, Coded] = {}
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
