"""Exports written by other systems (tests/exports, sources in sources.toml): each is read by its
layout or by the meaning of its headers, and ranks its customers as a person would by hand."""

import tomllib

import pytest
from conftest import ROOT

from workbook.challenge.ranking import rank_customers
from workbook.errors import AmbiguousDatesError, InputError, NothingCountedError
from workbook.exports import load_exports, load_sales

EXPORTS = ROOT / "tests" / "exports"
SOURCES = tomllib.loads((EXPORTS / "sources.toml").read_text())

# file: (layout, [(customer, spend, orders, phone, last product)] best first)
EXPECTED = {
    "bakery-order-form.csv": ("Sales sheet (one row per sale)", [
        ("maya.holloway@example.com", 114.5, 3, None, "Celebration Cake"),
        ("ben.ashdown@example.com", 68.5, 2, None, "Sourdough Loaf"),
        ("grace.vance@example.com", 14.4, 1, None, "Focaccia")]),
    "shopify-cash-on-delivery.csv": ("Shopify orders export", [
        ("Nusrat Jahan", 4550.0, 2, "+880 1797-088100", "Jamdani saree"),
        ("Tanvir Ahmed", 3030.0, 2, "+880 1911-223344", "Cotton kurta")]),
    "stripe-card-name.csv": ("Stripe payments export", [
        ("Dev Lockwood", 450.0, 1, None, "Leadership programme"),
        ("Esme Fairbairn", 240.0, 2, None, "Coaching session"),
        ("Kira Yardley", 60.0, 1, None, "Coaching session")]),
    "etsy-sold-orders.csv": ("Etsy sold orders export", [
        ("Isla Pemberton", 119.0, 2, None, None), ("Jonas Kettering", 19.4, 1, None, None)]),
    "etsy-sold-order-items.csv": ("Etsy sold order items export", [
        ("Isla Pemberton", 110.0, 2, None, "Stoneware Mug - Speckled, Large"),
        ("Jonas Kettering", 18.0, 1, None, "Lavender Soap Bar")]),
    "squarespace-orders.csv": ("Squarespace orders export", [
        ("Rosa Underhill", 75.0, 2, "+1 408-555-0142", "Coffee Subscription (Month)"),
        ("Wes Saltmarsh", 40.0, 1, "+1 503-555-0199", "Espresso Blend")]),
    "wix-orders.csv": ("Wix orders export", [
        ("Lena Holloway", 68.9, 1, "+49 1522 4260416", "Leinen-Tischdecke"),
        ("Jonas Vance", 53.9, 1, "+49 1512 3456789", "Leinen-Tischdecke")]),
    "xero-sales-invoices.csv": ("Xero sales invoices export", [
        ("Harbour Cafe", 690.0, 2, None, "Menu printing"), ("Kobe Joinery Ltd", 230.0, 1, None, "Logo refresh")]),
    "freshbooks-invoice-details.csv": ("FreshBooks invoice details report", [
        ("Fernhill Golf Club", 690.0, 1, None, "Bookkeeping"), ("Lantern Theatre", 660.0, 2, None, "Bookkeeping")]),
    "ebay-orders.csv": ("eBay orders report", [
        ("Ben Oakley", 128.0, 1, "+44 7700 900456", "Victorian tea set"),
        ("Vera Ingram", 125.5, 2, "+44 7700 900123", "Copper kettle")]),
    "woocommerce-analytics-fr.csv": ("WooCommerce Analytics orders report", [
        ("Aurélie Dunmore", 225.0, 2, None, "Diffuseur"), ("Farid Thistlewood", 50.0, 1, None, "Bougie cèdre")]),
    "salon-appointments.csv": ("Sales sheet (one row per sale)", [
        ("Yara Calloway", 330.0, 3, "+61 412 345 678", "Cut & blow dry"),
        ("Hugo Merriweather", 35.0, 1, "+61 423 456 789", "Beard trim")]),
    "praxis-rechnungen-de.csv": ("Sales sheet (one row per sale)", [
        ("Amelia Redfern", 1370.0, 2, "+49 171 2345678", "Manuelle Therapie"),
        ("Bram Ashdown", 85.0, 1, "+49 160 9876543", "Massage")]),
    "handmade-sheet-with-totals.csv": ("Sales sheet (one row per sale)", [
        ("Ann Lee", 1279.56, 2, None, "Helmet"), ("Bo Chen", 99.0, 1, None, "Tyres")]),
    "helcim-transactions.tsv": ("Sales sheet (one row per sale)", [
        ("WOLFE ALEXIS", 57.0, 1, None, None), ("jennifer k", 55.0, 1, None, None), ("CST1779", 15.0, 1, None, None)]),
    "studio-sales-last-first.csv": ("Sales sheet (one row per sale)", [
        ("Dev Lockwood", 156.0, 2, None, "Mat rental"), ("Maya Holloway", 20.0, 1, None, "Drop-in Class")]),
    "salon-transactions.csv": ("Sales sheet (one row per sale)", [
        ("Yara Calloway", 240.0, 2, None, "Gloss"), ("Hugo Ashdown", 40.0, 1, None, "Men's cut")]),
    "appointments-history.csv": ("Sales sheet (one row per sale)", [
        ("Esme Fairbairn", 95.0, 1, "(206) 555-0111", "Deep tissue massage"),
        ("Quinn Redfern", 70.0, 1, "425-555-0177", "Facial")]),
    "till-sales.csv": ("Sales sheet (one row per sale)", [("Vera Ingram", 110.16, 2, None, "Service (basic)")]),
    "factures-ht-ttc-fr.csv": ("Sales sheet (one row per sale)", [
        ("Atelier Dupont", 1000.0, 1, None, None), ("Boulangerie Martin", 250.0, 1, None, None)]),
    "square-customers.csv": ("Sales sheet (one row per sale)", [
        ("Harbour Cafe", 1450.0, 3, None, None), ("Amelia Birchall", 823.5, 14, "+1 206-555-0142", None),
        ("Bram Calloway", 210.0, 6, "+1 206-555-0188", None)]),
    "estudio-facturas-es.csv": ("Sales sheet (one row per sale)", [
        ("Carmen Oakley", 500.0, 2, "+34 612 34 56 78", "Retiro de fin de semana"),
        ("Niko Birchall", 18.0, 1, "+34 698 76 54 32", "Clase suelta")]),
}


