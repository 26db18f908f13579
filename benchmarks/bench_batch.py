"""Time ``workbook batch --workers 2`` against a sequential loop of the papermill CLI, in one run.

    .venv/bin/python benchmarks/bench_batch.py [--participants 40]

Both make the same plans for the same roster (the demo businesses, round robin). Goal: the
batch at least 1.7x faster than the loop. Also prints the wall time per plan.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ["crumb-and-co-bakery-shopify-orders.csv", "riverside-physio-sales.csv", "northgate-supplies-quickbooks.csv",
         "bright-path-coaching-stripe.csv"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        roster = folder / "roster.csv"
        lines = ["participant,business,data_file"]
        lines += [f"Participant {n:02d},Business {n:02d},{ROOT / 'data' / DEMOS[n % len(DEMOS)]}"
                  for n in range(args.participants)]
        roster.write_text("\n".join(lines) + "\n")

        start = time.perf_counter()
        for n in range(args.participants):
            subprocess.run([sys.executable, "-m", "papermill", str(ROOT / "notebooks" / "plan.ipynb"),
                            str(folder / f"loop-{n}.ipynb"), "--cwd", str(ROOT / "notebooks"),
                            "-p", "participant", f"Participant {n:02d}", "-p", "business", f"Business {n:02d}",
                            "-p", "data_file", str(ROOT / "data" / DEMOS[n % len(DEMOS)]),
                            "-p", "output_folder", str(folder / "loop" / str(n))],
                           check=True, capture_output=True)
        loop = time.perf_counter() - start

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workbook.cli", "batch", str(roster), "--out", str(folder / "batch"),
                        "--workers", "2"], check=True, capture_output=True, cwd=ROOT)
        batch = time.perf_counter() - start

    print(f"{args.participants} plans: papermill CLI loop {loop:.1f} s ({loop / args.participants:.2f} s a plan), "
          f"workbook batch --workers 2 {batch:.1f} s ({batch / args.participants:.2f} s a plan); "
          f"speed-up {loop / batch:.2f}x")


if __name__ == "__main__":
    main()
