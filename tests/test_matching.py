"""Several exports ranked together: one export split into two of different layouts ranks the same."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.challenge.ranking import rank_customers
from workbook.exports import load_exports

PEOPLE = {"Ann Lee": "ann@example.org", "Bo Chen": "bo@example.org", "Cy Diaz": "cy@example.org",
          "Di Evans": "di@example.org", "Ed Fox": "ed@example.org"}
sale = st.tuples(st.sampled_from(sorted(PEOPLE)), st.integers(0, 300), st.integers(100, 90000),
                 st.sampled_from(["Bread", "Cake", "Class"]), st.booleans(), st.booleans())


def sheet(rows) -> str:
    lines = ["Customer,Email,Date,Amount,Product"]
    lines += [f"{who},{PEOPLE[who]},{day.isoformat()},{cents / 100:.2f},{what}" for who, day, cents, what, _ in rows]
    return "\n".join(lines) + "\n"


def shopify(rows) -> str:
    """A Shopify orders export: one order per sale, the email left out where ``known`` is false."""
    lines = ["Name,Email,Financial Status,Created at,Total,Refunded Amount,Lineitem name,Billing Name,Cancelled at"]
    lines += [f"#{1000 + n},{PEOPLE[who] if known else ''},paid,{day.isoformat()} 10:00:00 -0500,{cents / 100:.2f},"
              f"0.00,{what},{who}," for n, (who, day, cents, what, known) in enumerate(rows)]
    return "\n".join(lines) + "\n"


def summary(sales):
    return sorted((r["customer"], r["total_spend"], r["orders"], r["last_purchase_date"])
                  for r in rank_customers(sales))


@settings(max_examples=40, deadline=None)
@given(st.lists(sale, min_size=1, max_size=30))
def test_one_export_split_into_two_layouts_ranks_the_same(tmp_path_factory, sales):
    folder = tmp_path_factory.mktemp("split")
    rows = [(who, dt.date(2025, 1, 1) + dt.timedelta(days=day), cents, what, known)
            for who, day, cents, what, _, known in sales]
    whole = folder / "whole.csv"
    whole.write_text(sheet([r[:4] + (True,) for r in rows]))
    part_a = folder / "a.csv"
    part_b = folder / "orders_export.csv"
    in_a = [r for r, (*_, to_a, _) in zip(rows, sales) if to_a]
    in_b = [r for r, (*_, to_a, _) in zip(rows, sales) if not to_a]
    files = []
    if in_a:
        part_a.write_text(sheet(in_a))
        files.append(part_a)
    if in_b:
        part_b.write_text(shopify(in_b))
        files.append(part_b)
    together = load_exports(files)
    assert summary(together.sales) == summary(load_exports([whole]).sales)
    if in_a and in_b:
        both = {r[0] for r in in_a} & {r[0] for r in in_b}
        assert together.matched == len(both)