def test_every_export_has_its_source_and_an_expectation():
    files = {p.name for p in EXPORTS.iterdir() if p.suffix in (".csv", ".tsv")}
    assert files == set(SOURCES)
    assert files - set(EXPECTED) == {"sumup-sales-report.csv", "paypal-activity.csv"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_export_ranks_as_by_hand(name):
    layout, expected = EXPECTED[name]
    result = load_sales(EXPORTS / name)
    assert result.layout == layout
    ranking = rank_customers(result.sales)
    found = [(r["customer"], r["total_spend"], r["orders"], r["phone"], r["last_product"]) for r in ranking]
    assert found == expected


def test_the_bakery_form_reads_its_amount_and_order_time_by_meaning():
    result = load_sales(EXPORTS / "bakery-order-form.csv")
    assert result.mapping["amount"] == ["Cart Total"]
    assert result.mapping["date"] == ["Date and Time of Order", "Pickup Date"]
    assert result.mapping["product"] == ["Cart Order"]
    assert "customer" not in result.mapping  # no names: customers are their emails


def test_cash_on_delivery_counts_pending_and_leaves_out_voided():
    result = load_sales(EXPORTS / "shopify-cash-on-delivery.csv")
    statuses = {s.status: (s.orders, s.counted) for s in result.statuses}
    assert statuses == {"pending": (4, True), "voided": (2, False)}
    ranking = rank_customers(result.sales)
    assert ranking[0]["address"] == "House 12, Road 5, 1209 Dhaka"
    assert ranking[0]["key"] == "phone:+8801797088100"


def test_only_paid_orders_when_asked():
    with pytest.raises(NothingCountedError) as caught:
        load_sales(EXPORTS / "shopify-cash-on-delivery.csv", status="paid")
    assert "no order is paid: 4 of 6 are awaiting payment (4 pending, 2 voided)" in str(caught.value)
    assert caught.value.awaiting == 4
    paid = load_sales(EXPORTS / "stripe-card-name.csv", status="paid")
    assert {s.status: s.counted for s in paid.statuses} == {"Paid": True, "Partially Refunded": True,
                                                             "Failed": False}


def test_paypal_counts_payments_and_refunds_not_fees_or_transfers():
    with pytest.raises(AmbiguousDatesError):
        load_sales(EXPORTS / "paypal-activity.csv")
    result = load_sales(EXPORTS / "paypal-activity.csv", date_order="mdy")
    ranking = rank_customers(result.sales)
    assert [(r["customer"], r["total_spend"]) for r in ranking] == [("Carmen Birchall", 1650.0),
                                                                    ("Dmitri Greenhalgh", 200.0)]


def test_an_export_that_cannot_say_who_bought_says_so():
    with pytest.raises(InputError, match="SumUp's sales report does not say who bought"):
        load_sales(EXPORTS / "sumup-sales-report.csv")


def test_every_choice_is_explained():
    result = load_sales(EXPORTS / "stripe-card-name.csv")
    why = result.summary()["why"]
    assert set(why) == set(result.mapping) and all(why.values())
    assert result.mapping["customer"] == ["Customer Description", "Card Name"]


def test_several_exports_rank_together_and_name_a_bad_one(write):
    bad = write("broken.csv", "Customer,Date,Amount\nAnn,2025-01-02,lots\n")
    imported = load_exports([EXPORTS / "stripe-card-name.csv", bad, EXPORTS / "salon-appointments.csv"])
    assert [r.file for r in imported.results] == ["stripe-card-name.csv", "salon-appointments.csv"]
    assert [e.file for e in imported.failed] == ["broken.csv"]
    assert rank_customers(imported.sales)[0]["customer"] == "Dev Lockwood"


def test_a_workbook_whose_first_sheet_is_a_note(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Exported from our booking system. Amounts in US dollars."])
    book.active.append(["Questions: ask Kim"])
    sales = book.create_sheet("Sales 2026")
    sales.append(["Customer", "Order date", "Total (USD)", "Item"])
    sales.append(["Ann Lee", "2026-03-02", 120.5, "Lesson"])
    sales.append(["Ann Lee", "2026-04-02", 80, "Lesson"])
    sales.append(["Bo Chen", "2026-03-09", 60, "Rental"])
    book.save(tmp_path / "bookings.xlsx")
    result = load_sales(tmp_path / "bookings.xlsx")
    assert (result.sheet, result.other_sheets) == ("Sales 2026", ["Read me"])
    assert result.mapping["amount"] == ["Total (USD)"]
    assert [(r["customer"], r["total_spend"]) for r in rank_customers(result.sales)] == [("Ann Lee", 200.5),
                                                                                          ("Bo Chen", 60.0)]
