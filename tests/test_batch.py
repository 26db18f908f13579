"""Plans for a roster: the real plan notebook run by Papermill, one participant or many."""

import html
import json
import re
import subprocess
import sys

import nbformat
import papermill
import pytest
from conftest import DATA, ROOT

from workbook.batch.roster import read_roster


def workbook(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.mark.slow
def test_plain_papermill_makes_the_plan_files(tmp_path):
    out = tmp_path / "ann"
    papermill.execute_notebook(str(ROOT / "notebooks" / "plan.ipynb"), str(tmp_path / "run.ipynb"),
                               parameters={"participant": "Ann", "business": "Riverside Physiotherapy",
                                           "data_file": str(DATA / "riverside-physio-sales.csv"),
                                           "reward": "Dinner for two", "today": "2026-11-27",
                                           "output_folder": str(out)},
                               cwd=str(ROOT / "notebooks"), progress_bar=False)
    assert sorted(p.name for p in out.iterdir()) == ["call-sheet.csv", "call-sheet.xlsx", "friend-cards.pdf",
                                                     "plan.html", "plan.ics", "plan.json", "plan.pdf"]
    plan = json.loads((out / "plan.json").read_text())
    assert plan["business"] == "Riverside Physiotherapy" and len(plan["customers"]) == 10
    executed = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    shown = executed.cells[-1].outputs[0]["data"]["text/html"]
    assert "Riverside Physiotherapy: referral plan" in "".join(shown)


@pytest.mark.slow
def test_workbook_plan_for_one_participant(tmp_path):
    done = workbook("plan", str(DATA / "bright-path-coaching-stripe.csv"), "--participant", "Theo",
                    "--business", "Bright Path Coaching", "--out", str(tmp_path / "theo"), "--today", "2026-11-27",
                    "--deadline", "two_weeks")
    assert done.returncode == 0, done.stderr
    plan = json.loads((tmp_path / "theo" / "plan.json").read_text())
    assert plan["deadline_choice"] == "two_weeks" and (tmp_path / "theo" / "plan.ipynb").is_file()
    bad = workbook("plan", str(DATA / "broken-export.csv"), "--participant", "Rui", "--business", "Harbour",
                   "--out", str(tmp_path / "rui"))
    assert bad.returncode == 3 and "broken-export.csv" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_a_roster_with_a_broken_participant_and_a_rerun(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("participant,business,data_file,deadline_choice\n"
                      f"Hana Okafor,Crumb & Co. Bakery,{DATA / 'crumb-and-co-bakery-shopify-orders.csv'},one_week\n"
                      f"Leo Brandt,Riverside Physiotherapy,{DATA / 'riverside-physio-sales.csv'},two_weeks\n"
                      f"Rui Tanaka,Harbour Lights,{DATA / 'broken-export.csv'},one_week\n"
                      "Nobody,,,\n"
                      f"Hana Okafor,Again,{DATA / 'riverside-physio-sales.csv'},one_week\n")
    out = tmp_path / "plans"
    done = workbook("batch", str(roster), "--out", str(out), "--workers", "2")
    assert done.returncode == 1
    assert "row 5: Nobody has no business or no data file" in done.stderr
    assert "row 6: Hana Okafor is on the roster twice" in done.stderr
    assert re.search(r"failed +Rui Tanaka: broken-export.csv, row 2, column 'Amount'", done.stdout)
    assert (out / "hana-okafor" / "plan.pdf").is_file() and (out / "leo-brandt" / "plan.ics").is_file()
    index = (out / "index.html").read_text()
    assert "2 plans ready, 1 failed" in index and "is not a number" in index and "hana-okafor/plan.pdf" in index
    again = workbook("batch", str(roster), "--out", str(out), "--workers", "2")
    assert re.search(r"skipped +Hana Okafor", again.stdout) and re.search(r"skipped +Leo Brandt", again.stdout)
    assert re.search(r"failed +Rui Tanaka", again.stdout)
    forced = workbook("batch", str(roster), "--out", str(out), "--force")
    assert re.search(r"done +Hana Okafor", forced.stdout)


def test_the_demo_roster(tmp_path):
    people, problems = read_roster(DATA / "roster.csv")
    assert len(people) >= 12 and problems == []
    assert sum(p.data_file.endswith("broken-export.csv") for p in people) == 1
    assert {p.participant: p.language for p in people if p.language != "en"} == {
        "Ines Moreau": "fr", "Lucia Ferri": "es", "Jonah Weiss": "de"}


def test_a_roster_language_that_the_workbook_does_not_speak_is_named(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("participant,business,data_file,language\nAnn,A,a.csv,nl\nBo,B,b.csv,ES\nCy,C,c.csv,\n")
    people, problems = read_roster(roster)
    assert [(p.participant, p.language) for p in people] == [("Bo", "es"), ("Cy", "en")]
    assert problems == ["roster.csv, row 2: 'nl' is not a language of the workbook (en, de, fr, es)"]


@pytest.mark.slow
def test_a_plan_in_the_participants_language(tmp_path):
    done = workbook("plan", str(DATA / "physiotherapie-am-lindenplatz.csv"), "--participant", "Jonah",
                    "--business", "Physiotherapie am Lindenplatz", "--out", str(tmp_path / "jonah"), "--today",
                    "2026-11-27", "--lang", "de")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Plan für Jonah: ")
    plan = json.loads((tmp_path / "jonah" / "plan.json").read_text())
    assert (plan["language"], plan["currency"]) == ("de", "EUR")
    page = (tmp_path / "jonah" / "plan.html").read_text()
    assert "<html lang='de'>" in page and "Empfehlungsplan, Runde 1" in page and "Was Sie sagen" in page


@pytest.mark.slow
def test_a_roster_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    roster = tmp_path / "roster.csv"
    roster.write_text("participant,business,data_file\n"
                      f"Hana Okafor,Crumb & Co. Bakery,{DATA / 'crumb-and-co-bakery-shopify-orders.csv'}\n"
                      f"Leo Brandt,Riverside Physiotherapy,{DATA / 'riverside-physio-sales.csv'}\n"
                      f"Rui Tanaka,Harbour Lights,{DATA / 'broken-export.csv'}\n")
    out = tmp_path / "plans"
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        done = workbook("batch", str(roster), "--out", str(out), "--dask", cluster.scheduler_address)
    assert done.returncode == 1, done.stderr
    assert "2 plans ready, 1 failed" in done.stdout and re.search(r"failed +Rui Tanaka: broken-export.csv", done.stdout)
    plan = json.loads((out / "leo-brandt" / "plan.json").read_text())
    assert plan["business"] == "Riverside Physiotherapy" and (out / "hana-okafor" / "plan.pdf").is_file()
    unreachable = workbook("batch", str(roster), "--out", str(out), "--dask", "tcp://127.0.0.1:9")
    assert unreachable.returncode == 3 and "cannot reach the Dask scheduler" in unreachable.stderr


def test_without_dask_installed_the_cluster_option_says_how_to_install_it(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"participant,business,data_file\nLeo Brandt,Riverside,{DATA / 'riverside-physio-sales.csv'}\n")
    # as if Dask were not installed:
    without_dask = ("import sys; sys.modules['distributed'] = None; from workbook.cli import main; "
                    f"sys.exit(main(['batch', {str(roster)!r}, '--out', {str(tmp_path / 'plans')!r}, "
                    "'--dask', 'tcp://127.0.0.1:9']))")
    done = subprocess.run([sys.executable, "-c", without_dask], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "pip install 'referral-workbook[cluster]'" in done.stderr


def test_the_index_shows_follow_through_when_a_report_is_there(tmp_path):
    from workbook.batch.roster import Outcome, write_index

    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "follow-through.json").write_text(json.dumps(
        {"contacts_made": 7, "planned": 10, "referrals": 3, "converted": 1}))
    (tmp_path / "bo").mkdir()
    (tmp_path / "bo" / "follow-through.json").write_text("{")
    outcomes = [Outcome("Ann", "ann", "done", customers=10), Outcome("Bo", "bo", "done", customers=10)]
    page = write_index(outcomes, [], tmp_path).read_text()
    assert "7/10 contacted, 3 referrals, 1 converted" in page and "follow-through.json cannot be read" in page


def test_a_plan_without_offers_takes_the_apps_suggestions_and_says_so(tmp_path):
    from workbook.batch.roster import PlanParameters, build_plan
    from workbook.challenge.kinds import ideas
    from workbook.documents.render import plan_html

    plan = build_plan(PlanParameters("Ann", "Riverside", str(DATA / "riverside-physio-sales.csv"), reward="",
                                     friend_offer="A free first assessment", today="2026-11-27"))
    assert plan.kind == "health"  # guessed from what the practice sells
    assert (plan.reward, plan.friend_offer, plan.suggested) == (ideas("health", "reward")[0], "A free first assessment",
                                                                ["reward"])
    page = html.unescape(plan_html(plan))  # a suggestion is not printed as if the coach had chosen it
    assert "Reward for a referral:</strong> <span class='wb-muted'>not chosen yet" in page
    assert ideas("health", "reward")[0] not in page
    assert plan.problems() == [] or all("reward" not in p for p in plan.problems())
    made = build_plan(PlanParameters("B", "R", str(DATA / "riverside-physio-sales.csv"), today="2026-11-27"))
    assert ideas("health", "friend_offer")[0] == made.friend_offer
