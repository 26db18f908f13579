"""Who is who: keys from emails, phone numbers, customer numbers and names, within and across exports."""

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.exports.columns import coded
from workbook.exports.identity import customer_keys, normalise_emails, normalise_phones, phone_for_people, phone_region

NONE = [None]


def keys(email=None, phone=None, number=None, name=None, rows=None):
    rows = rows or len(next(c for c in (email, phone, number, name) if c))
    cols = [coded(c or NONE * rows) for c in (email, phone, number, name)]
    found = customer_keys(normalise_emails(cols[0]), normalise_phones(cols[1], phone_region(cols[1])), *cols[2:])
    return [found.label(code) for code in found.codes]


def test_email_first_then_name():
    assert keys(email=[" Ann@X.com", None, "not-an-email", None, "ann@x.com"],
                name=["Ann", "Bob  SMITH ", "Cy", None, "Annie"]) == [
        "email:ann@x.com", "name:bob smith", "name:cy", None, "email:ann@x.com"]


def test_one_shop_writes_a_number_with_and_without_its_country_code():
    phones = coded(["+8801797088100", "01797088100", "'01797 088100", "+880 1911-223344"])
    region = phone_region(phones)
    assert region == "BD"
    assert normalise_phones(phones, region).values.to_pylist() == ["+8801797088100", "+8801911223344"]
    assert len(set(keys(phone=["+8801797088100", "01797088100", "'01797 088100", "+880 1911-223344"]))) == 2


def test_the_country_column_says_where_national_numbers_are():
    assert phone_region(coded(["07700 900123"]), coded(["GB", "GB", "FR"])) == "GB"
    assert normalise_phones(coded(["07700 900123"]), "GB").values.to_pylist() == ["+447700900123"]
    assert phone_for_people("+447700900123") == "+44 7700 900123"


def test_too_short_to_be_a_phone():
    assert normalise_phones(coded(["123", "", "n/a"]), None).values.to_pylist() == []


def test_a_phone_links_an_email_customer_to_rows_without_email():
    assert keys(email=["ann@x.org", None, None], phone=["+441234567890", "+441234567890", None],
                name=["Ann Lee", "A. Lee", "Bo"]) == ["email:ann@x.org", "email:ann@x.org", "name:bo"]


def test_a_name_joins_the_one_customer_who_bears_it():
    assert keys(email=["ann@x.org", None], name=["Ann Lee", "ann  lee"]) == ["email:ann@x.org"] * 2


def test_two_customers_of_one_name_keep_the_nameless_rows_apart():
    found = keys(email=["ann@x.org", "lee.ann@y.org", None], name=["Ann Lee", "Ann Lee", "Ann Lee"])
    assert found == ["email:ann@x.org", "email:lee.ann@y.org", "name:ann lee"]


def test_one_slip_of_a_key_in_an_email_is_the_same_person():
    found = keys(email=["ann.lee@gmail.com", "ann.lee@gmail.com", "ann.lee@gmaol.com", "bo@gmaol.com"],
                 name=["Ann Lee", "Ann Lee", "ann lee", "Bo Chan"])
    assert found == ["email:ann.lee@gmail.com"] * 3 + ["email:bo@gmaol.com"]


def test_different_names_at_one_phone_are_different_people():
    found = keys(phone=["+441234567890"] * 4, name=["Ann Lee", "Bob Lee", "A. Lee", "ann lee"])
    assert found[0] == found[2] == found[3] != found[1]


def test_an_office_phone_does_not_merge_two_emails():
    found = keys(email=["ann@firm.org", "bo@firm.org"], phone=["+441234567890"] * 2, name=["Ann Lee", "Bo Chan"])
    assert found == ["email:ann@firm.org", "email:bo@firm.org"]


def test_a_customer_number_moves_with_all_its_rows():
    found = keys(email=["ann@x.org", None, None], number=[None, "square:C1", "square:C1"],
                 name=["Ann Lee", "Ann Lee", None])
    assert found == ["email:ann@x.org"] * 3
    assert keys(number=["square:C1", "square:C2"], name=["Ann Lee", "Ann Lee"]) == ["id:square:C1", "id:square:C2"]


rows = st.lists(st.tuples(st.sampled_from([None, "a@x.org", "b@x.org", "c@y.org"]),
                          st.sampled_from([None, "+441234567890", "+441234567891"]),
                          st.sampled_from([None, "Ann", "Bo", "Cy"])), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(rows, st.randoms())
def test_keys_do_not_depend_on_the_order_of_rows(table, random):
    order = list(range(len(table)))
    random.shuffle(order)
    shuffled = [table[i] for i in order]
    before = keys(*[list(c) for c in zip(*table)], rows=len(table))
    after = keys(*[list(c) for c in zip(*shuffled)], rows=len(table))
    assert [before[i] for i in order] == after
