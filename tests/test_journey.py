import datetime as dt

import pytest
from conftest import DATA, ROOT

from workbook.journey import import_export, reachable_step, rechoose, save_upload, update_customer, update_plan
from workbook.settings import DATA_ENV
from workbook.store import Store


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


def test_steps_past_the_upload_need_a_ranking():
    assert reachable_step(2, has_ranking=False) == 1
    assert reachable_step(2, has_ranking=True) == 2
    assert reachable_step(99, has_ranking=True) == 7 and reachable_step(-1, has_ranking=True) == 0


def test_a_good_import_starts_the_plan_and_says_what_was_read(store):
    outcome = import_export(store, "o", DATA / "bright-path-coaching-stripe.csv", "Bright Path Coaching")
    assert outcome.error is None
    assert outcome.summary.startswith("Read bright-path-coaching-stripe.csv as a Stripe payments")
    assert len(store.load_plan("o").customers) == 10
    store.save_step("o", 2)
    assert store.step("o") == 2


def test_a_bad_import_changes_nothing(store):
    import_export(store, "o", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
    before = store.load_plan("o")
    outcome = import_export(store, "o", ROOT / "tests" / "bad_inputs" / "dates_not_dates.csv", "x")
    assert "row 2, column 'Date'" in outcome.error
    assert store.load_plan("o") == before
    assert store.load_ranking("o")[1] == "riverside-physio-sales.csv"


def test_skipped_rows_and_notes_are_summarised(store, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Customer,Date,Amount\n" + "Ann,2025-01-02,5\n" * 4 + "Bo,2025-01-02,lots\n")
    summary = import_export(store, "o", path, "x").summary
    assert "Left out: amount is not a number: 1 row (row 6: amount 'lots' is not a number)." in summary


def test_uploads_get_safe_names_in_the_owners_folder(store, tmp_path):
    path = save_upload("../other owner", "../../evil name.csv", b"x")
    assert path.parent == tmp_path / "uploads" / "_other_owner"
    assert path.name == "evil_name.csv"
    assert save_upload("..", "..", b"x") == tmp_path / "uploads" / "owner" / "upload.csv"


def test_missing_columns_offer_the_headers_and_a_mapping_fixes_it(store, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Who,When,Paid\nAnn,2025-01-02,5\nBo,2025-01-03,7\n")
    outcome = import_export(store, "o", path, "x")
    assert outcome.needs == "columns" and outcome.file == "s.csv" and outcome.guess.headers == ["Who", "When", "Paid"]
    assert outcome.guess.chosen == {"date": "When", "amount": "Paid"}  # the dropdowns start on these
    assert outcome.guess.rows[0] == {"date": "2 Jan 2025", "amount": "5.00"}
    assert outcome.guess.cells[1] == {"Who": "Bo", "When": "2025-01-03", "Paid": "7"}
    assert store.load_plan("o") is None
    fixed = import_export(store, "o", path, "x", columns={"customer": "Who", "amount": "Paid", "date": "When"})
    assert fixed.error is None and [c.name for c in store.load_plan("o").customers] == ["Bo", "Ann"]


def test_ambiguous_dates_ask_for_the_order(store, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Customer,Date,Amount\nAnn,03/04/2025,5\n")
    assert import_export(store, "o", path, "x").needs == "date_order"
    assert import_export(store, "o", path, "x", date_order="dmy").error is None
    assert store.load_plan("o").customers[0].last_purchase.isoformat() == "2025-04-03"


def test_leaving_someone_out_moves_the_next_one_up_and_keeps_choices(store):
    import_export(store, "o", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
    plan = store.load_plan("o")
    first, second = plan.customers[0].key, plan.customers[1].key
    update_customer(store, "o", second, method="visit")
    plan = rechoose(store, "o", exclude=first)
    assert first not in [c.key for c in plan.customers] and len(plan.customers) == 10
    assert plan.customers[0].key == second and plan.customers[0].method == "visit"
    plan = rechoose(store, "o", include=first)
    assert plan.customers[0].key == first and plan.excluded == []
    by_recent = rechoose(store, "o", rank_by="spend_12m")
    assert by_recent.rank_by == "spend_12m" and store.load_plan("o").rank_by == "spend_12m"
    with pytest.raises(ValueError, match="not a way to rank"):
        rechoose(store, "o", rank_by="spend12m")
    assert store.load_plan("o").rank_by == "spend_12m"


def test_a_misspelled_field_is_refused_and_nothing_is_saved(store):
    import_export(store, "o", DATA / "riverside-physio-sales.csv", "Riverside", today=dt.date(2026, 11, 27))
    before = store.load_plan("o").to_json()
    with pytest.raises(TypeError, match="rewrad"):
        update_plan(store, "o", reward="Dinner for two", rewrad="Dinner for two")
    key = store.load_plan("o").customers[0].key
    with pytest.raises(TypeError, match="metod"):
        update_customer(store, "o", key, metod="phone")
    assert store.load_plan("o").to_json() == before


def test_plan_wide_choices_carry_over_a_new_import_and_days_fit_the_deadline(store):
    import_export(store, "o", DATA / "riverside-physio-sales.csv", "Riverside", today=dt.date(2026, 11, 27))
    update_plan(store, "o", reward="Dinner for two", deadline_choice="one_week")
    plan = store.load_plan("o")
    assert all(dt.date(2026, 11, 27) <= c.contact_day <= dt.date(2026, 12, 4) for c in plan.customers)
    import_export(store, "o", DATA / "bright-path-coaching-stripe.csv", "Bright Path", today=dt.date(2026, 11, 27))
    assert store.load_plan("o").reward == "Dinner for two"


def test_several_exports_and_what_was_said_of_each(store, tmp_path):
    shop = tmp_path / "shop.csv"
    shop.write_text("Customer,Email,Date,Amount\nAnn Lee,ann@x.org,2025-01-02,50\nBo Chen,bo@x.org,2025-01-03,20\n")
    till = tmp_path / "till.csv"
    till.write_text("Who,When,Paid\nAnn Lee,03/04/2025,30\nCy Diaz,05/04/2025,10\n")
    asked = import_export(store, "o", [shop, till], "Both")
    assert (asked.needs, asked.file) == ("columns", "till.csv")
    answers = {"till.csv": {"columns": {"customer": "Who"}}}
    asked = import_export(store, "o", [shop, till], "Both", answers=answers)
    assert (asked.needs, asked.file) == ("date_order", "till.csv")
    answers["till.csv"]["date_order"] = "dmy"
    done = import_export(store, "o", [shop, till], "Both", answers=answers)
    assert "Together: 3 customers, 1 of them found in more than one export." in done.summary
    customers = store.load_plan("o").customers
    assert [(c.name, c.total_spend) for c in customers] == [("Ann Lee", 80.0), ("Bo Chen", 20.0), ("Cy Diaz", 10.0)]
    assert store.load_ranking("o")[1] == "shop.csv, till.csv"


def test_a_bad_export_among_several_is_named_and_the_others_read(store, tmp_path):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    done = import_export(store, "o", [DATA / "riverside-physio-sales.csv", bad], "Riverside")
    assert done.error is None and "photo.csv: this is a PNG image" in done.summary
    assert len(store.load_plan("o").customers) == 10


def test_only_paid_orders_and_the_question_when_none_is(store):
    from conftest import ROOT

    cod = ROOT / "tests" / "exports" / "shopify-cash-on-delivery.csv"
    asked = import_export(store, "o", cod, "Dhaka Weaves", status="paid")
    assert asked.needs == "awaiting"
    assert asked.error == ("shopify-cash-on-delivery.csv: No order is paid yet: 4 of the 6 orders are still awaiting "
                           "payment (4 pending, 2 voided). Count those too?")
    assert import_export(store, "o", cod, "Dhaka Weaves").error is None


def test_forgetting_an_owner_clears_plan_and_ranking_only_for_them(store):
    import_export(store, "a", DATA / "riverside-physio-sales.csv", "Riverside")
    import_export(store, "b", DATA / "riverside-physio-sales.csv", "Riverside")
    store.forget("a")
    assert store.load_plan("a") is None and store.load_ranking("a") is None
    assert store.load_plan("b") is not None


def test_an_import_apart_saves_the_same_and_keeps_pandas_out_of_the_caller(store, tmp_path):
    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from workbook.journey import import_apart\n"
        "if __name__ == '__main__':  # as in a kernel: the worker process imports this file again\n"
        f"    done = import_apart('o', Path({str(DATA / 'riverside-physio-sales.csv')!r}), 'Riverside')\n"
        f"    bad = import_apart('o', Path({str(ROOT / 'tests' / 'bad_inputs' / 'dates_not_dates.csv')!r}), 'x')\n"
        "    print(done.summary[:40], '|', bad.error[:60], '|', 'pandas' in sys.modules)\n")
    script = tmp_path / "caller.py"
    script.write_text(code)
    import os
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                           env={**os.environ, DATA_ENV: str(tmp_path)})
    assert shown.returncode == 0, shown.stderr
    summary, error, pandas_loaded = shown.stdout.strip().split(" | ")
    assert summary.startswith("Read riverside-physio-sales.csv") and "row 2, column 'Date'" in error
    assert pandas_loaded == "False"
    assert store.load_plan("o").business == "Riverside" and len(store.load_plan("o").customers) == 10


def test_a_coachs_offers_are_theirs_and_outlive_the_owners_details(store):
    from workbook.business import save_details
    from workbook.journey import set_defaults

    import_export(store, "owner", DATA / "crumb-and-co-bakery-shopify-orders.csv", "Crumb & Co. Bakery")
    assert {"reward", "friend_offer"} <= set(store.load_plan("owner").suggested)
    set_defaults(store, "owner", "A cookbook of our breads", "A free tasting box", "one_week", "phone")
    save_details(store, "owner", business="Crumb & Co.", owner_name="Dana Whitlock")
    plan = store.load_plan("owner")
    assert (plan.reward, plan.friend_offer, plan.business) == ("A cookbook of our breads", "A free tasting box",
                                                               "Crumb & Co.")
    assert not {"reward", "friend_offer"} & set(plan.suggested)
