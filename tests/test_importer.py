import csv
import json

import openpyxl
import pandas as pd
import pytest
from conftest import DATA

from workbook.challenge.ranking import rank_customers
from workbook.demo import DEMOS
from workbook.errors import AmbiguousDatesError, AmbiguousLayoutError, InputError
from workbook.exports import load_sales

GENERIC = "Customer,Email,Date,Amount,Product\nAnn Lee,ann@example.com,2025-01-02,50.00,Bread\n" \
          "Bo Chen,,2025-01-03,20.00,Cake\nAnn Lee,ANN@example.com ,2025-02-01,5.00,Bun\n"


def texts(column):
    return [column.label(code) for code in column.codes]


def spend(result, by="key"):
    totals = {}
    for who, amount in zip(texts(getattr(result.sales, by)), result.sales.amount.tolist()):
        totals[who] = totals.get(who, 0) + amount
    return {who: round(total, 2) for who, total in totals.items()}


def test_generic_sheet(write):
    result = load_sales(write("sales.csv", GENERIC))
    assert result.layout == "Sales sheet (one row per sale)"
    assert result.mapping == {"customer": ["Customer"], "email": ["Email"], "date": ["Date"], "amount": ["Amount"],
                              "product": ["Product"]}
    assert spend(result) == {"email:ann@example.com": 55.0, "name:bo chen": 20.0}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(write, delimiter):
    result = load_sales(write("sales.csv", GENERIC.replace(",", delimiter)))
    assert spend(result)["name:bo chen"] == 20.0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings(write, encoding):
    text = "Client;Date;Montant\nRenée Façade;2025-01-02;12,50\nRenée Façade;2025-01-05;3,00\n"
    text = text.replace("Montant", "Amount")
    result = load_sales(write("ventes.csv", text, encoding=encoding))
    assert spend(result) == {"name:renée façade": 15.5}
    assert texts(result.sales.customer)[0] == "Renée Façade"


def test_headers_match_regardless_of_case_spacing_and_underscores(write):
    path = write("s.csv", "  CLIENT_NAME ,order-date,TOTAL,e mail\nAnn,2025-01-02,5,ann@x.org\n")
    result = load_sales(path)
    assert set(result.mapping) == {"customer", "date", "amount", "email"}


def test_first_and_last_names_are_joined(write):
    result = load_sales(write("s.csv", "First Name,Last Name,Date,Amount\nAnn,Lee,2025-01-02,5\n"))
    assert texts(result.sales.customer) == ["Ann Lee"]


def test_a_few_bad_rows_are_skipped_and_counted(write):
    rows = "".join(f"Ann,2025-01-{d:02d},10\n" for d in range(1, 10))
    result = load_sales(write("s.csv", "Customer,Date,Amount\n" + rows + "Bo,2025-01-10,ten\nCy,,5\n"))
    assert result.skipped == 2
    assert result.reasons == ["row 11: amount 'ten' is not a number", "row 12: no date"]
    assert spend(result) == {"name:ann": 90.0}


def test_mostly_bad_rows_are_an_error_that_counts_them(write):
    path = write("s.csv", "Customer,Date,Amount\nAnn,2025-01-03,12.50\nBo,2025-01-04,ten pounds\nCy,2025-13-45,3\n")
    with pytest.raises(InputError) as raised:
        load_sales(path)
    assert str(raised.value) == ("s.csv, row 3, column 'Amount': amount 'ten pounds' is not a number "
                                 "(2 of 3 rows cannot be used): is this the right column?")


def test_column_overrides_resolve_ambiguity(write):
    path = write("s.csv", "Customer,Date,Amount,Total\nAnn,2025-01-02,5,7\n")
    with pytest.raises(AmbiguousLayoutError):
        load_sales(path)
    assert spend(load_sales(path, columns={"amount": "Total"})) == {"name:ann": 7.0}


def test_date_order_resolves_ambiguous_dates(write):
    path = write("s.csv", "Customer,Date,Amount\nAnn,03/04/2025,5\n")
    with pytest.raises(AmbiguousDatesError) as caught:
        load_sales(path)
    assert caught.value.column == "Date"
    assert str(load_sales(path, date_order="dmy").sales.date[0]) == "2025-04-03"


