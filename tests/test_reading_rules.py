"""The reading rules, each on a small sheet written the way owners' systems write them.

Every expected figure is worked out by hand in the test, never by the workbook.
"""

from __future__ import annotations

import pytest

from workbook.challenge.ranking import rank_customers
from workbook.errors import AmbiguousLayoutError, InputError
from workbook.exports import load_exports


def ranked(path, **options) -> list[tuple[str, float]]:
    return [(row["customer"], row["total_spend"]) for row in rank_customers(load_exports([path], **options).sales)]


def report(path, **options) -> dict:
    return load_exports([path], **options).results[0].summary()


@pytest.mark.parametrize("cells, total", [
    (["79,00 €", "12,50 €"], 91.5),
    (["€79,00", "€12,50"], 91.5),
    (["1.234,50 €", "10,00 €"], 1244.5),
    (["1\u00a0234,50 €", "10,00 €"], 1244.5),
    (["1\u202f234,50 €", "10,00 €"], 1244.5),
    (["1 234,50 €", "10,00 €"], 1244.5),
    (["CHF 1'234.50", "CHF 10.00"], 1244.5),
    (["1’234.50 Fr.", "10.-"], 1244.5),
    (["$100.00", "(12.00)"], 88.0),
    (["1.5E+03", "2.5E+02"], 1750.0),
    (["1.234", "2.000"], 3234.0),
    (["1,234", "2,000"], 3234.0),
    (["79,00 EUR", "12,5 EUR"], 91.5),
])
def test_money_as_spreadsheets_of_every_country_write_it(write, cells, total):
    path = write("sheet.csv", "Kunde;Datum;Betrag\n" + "".join(f"Ann Lee;02.06.2026;{c}\n" for c in cells))
    assert ranked(path) == [("Ann Lee", total)]


def test_a_column_whose_decimal_marks_disagree_about_a_magnitude_says_so(write):
    path = write("sheet.csv", "Customer,Date,Amount\nAnn,2026-01-02,\"12,50\"\nBo,2026-01-03,3.10\n"
                              "Cy,2026-01-04,\"1,234\"\n")
    with pytest.raises(InputError, match="1,234") as error:
        load_exports([path])
    assert error.value.column == "Amount"


def test_a_column_whose_cells_each_say_their_mark_is_read_cell_by_cell(write):
    path = write("sheet.csv", "Customer,Date,Amount\nAnn,2026-01-02,\"12,50\"\nBo,2026-01-03,3.10\n")
    assert sorted(ranked(path)) == [("Ann", 12.5), ("Bo", 3.1)]


def test_dotted_dates_are_day_first_without_a_question(write):
    path = write("sheet.csv", "Customer,Date,Amount\nAnn,02.06.2026,5\nAnn,03.04.2026,5\n")
    rows = rank_customers(load_exports([path]).sales)
    assert rows[0]["last_purchase_date"] == "2026-06-02"
    assert "dots" in report(path)["rules"]["date"]


def test_slashed_dates_under_french_headers_are_day_first_unless_a_cell_says_otherwise(write):
    french = write("ventes.csv", "Client;Date;Montant\nAnn;03/04/2026;5\nAnn;05/06/2026;5\n")
    assert rank_customers(load_exports([french]).sales)[0]["last_purchase_date"] == "2026-06-05"
    assert "language" in report(french)["rules"]["date"]
    proven = write("ventes2.csv", "Client;Date;Montant\nAnn;03/04/2026;5\nAnn;05/25/2026;5\n")
    assert rank_customers(load_exports([proven]).sales)[0]["last_purchase_date"] == "2026-05-25"


def test_english_slashed_dates_that_could_be_either_are_asked(write):
    path = write("sheet.csv", "Customer,Date,Amount\nAnn,03/04/2026,5\nAnn,05/06/2026,5\n")
    with pytest.raises(InputError, match="day/month or month/day"):
        load_exports([path])


def test_an_empty_or_constant_column_never_competes(write):
    path = write("sheet.csv", "Customer,Amount,Total,Tag,Register Date\nAnn,,5.00,,2026-01-02\n"
                              "Bo,,7.00,,2026-01-03\nAnn,,1.00,,2026-01-04\n")
    assert ranked(path) == [("Bo", 7.0), ("Ann", 6.0)]
    assert report(path)["columns"]["date"] == ["Register Date"]


