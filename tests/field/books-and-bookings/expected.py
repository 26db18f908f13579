"""Expected answers for the books-and-bookings field corpus, worked out by hand.

Standalone on purpose: it reads every file with the standard library (and openpyxl
for the .xlsx files) and states, per file, exactly which column is the customer,
which is the amount and which rows are sales. It does not import `workbook`.

Run:  python tests/field/books-and-bookings/expected.py
It writes expected.json beside itself.
"""

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------- helpers

def read_csv(name, delimiter=",", skip=0):
    """Rows as dicts; `skip` physical preamble lines before the header."""
    text = (HERE / name).read_bytes().decode("utf-8-sig")
    lines = text.splitlines(keepends=True)[skip:]
    return list(csv.DictReader(io.StringIO("".join(lines)), delimiter=delimiter))


def xlsx_rows(name):
    ws = openpyxl.load_workbook(HERE / name, data_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def dot_number(s):
    """'1,020.00' / '$13.50' / '-590.50' -> Decimal (point decimals, comma thousands)."""
    if isinstance(s, (int, float)):
        return Decimal(str(s))
    s = str(s).strip().replace("$", "").replace(",", "")
    neg = s.startswith("(") and s.endswith(")")
    s = s.strip("()")
    v = Decimal(s)
    return -v if neg else v


def comma_number(s):
    """'2.000,0' / '355,84' -> Decimal (comma decimals, dot thousands)."""
    s = str(s).strip().replace("€", "").replace(".", "").replace(",", ".")
    return Decimal(s)


class Tally:
    """Spend per customer key, remembering a display name and an email."""

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

    def result(self, rule, currency=None, **extra):
        counted = [k for k in self.spend]
        ranked = sorted(counted, key=lambda k: (-self.spend[k], str(self.name.get(k, k)).lower()))
        top = []
        for k in ranked[:5]:
            entry = {"name": str(self.name.get(k, k))}
            if k in self.email:
                entry["email"] = self.email[k]
            entry["spend"] = float(round(self.spend[k], 2))
            top.append(entry)
        out = {"top": top, "customers": len(counted)}
        if currency:
            out["currency"] = currency
        out["rule"] = rule
        out.update(extra)
        return out


def norm(s):
    return " ".join(str(s).split()).lower()


# ----------------------------------------------------------------- per file

def invoiceninja_invoices():
    # Invoice Ninja v4 export: 3 preamble lines ("Invoice Ninja v4.5.17 ...", blank, "INVOICES"),
    # then one row per line item. "Amount" is the invoice total, repeated on every line item
    # of the invoice, so it counts once per (client, invoice number). Statuses: Partial and
    # Paid, both count. The amount is the invoice Amount, not "Paid" (what was received so far).
    t, seen = Tally(), set()
    for r in read_csv("invoiceninja-invoices.csv", skip=3):
        inv = (r["Email"].strip().lower(), r["Invoice Number"])
        if inv in seen:
            continue
        seen.add(inv)
        assert r["Status"] in ("Partial", "Paid"), r["Status"]
        t.add(r["Email"].strip().lower(), dot_number(r["Amount"]), r["Client"].strip(), r["Email"].strip())
    return t.result("Invoice Amount once per invoice number (it repeats on each line item); "
                    "Partial and Paid invoices count; the Paid column is not the amount",
                    currency="USD")


def invoiceninja_clients():
    # Invoice Ninja v4 client list: 3 preamble lines, then one row per client.
    # "Paid to Date" is the lifetime amount paid; "Balance" (still owed) is never the amount.
    t = Tally()
    for r in read_csv("invoiceninja-clients.csv", skip=3):
        email = r["Email"].strip()
        t.add(email.lower(), dot_number(r["Paid to Date"]), r["Name"].strip(), email)
    return t.result("Customer list: Paid to Date is the lifetime spend; Balance is not",
                    currency="USD")


def wave_transactions():
    # Wave accounting export (general ledger): every invoice appears as income lines
    # (Account Group "Income") plus an Accounts Receivable line with the invoice total,
    # and a payment appears as a receivable line and a cash line. Count each sale once:
    # the Income lines only, amount "Amount (One column)", customer "Customer".
    t = Tally()
    for r in read_csv("wave-transactions.csv"):
        if r["Account Group"] != "Income":
            continue
        t.add(norm(r["Customer"]), dot_number(r["Amount (One column)"]), r["Customer"].strip())
    return t.result("Ledger: only the Income lines (Account Group = Income) count; the "
                    "Accounts Receivable and payment/cash lines are the same money again")


def zoho_invoices():
    rows = read_csv("zoho-invoices.csv")
    assert {r["Invoice Status"] for r in rows} == {"Draft"}
    return {"stop": "every one of the 13 invoice lines (3 invoices) is a Draft, so no "
                    "customer has a counted sale",
            "rule": "Drafts do not count"}


def freshbooks_invoices():
    # FreshBooks invoice details: one row per line item; "Line Subtotal" is before tax,
    # "Line Total" after tax (equal here, no tax). Status "sent" (awaiting payment) counts.
    t = Tally()
    for r in read_csv("freshbooks-invoices.csv"):
        assert r["Invoice Status"] == "sent"
        t.add(norm(r["Client Name"]), dot_number(r["Line Subtotal"]), r["Client Name"].strip())
    return t.result("Sum of Line Subtotal over the line items; sent invoices count",
                    currency="USD")


def invoicely_invoices():
    t = Tally()
    for r in read_csv("invoicely-invoices.csv"):
        t.add(norm(r["Client"]), dot_number(r["Total"]), r["Client"].strip())
    return t.result("One invoice, status Due (open) counts; Total \"1,020.00\" has a thousands comma")


def onlineretail_invoices():
    # UCI "Online Retail" (a UK gift wholesaler), one day, one row per invoice line.
    # Line value = Quantity x UnitPrice. Invoices starting with "C" are cancellations with
    # negative quantities: they subtract. Rows without CustomerID are anonymous: left out.
    # CustomerID is written as a float ("14810.0"): the customer is 14810.
    t = Tally()
    for r in read_csv("onlineretail-invoices.csv"):
        cid = r["CustomerID"].strip()
        if not cid:
            continue
        cid = str(int(float(cid)))
        t.add(cid, Decimal(r["Quantity"]) * Decimal(r["UnitPrice"]), cid)
    return t.result("Quantity x UnitPrice per line; C-invoices (cancellations, negative "
                    "quantities) subtract; blank CustomerID rows are anonymous and left out")


def pbpython_sales_jan():
    # Practical Business Python sample sheet: one row per sale line; "ext price" is
    # quantity x unit price; negative quantities (returns) subtract. Customer by account number.
    t = Tally()
    for r in xlsx_rows("pbpython-sales-jan-2014.xlsx"):
        t.add(r["account number"], Decimal(str(r["ext price"])), r["name"])
    return t.result("Sum of ext price per account number (returns are negative and subtract)")


def pbpython_sales_cleanup():
    # Hand-made sheet: Sales is a number in some cells and text like "$1,000.00" in others.
    t = Tally()
    for r in xlsx_rows("pbpython-sales-cleanup.xlsx"):
        t.add(norm(r["Customer"]), dot_number(r["Sales"]), r["Customer"])
    return t.result("One row per customer; Sales cells are numbers or text \"$1,000.00\"")


def pbpython_sales_by_customer():
    # One row per customer with its total Sales (currency-formatted number cells).
    t = Tally()
    for r in xlsx_rows("pbpython-sales-by-customer.xlsx"):
        t.add(r["Customer ID"], Decimal(str(r["Sales"])), r["Customer Name"])
    return t.result("One row per customer: Sales is the total. Ties: three at 630,000 and two "
                    "at 615,000, which are exactly the top five (listed by name within a tie)")


def openfatture_fatture():
    # OpenFatture demo invoices: one row per invoice, customer only as cliente_id (a number).
    # imponibile = net, iva = VAT, totale = gross: the net (imponibile) is the spend.
    t = Tally()
    for r in read_csv("openfatture-fatture-it.csv"):
        t.add(r["cliente_id"], Decimal(r["imponibile"]), r["cliente_id"])
    return t.result("imponibile (net, before IVA) per invoice; customers known only by cliente_id")


def nextfit_vendas():
    # Gym sales (NextFit-style), semicolon separated, customer = nextfit_user_id.
    # status: paga (paid) and ativa (active, being paid) count; cancelada (cancelled) does
    # not; estornada (refunded/charged back) is money returned, so that sale nets to zero.
    t = Tally()
    for r in read_csv("nextfit-vendas-pt.csv", delimiter=";"):
        if r["status"] in ("paga", "ativa"):
            t.add(r["nextfit_user_id"], Decimal(r["valor_total"]), r["nextfit_user_id"])
        else:
            assert r["status"] in ("cancelada", "estornada"), r["status"]
    return t.result("valor_total of sales with status paga or ativa; cancelada and estornada "
                    "(refunded) sales do not count", currency="BRL")


def riconciliazione_fatture():
    t = Tally()
    for r in read_csv("riconciliazione-fatture-it.csv"):
        t.add(norm(r["cliente"]), Decimal(r["importo"]), r["cliente"].strip())
    return t.result("importo per invoice (fattura), customer = cliente")


def voetbal_facturen():
    return {"stop": "purchase invoices received by a football club from one supplier: "
                    "invoice number, due date and amounts only, no customer column",
            "rule": "No customer column, nothing to rank"}


def baeckerei_umsatz():
    return {"stop": "a bakery's daily till turnover per product group (Datum, Warengruppe, "
                    "Umsatz): no customer in any row",
            "rule": "No customer column, nothing to rank"}


def atlantica_facturas():
    # Spanish wine distributor's invoice list exported from a spreadsheet: decimal commas
    # ("355,84"), day-first dates. base_imponible = net, iva_total, total_factura = gross:
    # the net is the spend. estado is empty, Pagado or Pendiente: all count. Invoice 81 is
    # a credit note (negative amounts) and subtracts. Customer = cliente_id (the name
    # appears in two spellings for one id). After invoice 84 the sheet has rows of formula
    # leftovers (no invoice number, cliente_id empty or "#N/A", amounts 0): not sales.
    t = Tally()
    for r in read_csv("atlantica-facturas-es.csv"):
        if not r["factura_id"].strip():
            assert r["base_imponible"].strip() in ("", "0")
            continue
        assert r["estado"] in ("", "Pagado", "Pendiente")
        t.add(r["cliente_id"], comma_number(r["base_imponible"]), r["nombre"].strip())
    return t.result("base_imponible (net) per invoice, decimal commas; the credit note "
                    "(invoice 81, negative) subtracts; rows without an invoice number are "
                    "formula leftovers", currency=None)


def harvest_time_entries():
    # Harvest time report with German number format ("2.000,0"). Billable Amount per entry,
    # customer = Client. The 2.000,0 entry has no client (and is not billable): nobody's.
    # First/Last Name are the employee, not the customer.
    t = Tally()
    for r in read_csv("harvest-time-entries.csv"):
        if not r["Client"].strip():
            continue
        t.add(norm(r["Client"]), comma_number(r["Billable Amount"]), r["Client"].strip())
    return t.result("Billable Amount per time entry with a Client (German decimals: \"1,0\" "
                    "is 1.00); the entry without a client belongs to no customer",
                    currency="EUR")


def toggl_time_entries():
    # Toggl time entries (UTF-8 BOM): customer = Client; Email is the team member's email,
    # not the client's. Amount (EUR) per entry; the entry without a client has no amount.
    t = Tally()
    for r in read_csv("toggl-time-entries.csv"):
        if not r["Client"].strip():
            continue
        t.add(norm(r["Client"]), Decimal(r["Amount (EUR)"]), r["Client"].strip())
    return t.result("Amount (EUR) per entry with a Client; the Email column is the user "
                    "(employee), not the customer", currency="EUR")


def clockify_time_entries():
    # Clockify detailed report: customer = Client; Email/User are the team member.
    # Billable Amount (EUR) is the money; Billable Rate (EUR) is a rate, not the amount.
    t = Tally()
    for r in read_csv("clockify-time-entries.csv"):
        t.add(norm(r["Client"]), Decimal(r["Billable Amount (EUR)"]), r["Client"].strip())
    return t.result("Billable Amount (EUR), not the rate; Email is the user, not the client",
                    currency="EUR")


FILES = {
    "invoiceninja-invoices.csv": invoiceninja_invoices,
    "invoiceninja-clients.csv": invoiceninja_clients,
    "wave-transactions.csv": wave_transactions,
    "zoho-invoices.csv": zoho_invoices,
    "freshbooks-invoices.csv": freshbooks_invoices,
    "invoicely-invoices.csv": invoicely_invoices,
    "onlineretail-invoices.csv": onlineretail_invoices,
    "pbpython-sales-jan-2014.xlsx": pbpython_sales_jan,
    "pbpython-sales-cleanup.xlsx": pbpython_sales_cleanup,
    "pbpython-sales-by-customer.xlsx": pbpython_sales_by_customer,
    "openfatture-fatture-it.csv": openfatture_fatture,
    "nextfit-vendas-pt.csv": nextfit_vendas,
    "riconciliazione-fatture-it.csv": riconciliazione_fatture,
    "voetbal-facturen-nl.csv": voetbal_facturen,
    "baeckerei-umsatz-de.csv": baeckerei_umsatz,
    "atlantica-facturas-es.csv": atlantica_facturas,
    "harvest-time-entries.csv": harvest_time_entries,
    "toggl-time-entries.csv": toggl_time_entries,
    "clockify-time-entries.csv": clockify_time_entries,
}


def main():
    out = {}
    for name, fn in FILES.items():
        res = fn()
        if res.get("currency", "x") is None:
            res.pop("currency")
        out[name] = res
    (HERE / "expected.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    for name, res in out.items():
        if "stop" in res:
            print(f"{name}: STOP")
        else:
            print(f"{name}: {res['customers']} customers; top: "
                  + "; ".join(f"{e['name']} {e['spend']}" for e in res["top"]))


if __name__ == "__main__":
    main()
