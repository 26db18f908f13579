"""Time ``workbook rank`` against a plain pandas script on the same large files, in one run.

    .venv/bin/python benchmarks/bench_rank.py [--rows 1000000] [--repeat 3]

Prints wall time (median of the repeats, runs interleaved), the ratio to the baseline and
each run's peak memory against the file size. Goals: ratio at most 1.2 on the generic file,
peak memory at most 3x the file size. A last case ranks two exports together (a generic sheet
and a Shopify export of half the rows each, customers matched across them) against pandas
reading and concatenating both.
"""

from __future__ import annotations

import argparse
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


def compare(name: str, paths: list[Path], baseline: list[str], repeat: int) -> float:
    ours_cmd = [sys.executable, "-m", "workbook.cli", "rank", *map(str, paths), "--format", "json"]
    base_cmd = [sys.executable, "-c", *baseline]
    ours, base = [], []
    for _ in range(repeat):
        base.append(timed(base_cmd))
        ours.append(timed(ours_cmd))
    size = sum(path.stat().st_size for path in paths)
    ours_t, base_t = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in base)
    ours_m, base_m = max(m for _, m in ours), max(m for _, m in base)
    ratio = ours_t / base_t
    print(f"{name}: {size / 1e6:.0f} MB")
    print(f"  plain pandas  {base_t:6.2f} s   peak {base_m / 1e6:7.0f} MB ({base_m / size:.2f}x file)")
    print(f"  workbook rank {ours_t:6.2f} s   peak {ours_m / 1e6:7.0f} MB ({ours_m / size:.2f}x file)")
    print(f"  ratio {ratio:.2f}")
    return ratio


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
        compare("generic sales sheet", [generic], [BASELINE, str(generic), "Customer", "Amount"], args.repeat)
        compare("Shopify orders export", [shopify], [BASELINE, str(shopify), "Email", "Total"], args.repeat)
        halves = [Path(folder) / "half_sheet.csv", Path(folder) / "half_orders_export.csv"]
        compare("two exports together (sheet + Shopify, half the rows each)", halves,
                [BASELINE_TWO, *map(str, halves)], args.repeat)


if __name__ == "__main__":
    main()
