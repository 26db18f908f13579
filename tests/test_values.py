import math

import pandas as pd
import pytest

from workbook.values import customer_keys, infer_date_order, normalise_names, parse_amounts, parse_dates


@pytest.mark.parametrize("text, expected", [
    ("$8.00", 8.0), ("-$12.00", -12.0), ("(1,234.50)", -1234.5), ("12.00-", -12.0), ("USD 1,234.50", 1234.5),
    ("£ 99", 99.0), ("1 234.50", 1234.5), ("0", 0.0), ("−5.25", -5.25),
])
def test_amounts_in_dot_decimal_columns(text, expected):
    assert parse_amounts(pd.Series([text, "1.00"])).iloc[0] == expected


def test_decimal_comma_is_decided_for_the_whole_column():
    parsed = parse_amounts(pd.Series(["12,50", "1.234,56", "1.234", "€ 3,00"]))
    assert parsed.tolist() == [12.5, 1234.56, 1234.0, 3.0]


@pytest.mark.parametrize("text", ["abc", "twelve pounds", "12-34", "", None])
def test_non_amounts_are_missing(text):
    assert math.isnan(parse_amounts(pd.Series([text, "1"])).iloc[0])


def test_numeric_columns_pass_through():
    assert parse_amounts(pd.Series([1, 2.5])).tolist() == [1.0, 2.5]


def test_iso_dates_keep_the_wall_clock_day():
    parsed = parse_dates(pd.Series(["2025-03-14 23:22:01 -0500", "2025-03-15T01:00:00Z", "2025-3-1"]))
    assert [d.date().isoformat() for d in parsed] == ["2025-03-14", "2025-03-15", "2025-03-01"]


def test_day_month_order_is_read_from_the_whole_column():
    assert infer_date_order(pd.Series(["03/04/2025", "25/04/2025"])) == "dmy"
    assert infer_date_order(pd.Series(["03/04/2025", "04/25/2025"])) == "mdy"
    assert parse_dates(pd.Series(["03/04/2025", "25/04/2025"]))[0].date().isoformat() == "2025-04-03"
    assert parse_dates(pd.Series(["03/04/25"]), "mdy")[0].date().isoformat() == "2025-03-04"


def test_ambiguous_dates_are_not_guessed():
    with pytest.raises(ValueError, match="could be day/month or month/day"):
        parse_dates(pd.Series(["03/04/2025", "05/06/2025"]))


def test_dates_with_month_names():
    parsed = parse_dates(pd.Series(["Mar 5, 2025", "14 March 2025"]))
    assert [d.date().isoformat() for d in parsed] == ["2025-03-05", "2025-03-14"]


def test_customer_keys_prefer_email_then_name():
    keys, emails = customer_keys(pd.Series([" Ann@X.com", None, "not-an-email", None]),
                                 pd.Series(["Ann", "Bob  SMITH ", "Cy", None]))
    assert keys.tolist()[:3] == ["email:ann@x.com", "name:bob smith", "name:cy"]
    assert pd.isna(keys.iloc[3])
    assert emails.iloc[0] == "ann@x.com" and emails.iloc[1:].isna().all()


def test_normalise_names():
    names = normalise_names(pd.Series(["  Zoë   Underhill. ", "", "ＺＯË\u00a0underhill", 42], dtype=object))
    assert names.iloc[0] == names.iloc[2] == "zoë underhill"
    assert names.iloc[[1, 3]].isna().all()
