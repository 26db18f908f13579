"""Expected answers for the more-systems field corpus, worked out by hand.

Standalone: pandas, openpyxl and the standard library only (never `workbook`).
One small function per file says exactly which column is the customer, which
is the amount and which rows count.  Run it from anywhere:

    python tests/field/more-systems/expected.py

and it writes expected.json beside itself.

Shared rules: spend is what the customer paid, net of refunds; fee, tax,
shipping, tip, discount and payout columns are never the amount; cancelled or
fully refunded sales count 0.  Customer = same email; else same customer id;
else same name (case and surrounding spaces ignored).  "customers" counts every
distinct customer with at least one row in the file (a cancelled sale still
makes a customer, at 0), except in the customers export (flo), where a row is a
customer and all 300 have a non-zero total.  Amounts are rounded to 2 decimals.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent


def norm(s) -> str:
    return re.sub(r"\s+", " ", str(s)).strip().lower()


class Ledger:
    """Sums spend per customer key, remembering the first name/email seen."""

    def __init__(self):
        self.spend: dict[str, float] = {}
        self.name: dict[str, str] = {}
        self.email: dict[str, str] = {}
        self.order: list[str] = []

    def add(self, key, amount, name="", email=""):
        if key not in self.spend:
            self.spend[key] = 0.0
            self.name[key] = str(name).strip()
            self.email[key] = str(email).strip()
            self.order.append(key)
        self.spend[key] += amount

    def result(self, currency, rule, answer=None, top=5):
        keys = sorted(self.order, key=lambda k: (-round(self.spend[k], 2), self.order.index(k)))
        out = {
            "top": [
                {"name": self.name[k], "email": self.email[k], "spend": round(self.spend[k], 2)}
                for k in keys[:top]
            ],
            "customers": len(self.order),
            "currency": currency,
            "rule": rule,
        }
        if answer:
            out["answer"] = answer
        return out


# --------------------------------------------------------------------------
# Tableau "Superstore" sample, French edition (Exemple - Hypermarché)
# --------------------------------------------------------------------------
def euro_fr(text: str) -> float:
    """'1 306 €' (U+202F thousands), '108 €', '€ 162' -> float."""
    t = str(text).replace("€", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    t = t.replace(",", ".")
    return float(t) if t else 0.0


def tableau_superstore_fr():
    df = pd.read_csv(HERE / "tableau-superstore-achats-fr.csv", sep=";", dtype=str,
                     keep_default_na=False, encoding="utf-8-sig")
    led = Ledger()
    for _, r in df.iterrows():
        led.add(norm(r["ID client"]), euro_fr(r["Ventes"]), r["Nom du client"])
    return led.result(
        "EUR",
        "one row per order line; spend = 'Ventes' (line total, '1 306 €' with U+202F thousands); "
        "not 'Prévision des ventes' (forecast) nor 'Profit'; keyed by 'ID client', name 'Nom du client'; "
        "every row counts (Statut des expéditions is only shipping timeliness)",
        answer={"amount": "Ventes", "customer": "ID client"},
    )


# --------------------------------------------------------------------------
# Tableau "Superstore" sample, Spanish edition (Supertienda), XLSX
# --------------------------------------------------------------------------
def tableau_supertienda_es():
    wb = openpyxl.load_workbook(HERE / "tableau-supertienda-ventas-es.xlsx", data_only=True)
    ws = wb["Ventas"]
    rows = list(ws.iter_rows(values_only=True))
    h = list(rows[0])
    i_id, i_name, i_amt, i_ord = (h.index("Id. del cliente"), h.index("Nombre del cliente"),
                                  h.index("Venta"), h.index("Id. del pedido"))
    returned = {r[0] for r in wb["Devoluciones"].iter_rows(min_row=2, values_only=True)
                if r and str(r[1]).strip().lower() in ("sí", "si")}
    led = Ledger()
    for r in rows[1:]:
        if r[i_id] is None:
            continue
        amt = 0.0 if r[i_ord] in returned else float(r[i_amt])
        led.add(norm(r[i_id]), amt, r[i_name])
    return led.result(
        None,
        "sheet 'Ventas', one row per order line; spend = 'Venta' (line total, numeric cells); "
        "'Ganancia' is profit, 'Descuento' a rate; keyed by 'Id. del cliente'; an order listed as "
        "'Devuelto: Sí' in sheet 'Devoluciones' would count 0 (none of the 150 orders kept here is); "
        "currency not stated in the file",
        answer={"amount": "Venta", "customer": "Id. del cliente"},
    )


# --------------------------------------------------------------------------
# Mercado Livre (Brazil) "Vendas BR" seller report, XLSX
# --------------------------------------------------------------------------
def num(v):
    if v is None or (isinstance(v, str) and v.strip() == ""):
        return None
    return float(v)


def mercadolivre_pt():
    wb = openpyxl.load_workbook(HERE / "mercadolivre-vendas-pt.xlsx", data_only=True)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    h = list(rows[5])  # row 6 holds the column names; rows 1-5 are a preamble + group headers
    i_state = 2
    i_rev = h.index("Receita por produtos (BRL)")
    i_canc = h.index("Cancelamentos e reembolsos (BRL)")
    i_tot = h.index("Total (BRL)")
    i_buyer = h.index("Comprador")
    i_cpf = h.index("CPF")
    led = Ledger()
    for r in rows[6:]:
        rev = num(r[i_rev])
        if rev is None:  # item line under a "Pacote de N produtos" row: amounts sit on the package row
            continue
        canc, tot = num(r[i_canc]), num(r[i_tot])
        state = str(r[i_state] or "").lower()
        cancelled = "cancel" in state or (canc is not None and canc < 0 and tot == 0)
        key = norm(r[i_cpf]) or norm(r[i_buyer])
        led.add(key, 0.0 if cancelled else rev, r[i_buyer])
    return led.result(
        "BRL",
        "header on row 6 after a 5-row preamble; spend = 'Receita por produtos (BRL)' on rows that have it "
        "(a 'Pacote de N produtos' row carries the package total, its item rows below are blank); "
        "a sale whose Estado says cancel(ad)a or whose 'Cancelamentos e reembolsos' is negative with "
        "'Total (BRL)' 0 counts 0 (cancelled / refunded / returned); 'Total (BRL)' is the seller's net payout, "
        "'Receita por envio' shipping and 'Receita por acréscimo no preço' an instalment surcharge, none is the amount; keyed by 'CPF' (CPF or CNPJ), name 'Comprador'",
        answer={"amount": "Receita por produtos (BRL)", "customer": "Comprador"},
        top=4,  # ranks 5-8 tie at 1299.90 (one of them a return still in transit)
    )


# --------------------------------------------------------------------------
# Bake-sale order form (Dutch), one row per order
# --------------------------------------------------------------------------
def bakactie_nl():
    df = pd.read_csv(HERE / "bakactie-bestellingen-nl.csv", dtype=str, keep_default_na=False)
    led = Ledger()
    for _, r in df.iterrows():
        led.add(norm(r["Email"]), float(r["Totaal"]), r["Naam"], r["Email"])
    return led.result(
        "EUR",
        "one row per order; spend = 'Totaal' (dot decimals, already includes the optional 'ExtraDonatie'); "
        "'Kruidkoek'/'Cupcakes' are quantities; keyed by 'Email'; every order counts",
        answer={"amount": "Totaal"},
        top=4,  # ranks 5-7 tie at 25.00
    )


# --------------------------------------------------------------------------
# FLO (Turkish shoe retailer) customer table: one row per customer
# --------------------------------------------------------------------------
def flo_customers():
    df = pd.read_csv(HERE / "flo-customers.csv", dtype=str, keep_default_na=False)
    led = Ledger()
    for _, r in df.iterrows():
        total = float(r["customer_value_total_ever_offline"]) + float(r["customer_value_total_ever_online"])
        led.add(norm(r["master_id"]), total, r["master_id"])
    return led.result(
        "TRY",
        "one row per customer, known only by 'master_id' (a UUID, used as the name); lifetime spend = "
        "customer_value_total_ever_offline + customer_value_total_ever_online; order_num_* are counts; "
        "currency (Turkish lira) is not written in the file",
        answer={"amount": "customer_value_total_ever_offline + customer_value_total_ever_online",
                "customer": "master_id"},
    )


FILES = {
    "tableau-superstore-achats-fr.csv": tableau_superstore_fr,
    "tableau-supertienda-ventas-es.xlsx": tableau_supertienda_es,
    "mercadolivre-vendas-pt.xlsx": mercadolivre_pt,
    "bakactie-bestellingen-nl.csv": bakactie_nl,
    "flo-customers.csv": flo_customers,
}


def main():
    out = {name: fn() for name, fn in FILES.items()}
    (HERE / "expected.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, res in out.items():
        top = ", ".join(f"{t['name']} {t['spend']}" for t in res["top"][:2])
        print(f"{name}: {res['customers']} customers; {top}")


if __name__ == "__main__":
    main()
