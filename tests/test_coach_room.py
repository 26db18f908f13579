"""A coach's room: the join page's word on a wrong code, whose page it is, the coach's read-only view of a plan, and
a roster uploaded with its exports."""

from __future__ import annotations

import html
import http.cookiejar
import io
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile

import pytest
from browser import free_port, running_app
from conftest import DATA

from workbook.app import challenge, follow, fragments, today
from workbook.app.widgets import whose_page
from workbook.errors import InputError
from workbook.i18n import speaking
from workbook.settings import COACH_ENV, DATA_ENV, WORKSHOP_ENV, WORKSHOP_NAME_ENV
from workbook.store import Participants, Store
from workbook.workshop.participants import join, wrong_code
from workbook.workshop.roster import MAX_FILE, import_roster_files

CODE, COACH = "B2Q5-T8LP", "coach-secret-token"
ROSTER = (DATA / "roster.csv").read_bytes()
EXPORTS = sorted({line.split(",")[3] for line in ROSTER.decode().splitlines()[1:]})


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    monkeypatch.setenv(WORKSHOP_ENV, CODE)
    monkeypatch.setenv(COACH_ENV, COACH)
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


# The join page -------------------------------------------------------------------------------------------------

def test_a_wrong_code_is_told_what_is_wrong_with_it(store):
    said = {typed: wrong_code(typed) for typed in ("  ", "B2Q5-T8L!", "B2Q5T8L", "B2Q5T8LPX", "8ZQ S-TB1P", "ZZZZZZZZ")}
    assert said["  "].startswith("Type the workshop code")
    assert "only letters and digits" in said["B2Q5-T8L!"] and "“!”" in said["B2Q5-T8L!"]
    assert "too short: you typed 7 letters or digits, this workshop's code has 8" in said["B2Q5T8L"]
    assert "too long: you typed 9" in said["B2Q5T8LPX"]
    assert said["8ZQ S-TB1P"].startswith("Nearly: letters and digits that look alike are mixed up")
    assert said["ZZZZZZZZ"] == "That is not this workshop's code; check it with your coach."
    with pytest.raises(InputError, match="too short"):
        join(store, "B2Q", "Ana Ruiz")
    with speaking("de"):
        german = wrong_code("B2Q5T8L")
    assert german != said["B2Q5T8L"] and "7" in german and "8" in german
    assert join(store, "b2q5 t8lp", "Ana Ruiz").name == "Ana Ruiz"  # the right code, as a room types it


# Whose page ----------------------------------------------------------------------------------------------------

def test_a_participant_sees_their_name_and_the_workshops_on_every_page(store, monkeypatch):
    monkeypatch.setenv(WORKSHOP_NAME_ENV, "Spring <cohort> & co")
    ana = join(store, CODE, "Ana <b>Ruiz</b>")
    from workbook.journey import import_export, update_plan

    import_export(store, ana.id, DATA / "riverside-physio-sales.csv", "Ana's Clinic")
    update_plan(store, ana.id, deadline_choice="one_week")
    monkeypatch.setenv("HTTP_COOKIE", f"wb_participant={ana.token}")
    for page in (challenge, follow, today):
        shown = page.for_this_visitor().children[0].value
        assert "wb-whose" in shown and "Participant: Ana &lt;b&gt;Ruiz&lt;/b&gt;" in shown, page
        assert "Workshop: Spring &lt;cohort&gt; &amp; co" in shown and "<b>" not in shown
    monkeypatch.delenv(WORKSHOP_ENV)  # an owner working alone: no such line
    monkeypatch.delenv("HTTP_COOKIE")
    assert "wb-steps" in challenge.for_this_visitor().children[0]._dom_classes and whose_page("owner") == ""
    assert fragments.whose_line(None, None) == ""


