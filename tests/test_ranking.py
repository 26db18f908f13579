import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.importer import load_sales
from workbook.ranking import rank_customers


def sales_frame(rows):
    frame = pd.DataFrame(rows, columns=["key", "customer", "date", "amount", "product"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["email"] = None
    frame["orders"] = (frame["amount"] > 0).astype("int64")
    frame["purchase"] = frame["amount"] > 0
    frame["order"] = pd.NA
    return frame


def test_ties_go_to_spend_then_recency_then_name():
    sales = sales_frame([
        ("name:b", "Bea", "2025-01-01", 10.0, "x"), ("name:a", "Abe", "2025-01-01", 10.0, "x"),
        ("name:c", "Cy", "2025-02-01", 10.0, "x"), ("name:d", "Di", "2025-01-01", 20.0, "x"),
    ])
    assert rank_customers(sales)["customer"].tolist() == ["Di", "Cy", "Abe", "Bea"]


def test_rank_by_recent_spend_and_orders():
    sales = sales_frame([
        ("name:a", "Abe", "2023-01-01", 500.0, "x"), ("name:a", "Abe", "2025-01-01", 10.0, "x"),
        ("name:b", "Bea", "2024-12-01", 100.0, "x"), ("name:c", "Cy", "2024-12-02", 5.0, "x"),
        ("name:c", "Cy", "2024-12-03", 5.0, "x"), ("name:c", "Cy", "2024-12-04", 5.0, "x"),
    ])
    as_of = dt.date(2025, 1, 31)
    assert rank_customers(sales, by="spend_12m", as_of=as_of)["customer"].tolist() == ["Bea", "Cy", "Abe"]
    assert rank_customers(sales, by="orders", as_of=as_of)["customer"].tolist()[0] == "Cy"
    assert rank_customers(sales, as_of=dt.date(2024, 1, 1))["customer"].tolist() == ["Abe"]


def test_shares_and_refund_only_customers():
    sales = sales_frame([
        ("name:a", "Abe", "2025-01-01", 75.0, "x"), ("name:b", "Bea", "2025-01-01", 25.0, "y"),
        ("name:c", "Cy", "2025-01-01", 10.0, "z"), ("name:c", "Cy", "2025-01-02", -10.0, "z"),
    ])
    ranking = rank_customers(sales)
    assert ranking["share"].tolist() == [0.75, 0.25]
    assert ranking["cumulative_share"].tolist() == [0.75, 1.0]


def test_exclude_moves_the_next_one_up():
    sales = sales_frame([(f"name:{n}", n, "2025-01-01", float(100 - i), "x") for i, n in enumerate("abcdefghijkl")])
    top = rank_customers(sales, top=10, exclude=frozenset({"name:a"}))
    assert top["customer"].tolist()[-1] == "k" and "a" not in top["customer"].tolist()


names = st.sampled_from(["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Green"])
sale = st.tuples(names, st.integers(0, 400), st.integers(-5000, 50000))


def csv_of(rows):
    lines = ["Customer,Date,Amount,Product"]
    lines += [f"{name},{(dt.date(2025, 1, 1) + dt.timedelta(days=day)).isoformat()},{cents / 100:.2f},P{day}"
              for name, day, cents in rows]
    return "\n".join(lines) + "\n"


def ranked(path):
    return rank_customers(load_sales(path).sales)[["customer", "total_spend", "orders", "last_purchase_date"]]


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=60), seed=st.randoms())
def test_ranking_ignores_row_order_and_splits(tmp_path_factory, rows, seed):
    folder = tmp_path_factory.mktemp("prop")
    (folder / "a.csv").write_text(csv_of(rows))
    shuffled = rows[:]
    seed.shuffle(shuffled)
    (folder / "b.csv").write_text(csv_of(shuffled))
    half = len(rows) // 2
    (folder / "c.csv").write_text(csv_of(rows[:half]) + csv_of(rows[half:]).split("\n", 1)[1])
    if not any(cents > 0 for _, _, cents in rows):
        return
    expected = ranked(folder / "a.csv")
    pd.testing.assert_frame_equal(ranked(folder / "b.csv"), expected)
    pd.testing.assert_frame_equal(ranked(folder / "c.csv"), expected)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=60))
def test_totals_equal_an_independent_groupby(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("prop") / "s.csv"
    path.write_text(csv_of(rows))
    totals: dict[str, int] = {}
    for name, _, cents in rows:
        totals[name] = totals.get(name, 0) + cents
    expected = {name: cents / 100 for name, cents in totals.items() if cents > 0}
    got = dict(zip(ranked(path)["customer"], ranked(path)["total_spend"]))
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=40), refund=st.integers(1, 100000), who=names)
def test_a_refund_never_raises_spend(tmp_path_factory, rows, refund, who):
    folder = tmp_path_factory.mktemp("prop")
    rows = [(n, d, abs(c)) for n, d, c in rows]
    (folder / "before.csv").write_text(csv_of(rows))
    (folder / "after.csv").write_text(csv_of(rows + [(who, 10, -refund)]))
    before = dict(zip(*ranked(folder / "before.csv")[["customer", "total_spend"]].T.values))
    after = dict(zip(*ranked(folder / "after.csv")[["customer", "total_spend"]].T.values))
    for name, amount in after.items():
        assert amount <= before.get(name, 0)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=40), by=st.sampled_from(["spend", "spend_12m", "orders"]),
       left_out=st.sets(names, max_size=3), size=st.integers(1, 25))
def test_the_saved_rows_are_chosen_as_the_table_would_be(tmp_path_factory, rows, by, left_out, size):
    """The app re-orders saved customers without pandas; it must agree with the ranking's own order."""
    from workbook.ranking import order, records
    from workbook.shortlist import choose

    path = tmp_path_factory.mktemp("prop") / "s.csv"
    path.write_text(csv_of(rows))
    table = rank_customers(load_sales(path).sales, by="spend")
    exclude = frozenset(table.loc[table["customer"].isin(left_out), "key"])
    expected = order(table[~table["key"].isin(exclude)], by).head(size)
    chosen = choose(records(table), size, by, exclude)
    assert [r["key"] for r in chosen] == expected["key"].tolist()
    assert [r["rank"] for r in chosen] == list(range(1, len(chosen) + 1))
