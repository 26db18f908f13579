"""The ``workbook`` command, run in this process (``workbook.cli.main``) but for two smoke tests of the real one."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

from workbook.cli import main

BAD = ROOT / "tests" / "bad_inputs"
EXPECTED = json.loads((BAD / "expected.json").read_text())


@pytest.fixture
def workbook(capsys):
    """Run ``workbook ARGS`` as ``main`` and return its exit code and what it printed, as a process's would be."""

    def run(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stopped:  # argparse: a usage error, or --help
            code = stopped.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["workbook", *args], code, out, err)

    return run


def command(*args: str) -> subprocess.CompletedProcess:
    """The real command, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True, text=True, timeout=120)


def test_the_command_stops_at_a_bad_file_with_one_plain_line():
    done = command("rank", str(BAD / "dates_not_dates.csv"))
    assert done.returncode == 3 and done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("workbook: dates_not_dates.csv")
    assert EXPECTED["dates_not_dates.csv"]["message"] in done.stderr


def test_the_command_ranks_a_good_file():
    done = command("rank", str(DATA / "crumb-and-co-bakery-shopify-orders.csv"), "--top", "3", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split()[:3] == ["#", "Customer", "Spend"] and "Traceback" not in done.stderr


def test_rank_json_contract(workbook):
    done = workbook("rank", str(DATA / "crumb-and-co-bakery-shopify-orders.csv"), "--format", "json", "--top", "10")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["rank"] for r in rows] == list(range(1, 11))
    for row in rows:
        assert {"rank", "customer", "email", "total_spend", "orders", "last_purchase_date", "last_product"} <= set(row)
        assert isinstance(row["total_spend"], float) and round(row["total_spend"], 2) == row["total_spend"]
        assert isinstance(row["orders"], int)
        assert len(row["last_purchase_date"]) == 10
    spends = [r["total_spend"] for r in rows]
    assert spends == sorted(spends, reverse=True)


def test_rank_by_orders_as_of_and_csv(workbook):
    done = workbook("rank", str(DATA / "riverside-physio-sales.csv"), "--by", "orders", "--as-of", "2025-06-30",
                    "--format", "csv", "--top", "3")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 3 and all(r["last_purchase_date"] <= "2025-06-30" for r in rows)
    assert int(rows[0]["orders"]) >= int(rows[1]["orders"]) >= int(rows[2]["orders"])


def test_rank_table_for_people(workbook):
    done = workbook("rank", str(DATA / "northgate-supplies-quickbooks.csv"))
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].split()[:3] == ["#", "Customer", "Spend"]
    assert "Alder Lane Dental" in done.stdout


def test_csv_output_is_safe_against_formulas(tmp_path, workbook):
    path = tmp_path / "s.csv"
    path.write_text('Customer,Date,Amount,Product\n=HYPERLINK("http://x"),2025-01-02,5,@SUM(A1)\n')
    done = workbook("rank", str(path), "--format", "csv")
    row = next(csv.DictReader(io.StringIO(done.stdout)))
    assert row["customer"].startswith("'=") and row["last_product"].startswith("'@")


def test_deadlines_json(workbook):
    done = workbook("deadlines", "--today", "2026-11-28", "--format", "json")
    assert json.loads(done.stdout) == {"one_week": "2026-12-04", "two_weeks": "2026-12-11"}  # from a Saturday


def test_inspect_tells_layout_mapping_and_skips(tmp_path, workbook):
    path = tmp_path / "s.csv"
    path.write_text("Client,Date,Amount\n" + "Ann,2025-01-02,5\n" * 5 + "Bo,2025-01-03,lots\n")
    done = workbook("inspect", str(path), "--format", "json")
    summary = json.loads(done.stdout)
    assert summary["layout"] == "Sales sheet (one row per sale)"
    assert summary["columns"]["customer"] == ["Client"] and summary["why"]["customer"] == "a customer name"
    assert summary["rows_read"] == 6 and summary["rows_skipped"] == 1
    assert summary["skipped_reasons"] == ["row 7: amount 'lots' is not a number"]
    assert summary["skipped"] == [{"reason": "amount is not a number", "rows": 1,
                                   "examples": ["row 7: amount 'lots' is not a number"]}]
    text = workbook("inspect", str(DATA / "riverside-physio-sales.csv")).stdout
    assert "semicolon" in text and "Patient" in text


@pytest.mark.parametrize("args", [["rank"], ["rank", "x.csv", "--top", "0"], ["rank", "x.csv", "--by", "love"],
                                  ["deadlines", "--today", "tomorrow"], ["nothing"]])
def test_usage_errors_exit_2(args, workbook):
    assert workbook(*args).returncode == 2


def test_bad_input_corpus_is_large_enough():
    assert len(EXPECTED) >= 25
    assert {p.name for p in BAD.iterdir()} - {"expected.json"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_inputs_give_one_clear_message(name, workbook):
    case = EXPECTED[name]
    done = workbook("rank", str(BAD / name), *case.get("args", []))
    assert done.returncode == 3, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"workbook: {name}")
    assert case["message"] in lines[0]


def test_bad_inputs_through_inspect_too(workbook):
    done = workbook("inspect", str(BAD / "dates_not_dates.csv"))
    assert done.returncode == 3 and "not a date" in done.stderr
    assert "Columns:" in done.stdout and "Rows skipped: 2" in done.stdout and "Traceback" not in done.stderr


def test_an_export_of_refunds_only_ranks_nobody_and_says_why(tmp_path, workbook):
    path = tmp_path / "refunds.csv"
    path.write_text("Customer,Date,Amount\nAnn,2026-01-02,-50\nBo,2026-01-03,(20.00)\n")
    done = workbook("rank", str(path))
    assert done.returncode == 3 and "no customer has spent anything" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("asked", ["option", "environment", "neither"])
def test_debug_shows_the_traceback_behind_the_plain_message(asked):
    from workbook.settings import DEBUG_ENV

    env = {k: v for k, v in os.environ.items() if k != DEBUG_ENV} | ({DEBUG_ENV: "1"} if asked == "environment" else {})
    done = subprocess.run([sys.executable, "-m", "workbook", *(["--debug"] if asked == "option" else []), "rank",
                           str(BAD / "amounts_not_numbers.csv")], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr.splitlines()[-1].startswith("workbook: amounts_not_numbers.csv, row 2, column 'Amount'")
    shown = "Traceback (most recent call last)" in done.stderr and "MissingColumnsError" in done.stderr
    assert shown == (asked != "neither"), done.stderr


def test_a_store_that_is_not_one_or_cannot_be_opened_says_which(workbook, tmp_path):
    from workbook.errors import StoreError
    from workbook.store import Store

    (tmp_path / "workbook.sqlite").write_bytes(b"not a database, " * 400)
    done = workbook("report", "--data-dir", str(tmp_path))
    assert done.returncode == 3 and "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert "is damaged" in done.stderr and str(tmp_path / "workbook.sqlite") in done.stderr
    assert (tmp_path / "workbook.sqlite").read_bytes().startswith(b"not a database")  # the owner's file untouched
    (tmp_path / "folder.sqlite").mkdir()  # SQLite cannot open it: nothing says the file is damaged
    with pytest.raises(StoreError, match=r"could not be opened .*disk has room") as raised:
        Store(tmp_path / "folder.sqlite")
    assert "damaged" not in str(raised.value)


def test_serve_refuses_a_count_of_ready_pages_that_is_not_one(workbook):
    for given in ("-1", "two", "1.5"):
        done = workbook("serve", "--ready", given)
        assert done.returncode == 2 and "is not a number of pages" in done.stderr and "Traceback" not in done.stderr