def test_yes_no_and_number_columns_are_never_a_name(write):
    path = write("sheet.csv", "Customer notifications enabled,Customer tax exempt,First Name,Last Name,Total,Date\n"
                              "yes,false,Ann,Lee,5.00,2026-01-02\nno,true,Bo,Chen,7.00,2026-01-03\n"
                              "yes,false,Ann,Lee,4.00,2026-01-04\n")
    assert ranked(path) == [("Ann Lee", 9.0), ("Bo Chen", 7.0)]


def test_the_date_of_the_sale_beats_the_date_a_record_was_added(write):
    path = write("sheet.csv", "Customer,Transaction Date,Transaction Date Added,Amount\n"
                              "Ann,2026-01-02,2026-02-01,5\nBo,2026-01-03,2026-02-01,7\n")
    assert report(path)["columns"]["date"][0] == "Transaction Date"


def test_the_buyer_beats_the_recipient(write):
    path = write("ventas.csv", "Nombre del comprador,Nombre para el envío,Fecha,Total\n"
                               "Ana Ruiz,Luis Ruiz,02/06/2026,50\nAna Ruiz,Eva Ruiz,03/06/2026,20\n"
                               "Pablo Gil,Pablo Gil,04/06/2026,60\n")
    assert ranked(path) == [("Ana Ruiz", 70.0), ("Pablo Gil", 60.0)]


def test_tax_fee_shipping_discount_and_words_are_never_the_amount(write):
    path = write("sheet.csv", "Customer,Date,Sales channel,Sales Tax,Shipping,Discount,Fee,Amount\n"
                              "Ann,2026-01-02,Online,0.00,4.00,1.00,0.50,20.00\n"
                              "Bo,2026-01-03,In person,0.00,0.00,0.00,0.30,30.00\n")
    assert ranked(path) == [("Bo", 30.0), ("Ann", 20.0)]
    assert report(path)["columns"]["amount"] == ["Amount"]


def test_a_question_whose_answers_give_the_same_top_ten_is_not_asked(write):
    same = write("same.csv", "Customer,Date,Amount,Total\nAnn,2026-01-02,5,5\nBo,2026-01-03,7,7\n")
    assert ranked(same) == [("Bo", 7.0), ("Ann", 5.0)]
    assert any("same top ten" in note for note in report(same)["notes"])
    different = write("different.csv", "Customer,Date,Amount,Total\nAnn,2026-01-02,5,9\nBo,2026-01-03,7,6\n")
    with pytest.raises(AmbiguousLayoutError) as question:
        load_exports([different])
    assert question.value.report["choices"]["Amount"][0][1] == 7.0
    assert question.value.report["choices"]["Total"][0][1] == 9.0


def test_a_customers_export_takes_its_lifetime_total_as_it_is(write):
    path = write("customers.csv", "id,Email,Name,Created (UTC),Total Spend,Payment Count,Average Order,"
                                  "Refunded Volume\ncus_1,ann@x.org,Ann Lee,2025-01-02,120.00,3,40.00,30.00\n"
                                  "cus_2,bo@x.org,Bo Chen,2025-02-02,90.00,1,90.00,0.00\n")
    assert ranked(path) == [("Ann Lee", 120.0), ("Bo Chen", 90.0)]
    assert "order" not in report(path)["columns"]


def test_a_ledger_counts_each_sale_once_by_its_income_lines(write):
    path = write("ledger.csv", "Transaction Date,Account Name,Amount,Customer,Account Group\n"
                               "2026-01-02,Sales,100.00,Ann Lee,Income\n"
                               "2026-01-02,Accounts Receivable,100.00,Ann Lee,Asset\n"
                               "2026-01-05,Cash on Hand,100.00,Ann Lee,Asset\n"
                               "2026-01-03,Sales,60.00,Bo Chen,Income\n"
                               "2026-01-03,Accounts Receivable,60.00,Bo Chen,Asset\n")
    assert ranked(path) == [("Ann Lee", 100.0), ("Bo Chen", 60.0)]


