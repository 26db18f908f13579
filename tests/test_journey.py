import pytest

from conftest import DATA, ROOT
from workbook.journey import import_export, import_summary, reachable_step, save_upload
from workbook.store import Store


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


def test_steps_past_the_upload_need_a_ranking():
    assert reachable_step(2, 3, has_ranking=False) == 1
    assert reachable_step(2, 3, has_ranking=True) == 2
    assert reachable_step(9, 3, has_ranking=True) == 2 and reachable_step(-1, 3, has_ranking=True) == 0


def test_a_good_import_starts_the_plan_and_says_what_was_read(store):
    outcome = import_export(store, "o", DATA / "bright-path-coaching-stripe.csv", "Bright Path Coaching")
    assert outcome.error is None
    assert import_summary(outcome.result).startswith("Read bright-path-coaching-stripe.csv as a Stripe payments")
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
    summary = import_summary(import_export(store, "o", path, "x").result)
    assert "1 rows were skipped (row 6: amount 'lots' is not a number)" in summary


def test_uploads_get_safe_names_in_the_owners_folder(store, tmp_path):
    path = save_upload("../other owner", "../../evil name.csv", b"x")
    assert path.parent == tmp_path / "uploads" / "_other_owner"
    assert path.name == "evil_name.csv"
    assert save_upload("..", "..", b"x") == tmp_path / "uploads" / "owner" / "upload.csv"
