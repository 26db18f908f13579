"""Expected answers for the published sample exports in this folder, worked out with pandas alone.

Run from anywhere: writes expected.json beside this file. It never imports the workbook.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def top(frame: pd.DataFrame, who: str, spend: str, email: str | None = None, size: int = 5) -> list[dict]:
    totals = frame.groupby(who)[spend].sum().round(2).sort_values(ascending=False, kind="stable")
    return [{"name": name, "spend": float(amount)} for name, amount in totals.head(size).items()]


def classicmodels() -> dict:
    """One row per order line of a model-car wholesaler; SALES is the line's total (QUANTITYORDERED x
    PRICEEACH, but PRICEEACH is capped at 100 in this sample, so SALES is the amount). The customer is the
    business (CUSTOMERNAME); its contact's names are people there. Cancelled orders do not count; shipped,
    resolved, in process, on hold and disputed ones do."""
    frame = pd.read_csv(HERE / "classicmodels-sales-sample.csv", encoding="latin-1")
    counted = frame[frame["STATUS"] != "Cancelled"]
    return {"top": top(counted, "CUSTOMERNAME", "SALES"), "customers": int(counted["CUSTOMERNAME"].nunique()),
            "rule": "SALES per order line, Cancelled orders left out; customer = CUSTOMERNAME"}


if __name__ == "__main__":
    answers = {"classicmodels-sales-sample.csv": classicmodels()}
    (HERE / "expected.json").write_text(json.dumps(answers, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