def test_a_workshop_name_needs_a_workshop(tmp_path):
    alone = subprocess.run([sys.executable, "-m", "workbook", "serve", "--workshop-name", "Spring", "--port",
                            str(free_port()), "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert alone.returncode == 2 and "--workshop-name needs --workshop" in alone.stderr


# Through the real server ---------------------------------------------------------------------------------------

class Browser:
    """A client with its own cookie jar."""

    def __init__(self, url: str) -> None:
        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def fetch(self, path: str, fields: dict[str, str] | None = None,
              headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str, fields: dict[str, str] | None = None) -> tuple[int, str]:
        status, _headers, body = self.fetch(path, fields)
        return status, body.decode()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def post_join(self, code: str, name: str, lang: str = "en") -> tuple[int, str]:
        self.fetch("join")
        return self.page("join", {"code": code, "name": name, "lang": lang, "_xsrf": self.cookie("_xsrf")})


def _saved(folder) -> tuple[list, list]:
    with Store(folder / "workbook.sqlite") as store:
        return (store.connection.execute("SELECT owner, plan, step, reached, updated_at FROM plans ORDER BY owner")
                .fetchall(), store.connection.execute("SELECT * FROM participants ORDER BY id").fetchall())


@pytest.mark.browser
def test_the_join_page_keeps_a_wrong_code_and_the_coach_reads_plans_without_acting_as_anyone(tmp_path, monkeypatch):
    monkeypatch.setenv(WORKSHOP_ENV, CODE)  # for this process's wrong_code, as the server's
    rosters = tmp_path / "rosters"
    rosters.mkdir()
    shutil.copy(DATA / "crumb-and-co-bakery-shopify-orders.csv", rosters)
    (rosters / "roster.csv").write_text("participant,business,data_file,deadline_choice\n"
                                        "Hana Okafor,Crumb & Co. Bakery,crumb-and-co-bakery-shopify-orders.csv,"
                                        "one_week\nLeo Brandt,Riverside Physiotherapy,\n")
    options = ("--workshop", CODE, "--coach-token", COACH, "--workshop-name", "Spring <cohort>",
               "--roster", str(rosters / "roster.csv"))
    with running_app(tmp_path, options=options) as url:
        # a wrong code stays in its field, with what is wrong with it, in the visitor's language
        someone = Browser(url)
        status, page = someone.post_join("B2Q5-T8LQ", "Ana Ruiz")
        assert status == 400 and "value='B2Q5-T8LQ'" in page and "value='Ana Ruiz'" in page
        assert "not this workshop&#x27;s code" in page and not someone.cookie("wb_participant")
        status, page = someone.post_join("b2q", "Ana", lang="de")
        assert status == 400 and "value='b2q'" in page and "lang='de'" in page
        with speaking("de"):
            assert html.escape(wrong_code("b2q")) in page
        status, page = someone.post_join("'><script>x</script>", "Ana")
        assert status == 400 and "<script>x" not in page and "value='&#x27;&gt;&lt;script&gt;" in page
        assert "Workshop: Spring &lt;cohort&gt;" in someone.page("join")[1]  # the workshop's name at its door
        status, _page = someone.post_join("b2q5t8lp", "Ana Ruiz")
        assert status == 200 and someone.cookie("wb_participant")

        with Store(tmp_path / "workbook.sqlite") as store:
            people = {p.name: p for p in Participants(store).all()}
        hana, leo, ana = people["Hana Okafor"], people["Leo Brandt"], people["Ana Ruiz"]
        view = f"coach/plan/{hana.id}"

        # nobody but the coach: no cookie, a participant's, a wrong coach cookie
        for visitor in (Browser(url), someone):
            for path in (view, f"{view}/plan.pdf", f"{view}/plan.html", f"coach/plan/{ana.id}"):
                status, page = visitor.page(path)
                assert status == 403 and "Coaches only" in page and "Crumb" not in page, path
        for forged in ("wb_coach=guess", f"wb_coach={COACH[:-1]}", f"wb_participant={hana.token}"):
            assert Browser(url).fetch(view, headers={"Cookie": forged})[0] == 403, forged

        # the coach reads Hana's plan and its documents; nothing changes, no participant's cookie is set
        before = _saved(tmp_path)
        coach = Browser(url)
        coach.fetch(f"coach?token={COACH}")
        assert coach.cookie("wb_coach") == COACH
        status, page = coach.page(view)
        assert status == 200 and "Hana Okafor&#x27;s plan (read-only)" in page and "Crumb &amp; Co. Bakery" in page
        assert f"href='/{view}/plan.pdf'" in page and "Nothing here changes it" in page
        status, headers, pdf = coach.fetch(f"{view}/plan.pdf")
        assert status == 200 and pdf.startswith(b"%PDF") and "attachment" in headers["Content-Disposition"]
        status, headers, document = coach.fetch(f"{view}/plan.html")
        assert status == 200 and b"Crumb &amp; Co. Bakery" in document and "sandbox" in headers[
            "Content-Security-Policy"]
        assert coach.fetch(f"{view}/call-sheet.xlsx")[0] == 200 and coach.fetch(f"{view}/workbook.sqlite")[0] == 404
        assert coach.page(f"coach/plan/{leo.id}")[1].count("has no plan yet") == 1
        assert coach.page(f"coach/plan/{leo.id}/plan.pdf")[0] == 404
        assert coach.page("coach/plan/p-0123456789abcdef")[0] == 404
        assert not coach.cookie("wb_participant") and _saved(tmp_path) == before

        # a personal link in the coach's browser says it is the participant's door, and changes nothing on a GET
        status, page = coach.page(f"join?key={hana.token}")
        assert status == 200 and "this link is Hana Okafor&#x27;s own door" in page
        assert f"href='/{view}'" in page and not coach.cookie("wb_participant") and _saved(tmp_path) == before


# A roster with its exports -------------------------------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_of_the_demo_roster_and_its_exports_gives_everyone_a_plan(store):
    members = {"class/roster.csv": ROSTER, **{f"class/exports/{name}": (DATA / name).read_bytes() for name in EXPORTS},
               "__MACOSX/class/._roster.csv": b"junk", "class/.DS_Store": b"junk"}
    done = import_roster_files(store, [("spring class.zip", _zip(members))])
    assert len(done.created) == 12
    assert len(done.problems) == 1 and done.problems[0].startswith("roster.csv, row 13: Rui Tanaka: broken-export.csv")
    plans = {p.name: store.load_plan(p.id) for p in done.created}
    assert plans["Leo Brandt"].business == "Riverside Physiotherapy" and not plans["Leo Brandt"].problems()
    assert plans["Ines Moreau"].language == "fr" and plans["Rui Tanaka"] is None


def test_a_roster_and_some_exports_name_each_missing_one_with_its_row_in_the_coachs_language(store):
    files = [("roster.csv", ROSTER), *((name, (DATA / name).read_bytes()) for name in
                                       ("crumb-and-co-bakery-shopify-orders.csv", "riverside-physio-sales.csv",
                                        "physiotherapie-am-lindenplatz.csv")), ("notes.txt", b"bring pens")]
    with speaking("de"):
        done = import_roster_files(store, files)
    assert len(done.created) == 12
    rows = [int(line.split("Zeile ")[1].split(":")[0]) for line in done.problems if line.startswith("roster.csv, ")]
    assert rows == [4, 5, 8, 9, 12, 13], done.problems  # Mira, Theo, Sana, Owen, Ada without theirs, Rui's unread
    assert all(line.startswith("roster.csv, Zeile") for line in done.problems[:-1])
    assert "northgate-supplies-quickbooks.csv" in done.problems[0] and "Mira Santos" in done.problems[0]
    assert "Zeile 13" in done.problems[5] and "broken-export.csv" in done.problems[5]
    assert "notes.txt" in done.problems[-1]  # named by no row
    assert store.load_plan(next(p.id for p in done.created if p.name == "Jonah Weiss")).language == "de"
    again = import_roster_files(store, files)  # nobody twice, each said with their row
    assert again.created == [] and "row 2: Hana Okafor is in the workshop already" in again.problems[0]


def test_a_roster_zip_is_unpacked_with_care(store, tmp_path):
    roster = b"participant,business,data_file\nAna,Ana's,../../../outside.csv\nBo,Bo's,C:\\exports\\bo.csv\n"
    link = zipfile.ZipInfo("link.csv")
    link.external_attr = (0o120777 << 16)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../roster.csv", roster)
        archive.writestr("/etc/outside.csv", (DATA / "riverside-physio-sales.csv").read_bytes())
        archive.writestr("deep/bo.csv", (DATA / "riverside-physio-sales.csv").read_bytes())
        archive.writestr(link, "/etc/passwd")
        archive.writestr("inner.zip", _zip({"x.csv": b"x"}))
        archive.writestr("huge.csv", b"0" * (MAX_FILE + 1))
    done = import_roster_files(store, [("class.zip", buffer.getvalue())])
    assert [p.name for p in done.created] == ["Ana", "Bo"]
    assert all(store.load_plan(p.id) for p in done.created)  # each export matched by its file name
    said = "\n".join(done.problems)
    assert "link.csv is a link" in said and "inner.zip is a zip inside the zip" in said
    assert "huge.csv is larger than 50 MB" in said and "/etc/passwd" not in said
    kept = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv"))
    assert len(kept) == 3 and all(p.startswith("uploads/coach-roster-") for p in kept), kept
    assert not (tmp_path.parent / "outside.csv").exists() and not (tmp_path.parent / "roster.csv").exists()
    with pytest.raises(InputError, match="None of the files is a roster"):
        import_roster_files(store, [("a.csv", b"Customer,Total\nAnn,3\n"), ("b.zip", b"not a zip")])
    bad = import_roster_files(store, [("roster.csv", b"participant\nCy\n"), ("b.zip", b"not a zip")])
    assert bad.problems == ["b.zip cannot be opened as a zip file."] and len(bad.created) == 1


def test_the_coachs_page_lists_each_problem_of_an_upload_on_a_line_of_its_own(store):
    from workbook.app.coach import CoachView

    view = CoachView()
    files = ({"name": "roster.csv", "content": memoryview(ROSTER)},
             {"name": "riverside-physio-sales.csv", "content": memoryview((DATA / "riverside-physio-sales.csv")
                                                                           .read_bytes())})
    view.import_roster(files)
    ok, error = view.message.value.split("</div>", 1)
    assert "wb-message-ok" in ok and "12 participants added." in ok
    assert "wb-message-error" in error and error.count("<br>") == 10 - 1  # ten rows without their export, one a line
    assert error.count("roster.csv, row ") == 10 and "row 3" not in error and "row 7" not in error  # Leo's and Kofi's
    assert "Leo Brandt" in view.table.value
    view.import_roster(({"name": "notes.txt", "content": memoryview(b"pens")},))
    assert "wb-message-error" in view.message.value and "None of the files is a roster" in view.message.value
