import math

import pyarrow as pa
import pytest

from workbook.exports.amounts import parse_amounts
from workbook.exports.columns import coded
from workbook.exports.values import day_month_order, first_item, looks_like_date, normalise_names, parse_dates


def days(parsed):
    return [str(d) for d in parsed]


@pytest.mark.parametrize("text, expected", [
    ("$8.00", 8.0), ("-$12.00", -12.0), ("(1,234.50)", -1234.5), ("12.00-", -12.0), ("USD 1,234.50", 1234.5),
    ("£ 99", 99.0), ("1 234.50", 1234.5), ("0", 0.0), ("−5.25", -5.25),
])
def test_amounts_in_dot_decimal_columns(text, expected):
    assert parse_amounts(coded([text, "1.00"]))[0] == expected


def test_decimal_comma_is_decided_for_the_whole_column():
    parsed = parse_amounts(coded(["12,50", "1.234,56", "1.234", "€ 3,00"]))
    assert parsed.tolist() == [12.5, 1234.56, 1234.0, 3.0]


@pytest.mark.parametrize("text", ["abc", "twelve pounds", "12-34", "", None])
def test_non_amounts_are_missing(text):
    assert math.isnan(parse_amounts(coded([text, "1"]))[0])


def test_plain_numbers():
    assert parse_amounts(coded(["1", "2.5", ".5", "-3", "1.", " 4 "])).tolist() == [1.0, 2.5, 0.5, -3.0, 1.0, 4.0]


def test_iso_dates_keep_the_wall_clock_day():
    parsed = parse_dates(coded(["2025-03-14 23:22:01 -0500", "2025-03-15T01:00:00Z", "2025-3-1", None]))
    assert days(parsed) == ["2025-03-14", "2025-03-15", "2025-03-01", "NaT"]


def test_days_that_do_not_exist_are_not_dates():
    assert days(parse_dates(coded(["2025-02-29", "2024-02-29", "2025-04-31", "2025-13-01", "0000-01-01"]))) == [
        "NaT", "2024-02-29", "NaT", "NaT", "NaT"]


def test_day_month_order_is_read_from_the_whole_column():
    assert day_month_order(pa.array(["03/04/2025", "25/04/2025"]))[0] == "dmy"
    assert day_month_order(pa.array(["03/04/2025", "04/25/2025"]))[0] == "mdy"
    assert days(parse_dates(coded(["03/04/2025", "25/04/2025"]))) == ["2025-04-03", "2025-04-25"]
    assert days(parse_dates(coded(["03/04/25"]), "mdy")) == ["2025-03-04"]


def test_ambiguous_dates_are_not_guessed():
    with pytest.raises(ValueError, match="could be day/month or month/day"):
        parse_dates(coded(["03/04/2025", "05/06/2025"]))


def test_dates_with_month_names():
    parsed = parse_dates(coded(["Mar 5, 2025", "14 March 2025", "Someday"]))
    assert days(parsed) == ["2025-03-05", "2025-03-14", "NaT"]


def test_normalise_names():
    names = normalise_names(pa.array(["  Zoë   Underhill. ", "", "ＺＯË\u00a0underhill", " . "])).to_pylist()
    assert names[0] == names[2] == "zoë underhill"
    assert names[1] is None and names[3] is None


@pytest.mark.parametrize("text, day", [("10-Dez-25", "2025-12-10"), ("5 de marzo de 2025", "2025-03-05"),
                                       ("14. März 2025", "2025-03-14"), ("12 févr. 2025", "2025-02-12"),
                                       ("Dec 8, 2024", "2024-12-08"), ("2/23/2025, 9:12:00 AM", "2025-02-23")])
def test_dates_with_month_names_in_four_languages(text, day):
    assert looks_like_date(text)
    assert days(parse_dates(coded([text]), "dmy" if "/" not in text else "mdy")) == [day]


@pytest.mark.parametrize("text", ["someday", "Ann Lee", "12.50", "ORD-1001"])
def test_not_dates(text):
    assert not looks_like_date(text)


@pytest.mark.parametrize("text, item", [("Sourdough Loaf x 2, Cinnamon Roll x 6", "Sourdough Loaf"),
                                        ("2x Rye, 1x Bun", "Rye"), ("Print A5, framed", "Print A5, framed"),
                                        ("Cake", "Cake")])
def test_the_first_of_several_items_in_one_cell(text, item):
    assert first_item(text) == item
