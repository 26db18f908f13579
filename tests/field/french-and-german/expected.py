"""Expected answers for the french-and-german field corpus, worked out by hand.

Standalone on purpose: standard library only (no `workbook` import). Each file has
one small function that states which column is the customer, which is the amount and
which rows are sales.

Run:  python tests/field/french-and-german/expected.py
It writes expected.json beside itself.
"""

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_csv(name, delimiter=";", encoding="utf-8-sig"):
    text = (HERE / name).read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def comma_number(s):
    """'13,15' / '1.234,50' / '1 234,50' / '79,00 €' -> Decimal."""
    s = str(s).strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    s = s.replace(".", "").replace(",", ".")
    return Decimal(s)


class Tally:
    def __init__(self):
        self.spend = defaultdict(Decimal)
        self.name = {}
        self.email = {}

    def add(self, key, amount, name=None, email=None):
        self.spend[key] += amount
        if name and key not in self.name:
            self.name[key] = name
        if email and key not in self.email:
            self.email[key] = email

    def result(self, rule, currency, **extra):
        ranked = sorted(self.spend, key=lambda k: (-self.spend[k], str(self.name.get(k, k)).lower()))
        top = []
        for k in ranked[:5]:
            entry = {"name": self.name.get(k, k)}
            if k in self.email:
                entry["email"] = self.email[k]
            entry["spend"] = float(round(self.spend[k], 2))
            top.append(entry)
        out = {"top": top, "customers": len(self.spend), "currency": currency, "rule": rule}
        out.update(extra)
        return out


# ----------------------------------------------------------------- files

def helloasso_paiements():
    """HelloAsso order export (Easter chocolate sale of a French school association).

    One row per item bought; 'Montant tarif' is that item's price (decimal comma), so
    identical rows in one order are separate items and all count. Every row is
    'Validé'. No promo codes, no refunds. Customer = 'Email payeur'; name =
    'Prénom payeur' + 'Nom payeur'.
    """
    t = Tally()
    for r in read_csv("helloasso-paiements-fr.csv"):
        if r["Statut de la commande"].strip() != "Validé":
            continue
        email = r["Email payeur"].strip().lower()
        if not email:
            continue
        name = f'{r["Prénom payeur"].strip()} {r["Nom payeur"].strip()}'
        amount = comma_number(r["Montant tarif"]) - (
            comma_number(r["Montant code promo"]) if r["Montant code promo"].strip() else 0
        )
        t.add(email, amount, name=name, email=email)
    return t.result(
        "sum of 'Montant tarif' (one row per item, decimal comma) per 'Email payeur' over "
        "'Validé' orders; identical rows in one order are separate items",
        "EUR",
        answer={"amount": "Montant tarif"},
    )


FILES = {
    "helloasso-paiements-fr.csv": helloasso_paiements,
}


def main():
    out = {name: fn() for name, fn in FILES.items()}
    (HERE / "expected.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, res in out.items():
        print(name, res.get("customers"), [(e["name"], e["spend"]) for e in res.get("top", [])[:2]])


if __name__ == "__main__":
    main()