def test_shopify_orders_net_refunds_and_skip_voided():
    result = load_sales(DATA / "crumb-and-co-bakery-shopify-orders.csv")
    assert result.layout == "Shopify orders export"
    raw = pd.read_csv(DATA / "crumb-and-co-bakery-shopify-orders.csv", dtype={"Cancelled at": "string"})
    first = raw.dropna(subset=["Financial Status"])
    counted = first[first["Financial Status"].isin(["paid", "refunded", "partially_refunded", "pending"])
                    & first["Cancelled at"].isna()]
    expected = (counted["Total"] - counted["Refunded Amount"]).groupby(counted["Email"]).sum().round(2)
    got = {email: total for email, total in spend(result, by="email").items() if email in expected.index}
    assert got == expected.to_dict()
    assert (result.sales.product.codes[result.sales.amount == 0] >= 0).all()


def test_shopify_order_lines_carry_their_order_fields(write):
    text = ("Name,Email,Financial Status,Paid at,Total,Refunded Amount,Lineitem name,Billing Name,Cancelled at\n"
            "#1,ann@x.org,paid,2025-01-02 10:00:00 -0500,30.00,0.00,Bread,Ann Lee,\n"
            "#1,ann@x.org,,,,,Cake,,\n"
            "#2,ann@x.org,partially_refunded,2025-02-02 10:00:00 -0500,20.00,5.00,Pie,Ann Lee,\n")
    result = load_sales(write("orders_export.csv", text))
    ranking = rank_customers(result.sales)
    row = ranking[0]
    assert (row["total_spend"], row["orders"], row["last_product"]) == (45.0, 2, "Pie")
    assert (row["first_purchase_date"], row["last_purchase_date"]) == ("2025-01-02", "2025-02-02")


def test_shopify_customers_export_has_no_dates(write):
    text = ("First Name,Last Name,Email,Company,Total Spent,Total Orders,Tags\n"
            "Ann,Lee,ann@x.org,,120.50,4,\nBo,Chen,bo@x.org,,80.00,2,\n")
    result = load_sales(write("customers_export.csv", text))
    assert result.layout == "Shopify customers export"
    assert "no dates or products" in result.notes[0]
    ranking = rank_customers(result.sales)
    assert [[r["customer"], r["total_spend"], r["orders"]] for r in ranking] == [["Ann Lee", 120.5, 4],
                                                                                 ["Bo Chen", 80.0, 2]]
    assert all(r["last_purchase_date"] is None for r in ranking)


def test_stripe_nets_refunds_and_drops_failed(write):
    text = ("id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer Email,Description\n"
            "ch_1,2025-01-02 10:00,49.00,0.00,usd,Paid,ann@x.org,Session\n"
            "ch_2,2025-01-03 10:00,49.00,49.00,usd,Refunded,ann@x.org,Session\n"
            "ch_3,2025-01-04 10:00,49.00,0.00,usd,Failed,ann@x.org,Session\n"
            "ch_4,2025-01-05 10:00,100.00,20.00,usd,Paid,bo@x.org,Programme\n")
    result = load_sales(write("unified_payments.csv", text))
    assert result.layout == "Stripe payments export"
    assert spend(result) == {"email:ann@x.org": 49.0, "email:bo@x.org": 80.0}


def test_square_items_without_customers_are_left_out(write):
    text = ("Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,"
            "Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location,Dining Option,"
            "Customer ID,Customer Name,Customer Reference ID\n"
            "2025-01-02,10:00:00,Eastern Time,Coffee,Latte,1,,,,$4.50,$0.00,$4.50,$0.36,T1,P1,,,,Payment,Main,,C1,"
            "Ann Lee,\n"
            "2025-01-02,10:00:00,Eastern Time,Food,Bagel,1,,,,$3.00,$0.00,$3.00,$0.24,T1,P1,,,,Payment,Main,,C1,"
            "Ann Lee,\n"
            "2025-01-03,11:00:00,Eastern Time,Coffee,Latte,1,,,,$4.50,$0.00,$4.50,$0.36,T2,P2,,,,Payment,Main,,,,\n"
            "2025-01-04,11:00:00,Eastern Time,Food,Bagel,-1,,,,-$3.00,$0.00,-$3.00,-$0.24,T3,P3,,,,Refund,Main,,C1,"
            "Ann Lee,\n")
    result = load_sales(write("items-2025.csv", text))
    assert result.layout == "Square item sales export"
    assert spend(result) == {"id:square:C1": 4.5}
    assert rank_customers(result.sales)[0]["orders"] == 1
    assert any("without a customer" in note for note in result.notes)


