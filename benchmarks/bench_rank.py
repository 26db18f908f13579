"""Time ``workbook rank`` against a plain pandas script and DuckDB on the same large files, in one run.

    .venv/bin/python benchmarks/bench_rank.py [--rows 1000000] [--repeat 3]

Prints wall time (median of the repeats, runs interleaved), the ratio to each baseline and
each run's peak memory against the file size. Goals: ratio to pandas at most 1.2 on the generic
file, peak memory at most 3x the file size. The pandas baseline only sums per customer; DuckDB
does the whole job of ``rank`` (spend, number of sales, last date and last product per customer,
the top ten) in SQL. A last case ranks two exports together (a generic sheet and a Shopify export
of half the rows each, customers matched across them). DuckDB comes with ``pip install .[bench]``;
without it, its column is left out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
print(frame.groupby(sys.argv[2])[sys.argv[3]].sum().nlargest(10))
"""
DUCKDB = """
import json, sys
import duckdb
union = " UNION ALL ".join(
    f'SELECT "{key}" AS who, TRY_CAST("{amount}" AS DOUBLE) AS amount, '
    f'TRY_CAST(LEFT(CAST("{date}" AS VARCHAR), 10) AS DATE) AS day, "{product}" AS product '
    f"FROM read_csv('{path}', all_varchar = true)" for path, key, amount, date, product in json.loads(sys.argv[1]))
print(duckdb.sql(f"SELECT who, SUM(amount) AS spend, COUNT(amount) AS sales, MAX(day) AS last, "
                 f"ARG_MAX(product, day) AS last_product FROM ({union}) GROUP BY who "
                 f"ORDER BY spend DESC LIMIT 10").fetchall())
"""
BASELINE_TWO = """
import sys
import pandas as pd
sheet, shop = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
both = pd.concat([sheet[["Email", "Amount"]].rename(columns={"Amount": "Total"}), shop[["Email", "Total"]]])
print(both.groupby("Email")["Total"].sum().nlargest(10))
"""


def generic_file(path: Path, rows: int, rng) -> None:
    import pandas as pd

    customers = rng.zipf(1.3, rows) % 50_000
    days = pd.Timestamp("2024-11-01") + pd.to_timedelta(rng.integers(0, 730, rows), unit="D")
    pd.DataFrame({
        "Customer": pd.Series(customers).map(lambda n: f"Customer {n:05d}"),
        "Email": pd.Series(customers).map(lambda n: f"c{n:05d}@example.com"),
        "Date": days.strftime("%Y-%m-%d"),
        "Amount": (rng.integers(100, 50_000, rows) / 100).round(2),
        "Product": rng.choice(["Bread", "Cake", "Coffee", "Class", "Gift card"], rows),
    }).to_csv(path, index=False)


def shopify_file(path: Path, rows: int, rng) -> None:
    import numpy as np
    import pandas as pd

    order = np.sort(rng.integers(0, rows // 2, rows))
    first = np.r_[True, order[1:] != order[:-1]]
    customers = rng.zipf(1.3, rows // 2 + 1) % 30_000
    email = pd.Series(customers[order]).map(lambda n: f"c{n:05d}@example.com")
    stamp = (pd.Timestamp("2024-11-01") + pd.to_timedelta(order % 730, unit="D")).strftime("%Y-%m-%d 10:00:00 -0500")
    total = (rng.integers(500, 30_000, rows) / 100).round(2)
    blank = pd.Series("", index=range(rows))
    pd.DataFrame({
        "Name": pd.Series(order).map(lambda n: f"#{n + 1000}"), "Email": email,
        "Financial Status": blank.where(~first, "paid"), "Paid at": blank.where(~first, stamp),
        "Total": blank.where(~first, total.astype(str)), "Refunded Amount": blank.where(~first, "0.00"),
        "Lineitem name": rng.choice(["Sourdough", "Rye", "Cake", "Buns"], rows),
        "Billing Name": blank.where(~first, email.str.split("@").str[0]), "Cancelled at": blank,
    }).to_csv(path, index=False)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024


def compare(name: str, paths: list[Path], baseline: list[str], job: list[list[str]], repeat: int) -> float:
    """Our rank against pandas and (when installed) DuckDB doing the whole job on each path's ``job`` columns
    (key, amount, date, product)."""
    commands = {"workbook rank": [sys.executable, "-m", "workbook", "rank", *map(str, paths), "--format", "json",
                                  "--quiet"],
                "plain pandas": [sys.executable, "-c", *baseline]}
    if importlib.util.find_spec("duckdb"):
        spec = json.dumps([[str(path), *columns] for path, columns in zip(paths, job)])
        commands["DuckDB, same job"] = [sys.executable, "-c", DUCKDB, spec]
    runs: dict[str, list[tuple[float, int]]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            runs[label].append(timed(command))
    size = sum(path.stat().st_size for path in paths)
    seconds = {label: statistics.median(t for t, _ in found) for label, found in runs.items()}
    print(f"{name}: {size / 1e6:.0f} MB")
    for label, found in runs.items():
        peak = max(m for _, m in found)
        print(f"  {label:<17} {seconds[label]:6.2f} s   peak {peak / 1e6:7.0f} MB ({peak / size:.2f}x file)")
    for label in commands.keys() - {"workbook rank"}:
        print(f"  ratio to {label}: {seconds['workbook rank'] / seconds[label]:.2f}")
    return seconds["workbook rank"] / seconds["plain pandas"]


def generate(folder: Path, rows: int) -> None:
    """Write both files; run in a child so the timed runs do not inherit its memory."""
    import numpy as np

    rng = np.random.default_rng(7)
    generic_file(folder / "generic.csv", rows, rng)
    shopify_file(folder / "orders_export.csv", rows, rng)
    generic_file(folder / "half_sheet.csv", rows // 2, rng)
    shopify_file(folder / "half_orders_export.csv", rows // 2, rng)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_into:
        generate(args.generate_into, args.rows)
        return
    with tempfile.TemporaryDirectory() as folder:
        generic, shopify = Path(folder) / "generic.csv", Path(folder) / "orders_export.csv"
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--generate-into", folder], check=True)
        compare("generic sales sheet", [generic], [BASELINE, str(generic), "Customer", "Amount"],
                [["Email", "Amount", "Date", "Product"]], args.repeat)
        compare("Shopify orders export", [shopify], [BASELINE, str(shopify), "Email", "Total"],
                [["Email", "Total", "Paid at", "Lineitem name"]], args.repeat)
        halves = [Path(folder) / "half_sheet.csv", Path(folder) / "half_orders_export.csv"]
        compare("two exports together (sheet + Shopify, half the rows each)", halves,
                [BASELINE_TWO, *map(str, halves)],
                [["Email", "Amount", "Date", "Product"], ["Email", "Total", "Paid at", "Lineitem name"]], args.repeat)


if __name__ == "__main__":
    main()