def test_a_wholesale_list_counts_what_the_shop_earns(write):
    path = write("orders.csv", "Order Number,Retailer Name,Order Date,Product Name,Wholesale Price,Retail Price,"
                               "Quantity\nF1,Corner Shop,2026-01-02,Candle,10.00,20.00,3\n"
                               "F2,Big Store,2026-01-03,Candle,10.00,20.00,2\n")
    assert ranked(path) == [("Corner Shop", 30.0), ("Big Store", 20.0)]


def test_a_digital_goods_export_respects_its_refunds(write):
    path = write("sales.csv", "Buyer Name,Purchase Email,Sale Date,Item Name,Sale Price ($),Fees ($),"
                              "Partial Refund ($),Fully Refunded?\n"
                              "Ann Lee,ann@x.org,2026-01-02,Course,100.00,10.00,0.00,false\n"
                              "Bo Chen,bo@x.org,2026-01-03,Course,100.00,10.00,0.00,true\n"
                              "Cy Diaz,cy@x.org,2026-01-04,Course,100.00,10.00,25.00,false\n")
    assert ranked(path) == [("Ann Lee", 100.0), ("Cy Diaz", 75.0)]


def test_different_names_at_one_phone_are_different_people(write):
    path = write("sheet.csv", "Customer,Phone,Date,Amount\nAnn Lee,+44 20 7946 0001,2026-01-02,50\n"
                              "Bob Lee,+44 20 7946 0001,2026-01-03,40\nAnn Lee,020 7946 0001,2026-01-04,30\n")
    assert ranked(path) == [("Ann Lee", 80.0), ("Bob Lee", 40.0)]
    assert report(path)["merged"]["shared_phones"] == 1


def test_one_slip_of_a_key_in_an_email_is_one_person(write):
    path = write("sheet.csv", "Customer,Email,Date,Amount\nAnn Lee,ann.lee@gmail.com,2026-01-02,50\n"
                              "Ann Lee,ann.lee@gmaol.com,2026-01-03,40\nBo Chen,bo@gmail.com,2026-01-04,60\n")
    assert ranked(path) == [("Ann Lee", 90.0), ("Bo Chen", 60.0)]
    assert report(path)["merged"]["emails"] == 1


@pytest.mark.parametrize("nobody", ["Walk-in", "Guest", "Cash", "Cash customer", "Passage", "Client de passage",
                                    "Barzahlung", "Laufkundschaft", "Null", "N/A", "Unknown", "-", "Cliente de paso"])
def test_nobody_in_particular_is_not_a_customer(write, nobody):
    path = write("till.csv", f"Customer,Date,Amount\n{nobody},2026-01-02,500\nAnn Lee,2026-01-03,50\n"
                             f"{nobody},2026-01-04,300\n")
    assert ranked(path) == [("Ann Lee", 50.0)]
    assert any("nobody in particular" in note for note in report(path)["notes"])


def test_a_file_reads_the_same_with_the_column_it_suggested(write):
    path = write("sheet.csv", "Customer,Date,Amount,Total,,\nAnn,2026-01-02,5,9,,\nBo,2026-01-03,7,6,,\n")
    with pytest.raises(AmbiguousLayoutError) as question:
        load_exports([path])
    suggested = question.value.headers[0]
    assert ranked(path, columns={"amount": suggested}) == [("Bo", 7.0), ("Ann", 5.0)]


@pytest.mark.parametrize("header", ["Job", "Service", "Leistung", "Prestation", "Servicio", "Treatment"])
def test_what_was_bought_has_many_names(write, header):
    path = write("sheet.csv", f"Customer,Date,Amount,{header}\nAnn,2026-01-02,5,Cut and colour\n")
    assert rank_customers(load_exports([path]).sales)[0]["last_product"] == "Cut and colour"


def test_sales_in_another_currency_than_most_are_left_out_and_counted(write):
    path = write("sheet.csv", "Customer,Date,Amount\nAnn,2026-01-02,€50.00\nBo,2026-01-03,$500.00\n"
                              "Ann,2026-01-04,€30.00\nCy,2026-01-05,€20.00\n")
    assert ranked(path) == [("Ann", 80.0), ("Cy", 20.0)]
    assert report(path)["skipped"][0]["rows"] == 1


