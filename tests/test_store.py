import datetime as dt
import multiprocessing
import sqlite3

from conftest import DATA

from workbook.challenge.plan import plan_from_ranking
from workbook.challenge.ranking import rank_customers
from workbook.exports import load_sales
from workbook.store import MIGRATIONS, Participants, Store


def make_plan():
    ranking = rank_customers(load_sales(DATA / "bright-path-coaching-stripe.csv").sales)
    return ranking, plan_from_ranking(ranking, "owner-1", "Bright Path Coaching", dt.date(2026, 11, 25))


def test_store_is_wal_and_versioned(tmp_path):
    with Store(tmp_path / "wb.sqlite") as store:
        assert store.schema_version == len(MIGRATIONS)
    db = sqlite3.connect(tmp_path / "wb.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_plans_and_rankings_survive_reopening(tmp_path):
    ranking, plan = make_plan()
    plan.reward = "A book you will love"
    with Store(tmp_path / "wb.sqlite") as store:
        store.save_ranking("owner-1", ranking[:30], "bright-path-coaching-stripe.csv")
        store.save_plan("owner-1", plan, step=3)
        store.save_plan("owner-1", plan)  # a save without a step keeps the step
    with Store(tmp_path / "wb.sqlite") as store:
        assert store.load_plan("owner-1") == plan
        assert store.step("owner-1") == 3
        again, source = store.load_ranking("owner-1")
        assert source == "bright-path-coaching-stripe.csv"
        assert again == ranking[:30]
        assert store.load_plan("someone-else") is None
        assert store.steps() == {"owner-1": 3}


def _save_many(path, owner):
    _, plan = make_plan()
    with Store(path) as store:
        for n in range(20):
            plan.notes = f"{owner} {n}"
            store.save_plan(owner, plan, step=n)


def test_two_processes_can_save_at_once(tmp_path):
    path = tmp_path / "wb.sqlite"
    Store(path).close()
    workers = [multiprocessing.Process(target=_save_many, args=(path, f"p{i}")) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Store(path) as store:
        assert store.load_plan("p0").notes == "p0 19" and store.step("p1") == 19


def test_an_older_store_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).close()  # version 0: an empty file
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)


def test_a_version_1_store_keeps_its_plans_when_upgraded(tmp_path):
    _, plan = make_plan()
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version=1;")
    db.execute("INSERT INTO plans VALUES ('owner-1', ?, 4, '2026-11-01')", (plan.to_json(),))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) and store.load_plan("owner-1") == plan
        assert Participants(store).all() == []
