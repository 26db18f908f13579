"""Files that once crashed or misled the reader: each is read right, or stops with one plain message naming it."""

from __future__ import annotations

import os
import zipfile

import openpyxl
import pytest

from workbook.challenge.ranking import rank_customers
from workbook.cli import main
from workbook.errors import InputError
from workbook.exports import load_exports

SALES = "Customer,Date,Amount\nAnn Lee,2026-01-02,5\nBo Chen,2026-01-03,7\n"


def ranked(path) -> list[tuple[str, float]]:
    return [(row["customer"], row["total_spend"]) for row in rank_customers(load_exports([path]).sales)]


@pytest.mark.parametrize("name, data", [
    ("mac.csv", SALES.replace("\n", "\r").encode()),  # what "CSV (Macintosh)" writes
    ("windows.csv", SALES.replace("\n", "\r\n").encode()),
    ("utf16-no-bom.csv", SALES.encode("utf-16-le")),
    ("utf16-be-no-bom.csv", SALES.encode("utf-16-be")),
    ("utf32.csv", SALES.encode("utf-32")),
    ("utf32-no-bom.csv", SALES.encode("utf-32-le")),
    ("deep.csv", ("Sales report\n" * 45 + SALES).encode()),
])
def test_line_endings_encodings_and_deep_headers_are_read(write, name, data):
    assert ranked(write(name, data)) == [("Bo Chen", 7.0), ("Ann Lee", 5.0)]


def test_a_carriage_return_inside_a_cell_is_part_of_the_cell(write):
    path = write("cell.csv", b"Customer,Date,Amount\nAnn Lee,2026-01-02,5\nBo Chen\rof Leeds,2026-01-03,7\n")
    assert ranked(path) == [("Bo Chen of Leeds", 7.0), ("Ann Lee", 5.0)]


def test_lines_in_two_encodings_are_each_read_as_what_they_are(write):
    path = write("mixed.csv", "Customer,Date,Amount\nJosé,2026-01-02,5\n".encode()
                 + "René,2026-01-03,7\n".encode("cp1252"))
    assert ranked(path) == [("René", 7.0), ("José", 5.0)]
    assert "cp1252" in load_exports([path]).results[0].read_as


@pytest.mark.slow
def test_a_header_row_longer_than_64_kb(write):
    columns = ["Customer", "Date", "Amount"] + [f"Extra field {i}" for i in range(6000)]
    rows = [",".join(columns)] + [f"{who},2026-01-0{day},{amount}" + "," * 6000
                                   for who, day, amount in (("Ann Lee", 2, 5), ("Bo Chen", 3, 7))]
    path = write("wide.csv", "\n".join(rows) + "\n")
    assert len(rows[0]) > 65536
    assert ranked(path) == [("Bo Chen", 7.0), ("Ann Lee", 5.0)]


def test_a_folder_or_a_pipe_is_not_an_export(tmp_path):
    with pytest.raises(InputError, match="folder"):
        load_exports([tmp_path])
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a file that can be read"):
        load_exports([pipe])


def test_a_workbook_that_would_unpack_to_gigabytes_is_not_read(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with (zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
          archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet):
            block = b"\0" * (1 << 24)
            for _ in range(40):  # 640 MB of nothing, a few hundred KB packed
                sheet.write(block)
    assert bomb.stat().st_size < 5 << 20
    with pytest.raises(InputError, match="unpack") as error:
        load_exports([bomb])
    assert error.value.file == "bomb.xlsx"


def test_a_workbook_whose_xml_is_broken_says_so(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Customer", "Date", "Amount"])
    book.active.append(["Ann Lee", "2026-01-02", 5])
    good = tmp_path / "good.xlsx"
    book.save(good)
    broken = tmp_path / "entity.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>&undefined;")
            target.writestr(entry, data)
    with pytest.raises(InputError, match="cannot be read"):
        load_exports([broken])


def test_a_password_protected_workbook_is_named_as_such(write):
    # Excel keeps a protected workbook in an OLE file holding an "EncryptedPackage" stream
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path = write("locked.xlsx", ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    with pytest.raises(InputError, match="password"):
        load_exports([path])


def test_the_command_line_says_it_in_one_line(tmp_path, capsys):
    assert main(["rank", str(tmp_path)]) == 3
    said = capsys.readouterr().err
    assert "Traceback" not in said and len(said.strip().splitlines()) == 1 and "folder" in said


def test_a_workbook_whose_formulas_were_never_calculated_says_so(tmp_path):
    book = openpyxl.Workbook()  # openpyxl, like many programs, writes formulas without their results
    book.active.append(["Customer", "Date", "Amount"])
    book.active.append(["Ann Lee", "2026-01-02", "=2+3"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="formulas have no saved results"):
        load_exports([path])