def test_woocommerce_orders(write):
    text = ("Order Number,Order Date,Status,Order Total,Refunded Total,Billing First Name,Billing Last Name,"
            "Billing Email,Item Name\n"
            "101,2025-01-02 09:00,completed,80.00,0.00,Ann,Lee,ann@x.org,Candle\n"
            "101,2025-01-02 09:00,completed,80.00,0.00,Ann,Lee,ann@x.org,Soap\n"
            "102,2025-01-05 09:00,cancelled,40.00,0.00,Ann,Lee,ann@x.org,Soap\n"
            "103,2025-01-06 09:00,processing,30.00,10.00,Bo,Chen,bo@x.org,Candle\n")
    result = load_sales(write("orders-export.csv", text))
    assert result.layout == "WooCommerce orders export"
    assert spend(result) == {"email:ann@x.org": 80.0, "email:bo@x.org": 20.0}
    assert rank_customers(result.sales)[0]["last_product"] == "Candle"


def test_quickbooks_report_counts_no_totals():
    result = load_sales(DATA / "northgate-supplies-quickbooks.csv")
    lines = list(csv.reader((DATA / "northgate-supplies-quickbooks.csv").read_text().splitlines()))
    totals = {"name:" + row[0][10:].lower(): float(row[8].replace(",", ""))
              for row in lines if row and row[0].startswith("Total for ")}
    assert lines[-1][0].startswith("Accrual Basis")
    assert spend(result) == pytest.approx(totals)


def test_quickbooks_report_as_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Alder Lane Dental"], ["Sales by Customer Detail"], [],
                [None, "Date", "Transaction Type", "Num", "Product/Service", "Memo/Description", "Qty",
                 "Sales Price", "Amount", "Balance"],
                ["Cobble Hill Books"], [None, "01/15/2025", "Invoice", "1001", "Desk", None, 1, 410, 410, 410],
                [None, "02/03/2025", "Credit Memo", "1002", "Desk", None, 1, 410, -100, 310],
                ["Total for Cobble Hill Books", None, None, None, None, None, None, None, 310, None],
                ["TOTAL", None, None, None, None, None, None, None, 310, None]]:
        sheet.append(row)
    book.save(tmp_path / "report.xlsx")
    result = load_sales(tmp_path / "report.xlsx")
    assert result.layout.startswith("QuickBooks")
    assert spend(result) == {"name:cobble hill books": 310.0}
    assert str(result.sales.date.min()) == "2025-01-15"


def test_xlsx_generic_with_sheet_choice(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Read me", "This workbook holds our sales"])
    sales = book.create_sheet("Sales")
    sales.append(["Client", "Invoice Date", "Amount"])
    sales.append(["Ann Lee", pd.Timestamp("2025-01-02").to_pydatetime(), 99.5])
    book.save(tmp_path / "book.xlsx")
    result = load_sales(tmp_path / "book.xlsx")
    assert result.read_as == "Excel workbook, sheet 'Sales'"
    assert result.other_sheets == ["Notes"] and "'Notes'" in result.notes[-1]
    assert spend(result) == {"name:ann lee": 99.5}
    with pytest.raises(InputError, match="no column for the customer name"):
        load_sales(tmp_path / "book.xlsx", sheet="Notes")


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_every_demo_export_reads_without_skips(name):
    result = load_sales(DATA / name)
    assert result.sales.customers >= 30
    assert json.dumps(result.summary())


def test_a_file_that_turns_cp1252_after_the_first_block(write):
    rows = "Ann Lee,2025-01-02,5\n" * 5000
    path = write("mixed.csv", ("Customer,Date,Amount\n" + rows).encode() + "Renée,2025-01-03,7\n".encode("cp1252"))
    result = load_sales(path)
    assert "cp1252" in result.read_as
    assert spend(result) == {"name:ann lee": 25000.0, "name:renée": 7.0}
