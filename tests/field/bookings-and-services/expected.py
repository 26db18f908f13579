"""Expected top customers for the files in this folder.

Standalone: stdlib + openpyxl only (does not import `workbook`).
Run:  python expected.py   -> writes expected.json next to this file.
"""
import csv
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def _key(name):
    """Customer key: whitespace (incl. non-breaking spaces) collapsed, case ignored."""
    return re.sub(r"\s+", " ", (name or "").replace("\xa0", " ")).strip().lower()


def _display(name):
    return re.sub(r"\s+", " ", (name or "").replace("\xa0", " ")).strip()


def _top(totals, names, n=5):
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        {"name": names[k], "email": None, "spend": float(round(v, 2))}
        for k, v in ranked[:n]
    ]


def airbnb_transactions_pt():
    """Airbnb host transaction history (Portuguese, BRL).

    Counts only rows with Tipo == 'Reserva' (one row per payout of a booking; a booking
    paid in two instalments has two Reserva rows with different amounts, both count).
    Amount = 'Ganhos brutos' (gross earnings). The guest's total price is NOT in the file;
    'Valor' is the host payout after Airbnb's service fee, so it is not used.
    Ignored: Payout rows (transfers to the host's bank), 'Recebimento do coanfitrião'
    (negative: the co-host's share, not a refund), 'Pagamento da Resolução' (damage /
    resolution-centre reimbursements, not booking spend), 'Créditos Diversos' (tax credit).
    Customer = guest name ('Hóspede'), case/surrounding spaces ignored.
    """
    path = HERE / "airbnb-transactions-pt.csv"
    totals, names = defaultdict(Decimal), {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Tipo"] != "Reserva":
                continue
            k = _key(row["Hóspede"])
            if not k:
                continue
            totals[k] += Decimal(row["Ganhos brutos"])
            names.setdefault(k, _display(row["Hóspede"]))
    return {
        "top": _top(totals, names),
        "customers": len(totals),
        "currency": "BRL",
        "rule": "Tipo=Reserva rows only, sum 'Ganhos brutos' per guest (Hóspede); guest total "
                "price not in file; Valor is the payout after service fee; co-host, payout, "
                "resolution and credit rows ignored",
        "answer": {"amount": "Ganhos brutos"},
    }


def vagaro_transactions():
    """Vagaro 'Transaction List' report (tattoo studio, USD), XLSX.

    Header is on sheet row 23 under a 22-row summary block; the last row is a 'Total' row.
    Counts rows with Transaction Type == 'Services'. Spend = Price x Qty - Disc
    (Tip, Tax and the 'Card tax' rows with Transaction Type 'Fees' are never spend).
    Gift-card sales (Transaction Type 'Gift Cards') are prepaid value and are not counted;
    the service later paid with the card is counted on its Services row.
    A service whose name ends in '(Refunded)' counts 0.
    'Luiz Lopes' (the studio owner / checkout user, used for walk-in sales) is not a customer.
    Customer = name in 'Customer' (non-breaking spaces normalised, case ignored).
    """
    path = HERE / "vagaro-transactions.xlsx"
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    hdr_i = next(i for i, r in enumerate(rows) if r and r[0] == "Checkout Date")
    hdr = rows[hdr_i]
    col = {h: i for i, h in enumerate(hdr) if h}
    totals, names = defaultdict(Decimal), {}
    for r in rows[hdr_i + 1:]:
        if r[col["Transaction Type"]] != "Services":
            continue
        cust = r[col["Customer"]]
        k = _key(cust)
        if not k or k == "luiz lopes":
            continue
        item = str(r[col["Service/Product/GC/Package/Membership/Class"]] or "")
        if item.strip().endswith("(Refunded)"):
            amount = Decimal(0)
        else:
            price = Decimal(str(r[col["Price"]] or 0))
            qty = Decimal(str(r[col["Qty"]] or 1))
            disc = Decimal(str(r[col["Disc"]] or 0))
            amount = price * qty - disc
        totals[k] += amount
        names.setdefault(k, _display(cust))
    return {
        # 5th place is a tie (David Soto and Enrique Escamilla, 3700.00 each): top 4 only.
        "top": _top(totals, names, n=4),
        "customers": len(totals),
        "currency": "USD",
        "rule": "Transaction Type=Services rows, Price x Qty - Disc per Customer; tips, tax, "
                "'Card tax' fee rows, gift-card sales, '(Refunded)' items and the owner "
                "'Luiz Lopes' (walk-ins) excluded; summary block above row 23 and Total row ignored",
        "answer": {"amount": "Price"},
    }


def main():
    out = {
        "airbnb-transactions-pt.csv": airbnb_transactions_pt(),
        "vagaro-transactions.xlsx": vagaro_transactions(),
    }
    (HERE / "expected.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
