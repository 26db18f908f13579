"""Expected answers for the shops-and-payments field corpus, worked out by hand.

Standalone: uses only pandas and the standard library (never `workbook`).
Each file has its own small function saying exactly which column is the
customer, which is the amount and which rows are sales.  Run it from anywhere:

    python tests/field/shops-and-payments/expected.py

and it writes expected.json beside itself.

Identity, for every file: a customer is keyed by email when the row has one;
else by phone + name when it has a phone; else by name (lower-cased, trimmed).
Two rows with different emails are two customers even when the name matches.
The name shown is the first non-empty billing/payer name seen for that key.
"customers" counts every distinct customer with at least one counted row
(a fully refunded order still counts, at 0); for customers exports (one row per
customer with a lifetime total) it counts those whose total is not zero.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def read(name, **kw):
    kw.setdefault("dtype", str)
    kw.setdefault("keep_default_na", False)
    return pd.read_csv(HERE / name, **kw)


def money(text: str) -> float:
    """Dot-decimal amounts as these files write them: 2,782.24 / -353.72 / 0."""
    t = str(text).strip().replace("$", "").replace("£", "").replace("€", "")
    if t == "":
        return 0.0
    neg = t.startswith("(") and t.endswith(")")
    t = t.strip("()").replace(",", "")
    v = float(t)
    return -v if neg else v


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", str(s)).strip().lower()


class Ledger:
    """Sums spend per customer key, remembering the name and email to show."""

    def __init__(self):
        self.spend: dict[str, float] = {}
        self.name: dict[str, str] = {}
        self.email: dict[str, str] = {}
        self.order: list[str] = []

    def add(self, amount: float, *, email: str = "", phone: str = "", name: str = ""):
        email, phone, name = str(email).strip(), str(phone).strip(), str(name).strip()
        if email:
            key = "e:" + email.lower()
        elif phone and name:
            key = "p:" + re.sub(r"\D", "", phone) + "|" + norm(name)
        elif name:
            key = "n:" + norm(name)
        else:
            return False  # no one to credit
        if key not in self.spend:
            self.spend[key] = 0.0
            self.order.append(key)
        self.spend[key] += amount
        if name and not self.name.get(key):
            self.name[key] = name
        if email and not self.email.get(key):
            self.email[key] = email
        return True

    def result(self, rule, currency=None, count_zero=True, **extra):
        keys = [k for k in self.order if count_zero or round(self.spend[k], 2) != 0]
        ranked = sorted(keys, key=lambda k: (-round(self.spend[k], 2), self.order.index(k)))
        top = []
        for k in ranked[:5]:
            entry = {"name": self.name.get(k) or None}
            if self.email.get(k):
                entry["email"] = self.email[k]
            entry["spend"] = round(self.spend[k], 2)
            top.append(entry)
        out = {"top": top, "customers": len(keys)}
        if currency:
            out["currency"] = currency
        out["rule"] = rule
        out.update(extra)
        return out


# ---------------------------------------------------------------- Shopify orders
def shopify_orders(name, currency):
    """Order-level money sits on each order's first line only (Financial Status
    non-empty there).  Spend = Total - Refunded Amount once per order; voided
    orders are left out; refunded ones net to their Total - Refunded Amount.
    Customer: Email, else Phone/Billing Phone + Billing Name, else Billing Name."""
    d = read(name)
    led = Ledger()
    seen = set()
    for _, r in d.iterrows():
        status = r["Financial Status"].strip().lower()
        if not status or r["Name"] in seen:
            continue  # a later line item of an order already counted
        seen.add(r["Name"])
        if status in ("voided", "expired"):
            continue
        amount = money(r["Total"]) - money(r["Refunded Amount"])
        led.add(amount, email=r["Email"], phone=r.get("Phone", "") or r.get("Billing Phone", ""),
                name=r["Billing Name"] or r["Shipping Name"])
    return led


def f_shopify_orders_bdt():
    led = shopify_orders("shopify-orders-bdt.csv", "BDT")
    return led.result(
        "Shopify orders: Total - Refunded Amount once per order (first line). All 5 orders are "
        "'pending' cash-on-delivery orders and count. No emails: customer = Phone + Billing Name "
        "(names like 'Mahmudul -' keep the '-' the shop wrote as a last name).",
        "BDT")


def f_shopify_orders_cad():
    led = shopify_orders("shopify-orders-cad.csv", "CAD")
    return led.result(
        "Shopify orders: Total - Refunded Amount once per order (first line only); #1095 is "
        "partially_refunded 149.44 - 1.54 = 147.90. Outstanding Balance (#1058 11.29, #1095 28.23) "
        "is ignored: both orders say 'paid'/'partially_refunded', and Total is the order's money.",
        "CAD")


def f_shopify_orders_gbp():
    led = shopify_orders("shopify-orders-gbp.csv", "GBP")
    return led.result(
        "Shopify orders (TikTok Shop channel): Total - Refunded Amount once per order. Eight "
        "'refunded' orders (also Cancelled at) net to 0 but their buyers still count. "
        "siansmith1302@gmail.com: #1057 refunded (0) + #1037 35.42. 'Diptargha Chakravorty' has two "
        "different emails = two customers (one at 0, one at 16.38). TikTok relay emails "
        "(...@scs3.tiktok.com) are per-buyer and used as-is.",
        "GBP")


# ------------------------------------------------------------- Shopify customers
def f_shopify_customers():
    d = read("shopify-customers.csv")
    led = Ledger()
    for _, r in d.iterrows():
        full = f"{r['First Name'].strip()} {r['Last Name'].strip()}".strip()
        led.add(money(r["Total Spent"]), email=r["Email"], phone=r["Phone"], name=full)
    return led.result(
        "Shopify customers export: one row per customer; Total Spent is the spend; name = First + "
        "Last Name. Customers with Total Spent 0.00 are not counted.",
        None, count_zero=False)


def f_shopify_transactions():
    return {
        "stop": "Shopify transactions export has only an order number (Name), gateway and amount "
                "per transaction: no customer name, email or phone, so no one can be ranked.",
        "rule": "sale/refund rows with Status success/failure; no customer column at all.",
        "currency": "USD",
    }


# ------------------------------------------------------------------------ Stripe
def stripe_payments(name):
    d = read(name)
    led = Ledger()
    left_out = 0
    for _, r in d.iterrows():
        if r["Status"].strip().lower() in ("failed", "canceled", "cancelled"):
            continue
        amount = money(r["Amount"]) - money(r["Amount Refunded"])
        if not led.add(amount, email=r["Customer Email"], name=r.get("Customer Description", "")):
            left_out += 1
    return led, left_out


def f_stripe_payments_usd():
    led, left_out = stripe_payments("stripe-payments-usd.csv")
    assert left_out == 5
    return led.result(
        "Stripe payments: Amount - Amount Refunded; none Failed. The one 'Refunded' payment "
        "(anthonytuckerhoops, 170 - 170) nets 0 but counts. gaterman06: 750 - 195 = 555. "
        "Ryanarmanni@gmail.com pays twice (200 + 180). Five payments carry no customer "
        "(no email, id or description) and are left out. No names in this export: only emails.",
        "USD")


def f_stripe_payments_ach():
    led, left_out = stripe_payments("stripe-payments-ach.csv")
    assert left_out == 0
    return led.result(
        "Stripe payments (US bank account debits): Amount - Amount Refunded; all 7 are 'Pending' "
        "and count. Only an email identifies the payer (the name is only inside Description, "
        "'Dues payment for <name> - Winter 2026'). Ties: three at 550, and 5th place is a tie "
        "at 240 (jackgriffith11 / singerkatie1250); listed in file order.",
        "USD")


def stripe_customers(name):
    d = read(name)
    led = Ledger()
    for _, r in d.iterrows():
        led.add(money(r["Total Spend"]), email=r["Email"], name=r["Name"])
    return led


def f_stripe_customers_usd():
    led = stripe_customers("stripe-customers-usd.csv")
    return led.result(
        "Stripe customers export: Total Spend is the spend (already net: the fully refunded "
        "customer cus_OW4T... shows 0.00 with Refunded Volume 170). Rows sharing an email are "
        "one customer: Ryanarmanni@gmail.com 200 + 180 + 180 = 560, kanema20@gmail.com "
        "160 + 0 + 180 = 340. 'Vincent Palumbo' has two emails = two customers. Test customers "
        "have 0 and are not counted.",
        "USD", count_zero=False)


def f_stripe_customers_saas():
    led = stripe_customers("stripe-customers-saas.csv")
    return led.result(
        "Stripe customers export (B2B SaaS): Total Spend is the spend (net of Refunded Volume, "
        "e.g. cole@contactscience.io 10000.00 after 5000.00 refunded); 27 emails repeat across "
        "customer records and are summed. Zero-spend customers are not counted. Name column "
        "sometimes holds a company or an email.",
        "USD", count_zero=False)


# ------------------------------------------------------------------------ PayPal
def f_paypal_activity_en():
    """PayPal business 'Activity download'.  Sales = rows whose money comes IN to
    the account holder (rusticthingz@yahoo.com) from a buyer: Balance Impact
    'Credit', To Email = holder, Type a payment received.  'Invoice Sent' rows are
    Memo (no money) and would double count.  Debit card spends, authorizations,
    holds, the holder's own Express Checkout purchases, bank deposits and the
    AMAZON.COM 'Non Reference Credit Payment' (a merchant crediting the holder)
    are not sales.  No refunds appear in these 300 rows."""
    holder = "rusticthingz@yahoo.com"
    d = read("paypal-activity-en.csv", encoding="utf-8-sig")
    sale_types = {"Website Payment", "PayPal Here Payment", "Express Checkout Payment",
                  "Mobile Payment", "Payment Received", "Subscription Payment"}
    led = Ledger()
    for _, r in d.iterrows():
        if r["Status"] not in ("Completed", "Pending"):
            continue
        if r["Type"] in sale_types and r["Balance Impact"] == "Credit" \
                and r["To Email Address"].lower() == holder:
            assert r["From Email Address"].lower() != holder
            led.add(money(r["Gross"]), email=r["From Email Address"], name=r["Name"])
        elif "Refund" in r["Type"] and r["From Email Address"].lower() == holder:
            led.add(money(r["Gross"]), email=r["To Email Address"], name=r["Name"])
    return led.result(
        "PayPal activity: Gross of payments received (Website Payment / PayPal Here Payment, "
        "Balance Impact Credit, To = the holder rusticthingz@yahoo.com); Invoice Sent memo rows, "
        "debit-card spends, holds, the holder's own purchases and AMAZON.COM credits are not "
        "sales; Fee is never the amount. Gross uses thousands commas ('3,000.00'). "
        "Xiomara McClenton pays from two emails (outlook 324.75, yahoo 299.34) = two customers "
        "by the email rule (a tool merging by name would give 624.09). Combat Marine Outdoors: "
        "165 + 150 = 315.",
        "USD")


# -------------------------------------------------------------------------- Etsy
def etsy_orders(name, sep):
    d = read(name, sep=sep)
    led = Ledger()
    for _, r in d.iterrows():
        if r["Status"].strip().lower() in ("canceled", "cancelled"):
            continue
        adjusted = money(r["Adjusted Order Total"])
        amount = adjusted if adjusted else money(r["Order Total"])
        # Buyer User ID is the customer id; 20-29 rows lack it, then the name is the key.
        uid = r["Buyer User ID"].strip()
        name_ = r["Full Name"].strip()
        if uid:
            _add_by_id(led, uid, name_, amount)  # Etsy gives no email: the user id is the key
        else:
            led.add(amount, name=name_)
    return led


def _add_by_id(led: Ledger, uid: str, name: str, amount: float):
    key = "id:" + uid.lower()
    if key not in led.spend:
        led.spend[key] = 0.0
        led.order.append(key)
    led.spend[key] += amount
    if name and not led.name.get(key):
        led.name[key] = name


def f_etsy_2022():
    led = etsy_orders("etsy-sold-orders-2022.csv", ",")
    return led.result(
        "Etsy sold orders: Order Total per order (Adjusted Order Total is 0.00 everywhere = no "
        "refunds; Status empty on all rows). Customer = Buyer User ID, else Full Name (20 rows "
        "have no user id). Card Processing Fees / Order Net are never the amount.",
        "USD")


def f_etsy_2023():
    led = etsy_orders("etsy-sold-orders-2023.tsv", "\t")
    return led.result(
        "Etsy sold orders, TAB-separated: Order Total per order (no refunds, Status empty). "
        "Customer = Buyer User ID, else Full Name (29 rows). Some names are double-encoded "
        "UTF-8 as Etsy wrote them ('XuÃ¢n HÃ  Hunt'); shown as stored.",
        "USD")


# ------------------------------------------------------------------------- SumUp
def f_sumup_de():
    return {
        "stop": "SumUp business-account statement (German): every row is an incoming or outgoing "
                "bank transfer ('Eingehende/Ausgehende Banküberweisung'), no card sales; "
                "transfers are not sales, so no one can be ranked.",
        "rule": "Art der Transaktion is only Banküberweisung; Referenz holds name + IBAN.",
        "currency": "EUR",
    }


FILES = {
    "shopify-orders-bdt.csv": f_shopify_orders_bdt,
    "shopify-orders-cad.csv": f_shopify_orders_cad,
    "shopify-orders-gbp.csv": f_shopify_orders_gbp,
    "shopify-customers.csv": f_shopify_customers,
    "shopify-transactions-usd.csv": f_shopify_transactions,
    "stripe-payments-usd.csv": f_stripe_payments_usd,
    "stripe-payments-ach.csv": f_stripe_payments_ach,
    "stripe-customers-usd.csv": f_stripe_customers_usd,
    "stripe-customers-saas.csv": f_stripe_customers_saas,
    "paypal-activity-en.csv": f_paypal_activity_en,
    "etsy-sold-orders-2022.csv": f_etsy_2022,
    "etsy-sold-orders-2023.tsv": f_etsy_2023,
    "sumup-account-de.csv": f_sumup_de,
}


def main():
    out = {name: fn() for name, fn in FILES.items()}
    (HERE / "expected.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    for name, v in out.items():
        print(name, v.get("customers", "STOP"), [(t["name"], t.get("email"), t["spend"]) for t in v.get("top", [])])


if __name__ == "__main__":
    main()