@pytest.mark.parametrize("header, yes, no", [("Annulé", "Oui", "Non"), ("Storniert", "ja", "nein"),
                                             ("Geannuleerd", "ja", "nee"), ("Cancelled", "TRUE", "FALSE"),
                                             ("Cancelado", "Sí", "No")])
def test_a_yes_no_cancelled_column_leaves_the_cancelled_sales_out(write, header, yes, no):
    path = write("sheet.csv", f"Customer,Date,Amount,{header}\nAnn,2026-01-02,50,{no}\nBo,2026-01-03,900,{yes}\n"
                              f"Bo,2026-01-04,20,{no}\n")
    assert ranked(path) == [("Ann", 50.0), ("Bo", 20.0)]


def test_a_refunded_status_without_a_refunded_amount_is_left_out(write):
    path = write("citas.csv", "Paciente;Fecha;Importe;Estado\nPablo Sánchez;02/06/2026;1200;Reembolsado\n"
                              "Pablo Sánchez;03/06/2026;45;Pagado\nLucía Fernández;04/06/2026;270;Pagado\n"
                              "Antonio García;05/06/2026;400;Parcialmente reembolsado\n")
    assert ranked(path) == [("Antonio García", 400.0), ("Lucía Fernández", 270.0), ("Pablo Sánchez", 45.0)]
    assert [s["status"] for s in report(path)["statuses"] if not s["counted"]] == ["Reembolsado"]


def test_a_refunded_status_with_its_refunded_amount_counts_less_the_refund(write):
    path = write("orders.csv", "Customer,Date,Total,Refunded Amount,Financial Status\n"
                               "Ann,2026-01-02,100,100,refunded\nAnn,2026-01-03,40,0,paid\n"
                               "Bo,2026-01-04,90,30,partially_refunded\n")
    assert ranked(path) == [("Bo", 60.0), ("Ann", 40.0)]


def test_a_transaction_list_by_account_counts_the_income_lines_once(write):
    path = write("transactions.csv", "Date,Transaction Type,Num,Customer,Account,Amount\n"
                                     "01/05/2026,Invoice,1001,Ann Lee,Sales of Product Income,300.00\n"
                                     "01/05/2026,Invoice,1001,Ann Lee,Accounts Receivable (A/R),300.00\n"
                                     "01/20/2026,Payment,,Ann Lee,Undeposited Funds,300.00\n"
                                     "01/21/2026,Invoice,1002,Bo Chen,Sales of Product Income,120.00\n"
                                     "01/21/2026,Invoice,1002,Bo Chen,Accounts Receivable (A/R),120.00\n")
    assert ranked(path) == [("Ann Lee", 300.0), ("Bo Chen", 120.0)]


def test_header_words_run_together_are_read_apart(write):
    path = write("sales.csv", "ORDERNUMBER,SALES,ORDERDATE,STATUS,CUSTOMERNAME,PHONE,CONTACTLASTNAME,CONTACTFIRSTNAME\n"
                              "10107,2871,2/24/2003 0:00,Shipped,Land of Toys Inc.,2125557818,Yu,Kwai\n"
                              "10108,2765.9,5/7/2003 0:00,Cancelled,Reims Collectables,26.47.1555,Henriot,Paul\n"
                              "10109,3884.34,3/10/2003 0:00,Shipped,Reims Collectables,26.47.1555,Henriot,Paul\n")
    assert ranked(path) == [("Reims Collectables", 3884.34), ("Land of Toys Inc.", 2871.0)]


def test_two_questions_whose_answers_agree_are_both_settled(write):
    path = write("sheet.csv", "Customer,Order Date,Sale Date,Amount,Total\nAnn,2026-01-02,2026-01-02,5,5\n"
                              "Bo,2026-01-03,2026-01-03,7,7\n")
    assert ranked(path) == [("Bo", 7.0), ("Ann", 5.0)]
    assert len([note for note in report(path)["notes"] if "same top ten" in note]) == 2
