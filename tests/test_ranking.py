import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.challenge.ranking import rank_customers
from workbook.exports import load_sales


def sales_of(write, rows):
    """Sales read from a small sheet of (customer, date, amount, product) rows."""
    text = "Customer,Date,Amount,Product\n" + "".join(f"{c},{d},{a},{p}\n" for c, d, a, p in rows)
    return load_sales(write("sales.csv", text)).sales


def customers(ranking):
    return [row["customer"] for row in ranking]


def test_ties_go_to_spend_then_recency_then_name(write):
    sales = sales_of(write, [
        ("Bea", "2025-01-01", 10.0, "x"), ("Abe", "2025-01-01", 10.0, "x"),
        ("Cy", "2025-02-01", 10.0, "x"), ("Di", "2025-01-01", 20.0, "x"),
    ])
    assert customers(rank_customers(sales)) == ["Di", "Cy", "Abe", "Bea"]


def test_rank_by_recent_spend_and_orders(write):
    sales = sales_of(write, [
        ("Abe", "2023-01-01", 500.0, "x"), ("Abe", "2025-01-01", 10.0, "x"),
        ("Bea", "2024-12-01", 100.0, "x"), ("Cy", "2024-12-02", 5.0, "x"),
        ("Cy", "2024-12-03", 5.0, "x"), ("Cy", "2024-12-04", 5.0, "x"),
    ])
    as_of = dt.date(2025, 1, 31)
    assert customers(rank_customers(sales, by="spend_12m", as_of=as_of)) == ["Bea", "Cy", "Abe"]
    assert customers(rank_customers(sales, by="orders", as_of=as_of))[0] == "Cy"
    assert customers(rank_customers(sales, as_of=dt.date(2024, 1, 1))) == ["Abe"]
    abe = rank_customers(sales, as_of=as_of)[0]
    assert (abe["total_spend"], abe["spend_12m"], abe["orders"]) == (510.0, 10.0, 2)
    assert (abe["first_purchase_date"], abe["last_purchase_date"]) == ("2023-01-01", "2025-01-01")


def test_the_year_before_a_leap_day(write):
    sales = sales_of(write, [("Abe", "2023-02-28", 5.0, "x"), ("Abe", "2023-03-01", 7.0, "x"),
                             ("Abe", "2024-02-29", 1.0, "x")])
    assert rank_customers(sales)[0]["spend_12m"] == 8.0


def test_shares_and_refund_only_customers(write):
    sales = sales_of(write, [
        ("Abe", "2025-01-01", 75.0, "x"), ("Bea", "2025-01-01", 25.0, "y"),
        ("Cy", "2025-01-01", 10.0, "z"), ("Cy", "2025-01-02", -10.0, "z"),
    ])
    ranking = rank_customers(sales)
    assert [row["share"] for row in ranking] == [0.75, 0.25]
    assert [row["cumulative_share"] for row in ranking] == [0.75, 1.0]


def test_exclude_moves_the_next_one_up(write):
    sales = sales_of(write, [(n, "2025-01-01", float(100 - i), "x") for i, n in enumerate("abcdefghijkl")])
    top = customers(rank_customers(sales, top=10, exclude=frozenset({"name:a"})))
    assert top[-1] == "k" and "a" not in top


def test_last_products_are_those_of_the_last_day(write):
    sales = sales_of(write, [("Abe", "2025-01-01", 5.0, "Bread"), ("Abe", "2025-01-02", 5.0, "Cake"),
                             ("Abe", "2025-01-02", 5.0, "Bun"), ("Abe", "2025-01-02", 5.0, "Cake"),
                             ("Abe", "2025-01-03", -5.0, "Refund")])
    assert rank_customers(sales)[0]["last_product"] == "Cake"  # of the last day's, what they buy most


names = st.sampled_from(["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Green"])
sale = st.tuples(names, st.integers(0, 400), st.integers(-5000, 50000))


def csv_of(rows):
    lines = ["Customer,Date,Amount,Product"]
    lines += [f"{name},{(dt.date(2025, 1, 1) + dt.timedelta(days=day)).isoformat()},{cents / 100:.2f},P{day}"
              for name, day, cents in rows]
    return "\n".join(lines) + "\n"


def ranked(path):
    return [{k: row[k] for k in ("customer", "total_spend", "orders", "last_purchase_date")}
            for row in rank_customers(load_sales(path).sales)]


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
    assert ranked(folder / "b.csv") == expected
    assert ranked(folder / "c.csv") == expected


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=60))
def test_totals_equal_an_independent_groupby(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("prop") / "s.csv"
    path.write_text(csv_of(rows))
    totals: dict[str, int] = {}
    for name, _, cents in rows:
        totals[name] = totals.get(name, 0) + cents
    expected = {name: cents / 100 for name, cents in totals.items() if cents > 0}
    got = {row["customer"]: row["total_spend"] for row in ranked(path)}
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=40), refund=st.integers(1, 100000), who=names)
def test_a_refund_never_raises_spend(tmp_path_factory, rows, refund, who):
    folder = tmp_path_factory.mktemp("prop")
    rows = [(n, d, abs(c)) for n, d, c in rows]
    (folder / "before.csv").write_text(csv_of(rows))
    (folder / "after.csv").write_text(csv_of(rows + [(who, 10, -refund)]))
    before = {row["customer"]: row["total_spend"] for row in ranked(folder / "before.csv")}
    after = {row["customer"]: row["total_spend"] for row in ranked(folder / "after.csv")}
    for name, amount in after.items():
        assert amount <= before.get(name, 0)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(sale, min_size=1, max_size=40), by=st.sampled_from(["spend", "spend_12m", "orders"]),
       left_out=st.sets(names, max_size=3), size=st.integers(1, 25))
def test_the_saved_rows_are_chosen_as_the_table_would_be(tmp_path_factory, rows, by, left_out, size):
    """The app re-orders the saved customers; it must agree with ranking the whole export again."""
    from workbook.challenge.shortlist import choose

    path = tmp_path_factory.mktemp("prop") / "s.csv"
    path.write_text(csv_of(rows))
    sales = load_sales(path).sales
    table = rank_customers(sales, by="spend")
    exclude = frozenset(row["key"] for row in table if row["customer"] in left_out)
    expected = rank_customers(sales, by=by, top=size, exclude=exclude)
    chosen = choose(table, size, by, exclude)
    assert [r["key"] for r in chosen] == [r["key"] for r in expected]
    assert [r["rank"] for r in chosen] == list(range(1, len(chosen) + 1))
