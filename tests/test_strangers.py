"""Strangers in the room: what a careless participant or a careful attacker can do to a real ``workbook serve``,
and saves that hold when two write at once or a process is killed.

The web probes speak plain HTTP to the server (as a script or another site would); the kernel counts are the
server's own child processes."""

from __future__ import annotations

import contextlib
import html
import http.client
import http.cookiejar
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest
from browser import chromium, free_port, running_app, server_tree
from conftest import DATA

from workbook.batch.roster import read_roster
from workbook.follow.logbook import Logbook
from workbook.journey import import_export, update_customer, update_plan
from workbook.settings import DATA_ENV
from workbook.store import Participants, Store

CODE, COACH = "BAKE-2026", "coach-secret-token"


class Visitor:
    """A client with its own cookie jar (a browser without JavaScript, or a script)."""

    def __init__(self, url: str) -> None:
        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str = "") -> tuple[int, str]:
        return self._open(urllib.request.Request(self.url + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.url + path, data=urllib.parse.urlencode(fields).encode()))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def join(self, name: str, code: str = CODE) -> int:
        """Join the workshop as ``name``: the status of the answer."""
        self.get("join")
        return self.post("join", {"code": code, "name": name, "_xsrf": self.cookie("_xsrf")})[0]

    def open_page(self, path: str = "") -> str:
        """Open a page as a browser does (the first answer sets the session, the second starts the app); its
        kernel's id."""
        self.get(path)
        status, page = self.get(path)
        assert status == 200, page[:500]
        return re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)


def kernels(url: str) -> int:
    """How many kernels the server on ``url`` runs (processes that have ended but are not reaped yet aside)."""
    running = 0
    for process in server_tree(int(urllib.parse.urlsplit(url).port))[1:]:
        with contextlib.suppress(psutil.Error):
            running += "ipykernel" in " ".join(process.cmdline())
    return running


def wait_for_kernels(url: str, count: int, seconds: float = 20) -> int:
    deadline = time.monotonic() + seconds
    while kernels(url) != count and time.monotonic() < deadline:
        time.sleep(0.3)
    return kernels(url)


def upgrade(url: str, path: str, cookie: str = "") -> int:
    """The status a websocket upgrade request gets (101 when it is let through)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", "/" + path, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.browser
def test_a_bare_request_starts_no_kernel_and_a_kernel_answers_only_its_owner(tmp_path):
    refused = 0
    with running_app(tmp_path, options=("--ready", "0")) as url:  # counted kernels: only the pages' own
        for _ in range(5):  # what an image on another site, or a script, sends: no cookie
            status, page = Visitor(url).get()
            assert status == 200 and "Opening the workbook" in page
        assert wait_for_kernels(url, 0, 3) == 0

        owner, other = Visitor(url), Visitor(url)
        kernel = owner.open_page()
        other.open_page()
        assert wait_for_kernels(url, 2) == 2
        probes = [(f"api/kernels/{kernel}", ""), (f"api/kernels/{kernel}", other.header()),
                  (f"api/kernels/{kernel}", f"wb_session={other.cookie('wb_session')}; _xsrf=x")]
        for path, cookie in probes:
            request = urllib.request.Request(url + path, headers={"Cookie": cookie} if cookie else {})
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(request, timeout=10)
            assert error.value.code == 403, (path, cookie)
            refused += 1
        assert owner.get(f"api/kernels/{kernel}")[0] == 200
        for cookie in ("", other.header(), "wb_session=guess"):  # the websocket: not without the owner's secrets
            assert upgrade(url, f"api/kernels/{kernel}/channels", cookie) == 403
            refused += 1
        assert upgrade(url, f"api/kernels/{kernel}/channels", owner.header()) == 101

        # the page's own shutdown call (as its script sends it) works for its owner only
        status, _page = other.post(f"voila/api/shutdown/{kernel}", {"_xsrf": other.cookie("_xsrf")})
        assert status == 403 and kernels(url) == 2
        refused += 1
        status, _page = owner.post(f"voila/api/shutdown/{kernel}", {"_xsrf": owner.cookie("_xsrf")})
        assert status == 204 and wait_for_kernels(url, 1) == 1

        # the owner's pages, in any number of sessions (made up or not), are four kernels at most: oldest goes first
        for n in range(6):
            owner.open_page()
            made_up = Visitor(url)
            made_up.jar.set_cookie(http.cookiejar.Cookie(0, "wb_session", f"made-up-{n}", None, False, "127.0.0.1",
                                                         False, False, "/", True, False, None, False, None, None, {}))
            made_up.get()
        assert wait_for_kernels(url, 4) == 4

        # a cookie of another app on this host that cannot be read spoils none of the app's own
        status, page = owner.get()
        for spoilt in ('prefs={"a":1}', "a b=1", 'x="\\x'):
            request = urllib.request.Request(url, headers={"Cookie": f"{spoilt}; {owner.header()}"})
            with urllib.request.urlopen(request, timeout=120) as answer:
                assert answer.status == 200 and '"kernelId"' in answer.read().decode()

        # a page on another host name (a rebinding domain) never reaches an app served on this machine alone
        request = urllib.request.Request(url, headers={"Cookie": owner.header(), "Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused_host:
            urllib.request.urlopen(request, timeout=30)
        assert refused_host.value.code == 403
        refused += 1

        # addresses that are not the app's answer its "not here" page, never a server error
        for path in ("voila/templates/", "voila/templates/x", "voila/static/", "voila/files/x", "logout", "login",
                     "api/kernels", "api/sessions", "voila/api/themes/x", "voila/labextensions/", "voila/tree",
                     "voila/render/plan.ipynb", "voila/files/challenge.ipynb", "api/contents", "tree",
                     "voila/files/../data/riverside-physio-sales.csv", "files/data/riverside-physio-sales.csv",
                     "coach", "coach.ipynb", "voila/render/coach.ipynb", "voila/templates/lab/static/",
                     "voila/templates/lab/static/..", "voila/templates/lab/static/%2e%2e/",
                     "voila/templates/lab/static/%00", "voila/templates/lab/static/..%2f..%2fetc%2fpasswd"):
            status, page = Visitor(url).get(path)
            assert status == 404 and "There is nothing at this address" in page, path
            refused += 1
    print(f"web probes refused: {refused}")


@pytest.mark.browser
def test_nothing_changes_on_a_get_and_the_language_is_posted_with_the_token(tmp_path):
    with running_app(tmp_path) as url:
        owner = Visitor(url)
        owner.open_page("?lang=de")  # a link from anywhere: shows the page, keeps nothing
        with Store(tmp_path / "workbook.sqlite") as store:
            assert store.language("owner") is None
        status, _page = owner.post("language", {"lang": "de", "page": "/"})  # no token: refused
        with Store(tmp_path / "workbook.sqlite") as store:
            assert store.language("owner") is None
        status, _page = owner.post("language", {"lang": "de", "page": "/follow", "_xsrf": owner.cookie("_xsrf")})
        assert status == 200
        with Store(tmp_path / "workbook.sqlite") as store:
            assert store.language("owner") == "de"


@pytest.mark.browser
def test_past_the_cap_the_room_is_full(tmp_path):
    with running_app(tmp_path, options=("--workshop", CODE, "--max-pages", "2")) as url:
        for name in ("Ana", "Ben"):
            early = Visitor(url)
            early.join(name)  # joining opens the app's first answer: the session
            assert '"kernelId"' in early.get()[1]
        late = Visitor(url)
        late.join("Cleo")
        status, page = late.get()
        assert status == 503 and "The room is full" in page
        assert wait_for_kernels(url, 2, 3) == 2


@pytest.mark.browser
def test_ready_kernels_belong_to_nobody_until_a_page_takes_one(tmp_path):
    with running_app(tmp_path, options=("--workshop", CODE, "--ready", "2")) as url:
        assert wait_for_kernels(url, 2) == 2  # started before anyone came
        ana, ben = Visitor(url), Visitor(url)
        pages = {}
        for visitor, name in ((ana, "Ana Ready"), (ben, "Ben Ready")):
            visitor.join(name)  # its answer, followed, sets the session
            pages[visitor] = visitor.get()[1]
        assert kernels(url) == 2  # the two pages took the ready ones: nothing was started for them
        for visitor, other in ((ana, ben), (ben, ana)):  # each kernel is its visitor's alone, given their request
            kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', pages[visitor]).group(1)
            assert visitor.get(f"api/kernels/{kernel}")[0] == 200
            assert upgrade(url, f"api/kernels/{kernel}/channels", other.header()) == 403
            assert upgrade(url, f"api/kernels/{kernel}/channels", visitor.header()) == 101
        assert "Ana Ready" in pages[ana] and "Ben Ready" not in pages[ana]
        assert "Ben Ready" in pages[ben] and "Ana Ready" not in pages[ben]
        assert wait_for_kernels(url, 4) == 4  # the pool filled again once no page was starting


@pytest.mark.browser
def test_the_workshop_door_holds(tmp_path):
    roster = tmp_path / "rosters"
    roster.mkdir()
    (roster / "roster.csv").write_text("participant,business,data_file\nLeo Brandt,Riverside Physiotherapy,\n"
                                       "Eve Grey,Eve's,/etc/passwd\nMal Ory,Mal's,../workbook.sqlite\n")
    with running_app(tmp_path, options=("--workshop", CODE, "--coach-token", COACH, "--roster",
                                        str(roster / "roster.csv"))) as url:
        log = (tmp_path / f"serve-{urllib.parse.urlsplit(url).port}.log").read_text()
        assert "/etc/passwd' is not in the roster's folder" in log and "root:" not in log
        assert "../workbook.sqlite' is not in the roster's folder" in log

        # a typed roster name is a new participant: Leo's own place opens only through his link
        someone = Visitor(url)
        someone.get("join")
        status, _page = someone.post("join", {"code": CODE.lower(), "name": "leo brandt",
                                              "_xsrf": someone.cookie("_xsrf")})
        assert status == 200 and someone.cookie("wb_participant")
        with Store(tmp_path / "workbook.sqlite") as store:
            leo = [p for p in store.connection.execute("SELECT token, joined_at FROM participants WHERE "
                                                       "lower(name) = 'leo brandt'")]
        assert len(leo) == 2  # the roster's Leo, still waiting for his link, and the one who typed his name
        roster_leo = next(token for token, joined in leo if joined is None)
        assert someone.cookie("wb_participant") != roster_leo

        # wrong codes are limited per address
        guesser = Visitor(url)
        guesser.get("join")
        statuses = [guesser.post("join", {"code": f"GUESS{n}", "name": "G", "_xsrf": guesser.cookie("_xsrf")})[0]
                    for n in range(22)]
        assert statuses[:20] == [400] * 20 and statuses[20:] == [429, 429]
        assert "Too many wrong codes" in guesser.post("join", {"code": "GUESS", "name": "G",
                                                               "_xsrf": guesser.cookie("_xsrf")})[1]
        assert guesser.join("Gil") == 200  # the right code still passes: guessing is held up, not the room

        # the coach's link is limited the same way
        coach = Visitor(url)
        assert [coach.get(f"coach?token=guess{n}")[0] for n in range(21)] == [403] * 20 + [429]

        # a personal link changes nothing on a GET: its page asks, and only its POST opens the plan
        status, page = someone.get(f"join?key={roster_leo}")
        page = html.unescape(page)
        assert status == 200 and "Open Leo Brandt's plan" in page and "opens leo brandt's plan now" in page
        assert someone.cookie("wb_participant") != roster_leo
        with Store(tmp_path / "workbook.sqlite") as store:
            assert Participants(store).by_token(roster_leo).joined_at is None
        status, _page = someone.post("join", {"key": roster_leo, "_xsrf": someone.cookie("_xsrf")})
        assert status == 200 and someone.cookie("wb_participant") == roster_leo

        # names keep no control or direction-changing characters
        bidi = Visitor(url)
        assert bidi.join("\u202eEve\u0007 Grey") == 200
        with Store(tmp_path / "workbook.sqlite") as store:
            assert Participants(store).by_token(bidi.cookie("wb_participant")).name == "Eve Grey"

        # a page without the participant's secret starts nothing; the coach's page needs the coach's
        before = kernels(url)  # the pages the personal link and the joins above opened
        for path in ("", "follow", "today"):
            assert Visitor(url).get(path)[1].count("Join the workshop") >= 1
        assert "Coaches only" in Visitor(url).get("coach")[1]
        time.sleep(2)
        assert kernels(url) == before


def test_a_short_workshop_code_is_refused_and_none_given_makes_one(tmp_path):
    short = subprocess.run([sys.executable, "-m", "workbook", "serve", "--workshop", "abc", "--port",
                            str(free_port()), "--data-dir", str(tmp_path)], capture_output=True, text=True,
                           timeout=60)
    assert short.returncode == 3 and "at least 6 letters or digits" in short.stderr
    from workbook.serve.launch import CODE_LETTERS, new_code

    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 8 and set(c) <= set(CODE_LETTERS) for c in codes)


def test_a_roster_the_server_reads_takes_exports_from_its_own_folder_only(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "sub").mkdir()
    roster = tmp_path / "in" / "roster.csv"
    roster.write_text("participant,business,data_file\nA,A,/etc/passwd\nB,B,../outside.csv\nC,C,sub/own.csv\n"
                      "D,D,sub/../../in/sub/own.csv\n")
    (tmp_path / "in" / "sub" / "own.csv").write_text("x")
    (tmp_path / "in" / "sub" / "link.csv").symlink_to("/etc/passwd")
    roster.write_text(roster.read_text() + "E,E,sub/link.csv\n")
    people, problems = read_roster(roster, confined=True)
    assert [p.participant for p in people] == ["C", "D"]
    assert len(problems) == 3 and all("not in the roster's folder" in p for p in problems)


# Files that hold --------------------------------------------------------------------------------------------

def test_uploads_of_one_name_are_kept_apart_and_one_file_twice_counts_once(tmp_path, monkeypatch):
    from workbook.exports import load_exports
    from workbook.journey import save_upload

    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    online = (DATA / "riverside-physio-sales.csv").read_bytes()
    till = (DATA / "crumb-and-co-bakery-shopify-orders.csv").read_bytes()
    first, second = save_upload("owner", "orders.csv", online), save_upload("owner", "orders.csv", till)
    assert (first.name, second.name) == ("orders.csv", "orders (2).csv")
    assert first.read_bytes() == online and second.read_bytes() == till
    assert save_upload("owner", "../../orders.csv", online) == first  # the same file again is the one kept
    again = tmp_path / "copy.csv"
    again.write_bytes(online)
    alone, twice = load_exports([first]), load_exports([first, again])
    assert len(twice.results) == 1 and twice.sales.customers == alone.sales.customers
    assert float(twice.sales.amount.sum()) == float(alone.sales.amount.sum())
    assert "copy.csv is the same file as orders.csv: counted once." in twice.results[0].notes


@pytest.mark.slow
def test_a_reading_in_the_app_stops_plainly_at_its_memory_cap(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write("Customer,Email,Date,Amount\n")
        out.writelines(f"Name {i % 50000},p{i % 50000}@example.org,2026-0{1 + i % 9}-1{i % 9},{i % 900 / 7:.2f}\n"
                       for i in range(1_200_000))
    # a machine whose libraries already hold much address space (many cores, many BLAS threads) still reads
    script = ("import datetime as dt, mmap, sys; from pathlib import Path; import workbook.journey as j; "
              "held = mmap.mmap(-1, 700 * 1024**2); j.READER_MEMORY = 400 * 1024**2; "
              "print(j._import_job('en', 'owner', [Path(sys.argv[1])], 'B', dt.date(2026, 12, 1), {}).error)")
    done = subprocess.run([sys.executable, "-c", script, str(big)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, DATA_ENV: str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("big.csv: reading this would take more than the 0.390625 GB of memory")


def test_two_downloads_that_overlap_count_each_order_once(tmp_path):
    import csv

    from workbook.exports import load_exports

    rows = list(csv.reader((DATA / "crumb-and-co-bakery-shopify-orders.csv").open(newline="", encoding="utf-8")))
    head, body = rows[0], rows[1:]

    def order_start(at: int) -> int:  # an order's lines stay together
        while body[at][0] == body[at - 1][0]:
            at += 1
        return at

    early, late = order_start(2 * len(body) // 3), order_start(len(body) // 3)
    for name, part in (("january-to-august.csv", body[:early]), ("may-to-december.csv", body[late:])):
        csv.writer((tmp_path / name).open("w", newline="")).writerows([head, *part])
    shared = len({row[0] for row in body[late:early]})
    whole = load_exports([DATA / "crumb-and-co-bakery-shopify-orders.csv"])
    both = load_exports([tmp_path / "january-to-august.csv", tmp_path / "may-to-december.csv"])
    assert round(float(both.sales.amount.sum()), 2) == round(float(whole.sales.amount.sum()), 2)
    assert int(both.sales.orders.sum()) == int(whole.sales.orders.sum())
    assert both.results[1].notes == [f"{shared} orders are in january-to-august.csv too: counted once."]


# Saves that hold ---------------------------------------------------------------------------------------------

def _writer(folder: str, field: str, rounds: int, owner: str, keys: list[str]) -> None:
    with Store(Path(folder) / "workbook.sqlite") as store:
        for n in range(rounds):
            update_customer(store, owner, keys[n % len(keys)], notes=f"{field} {n}")
            update_plan(store, owner, **{field: f"{field} {n}"})


@pytest.mark.slow
def test_two_writers_at_once_lose_no_save(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
        keys = [c.key for c in store.load_plan("owner").customers]
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=_writer, args=(str(tmp_path), field, 150, "owner", part))
               for field, part in (("reward", keys[:5]), ("friend_offer", keys[5:]))]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    with Store(tmp_path / "workbook.sqlite") as store:
        plan = store.load_plan("owner")
    assert plan.reward == "reward 149" and plan.friend_offer == "friend_offer 149"  # neither reverted the other
    notes = {c.key: c.notes for c in plan.customers}
    assert all(notes[k].startswith("reward ") for k in keys[:5]) and all(notes[k].startswith("friend_offer ")
                                                                          for k in keys[5:])
    assert {notes[k] for k in keys[:5]} == {f"reward {n}" for n in range(145, 150)}


def test_a_change_to_a_plan_started_again_meanwhile_says_so(tmp_path, monkeypatch):
    from workbook.errors import PlanStartedAgainError

    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
        drawn = store.load_plan("owner")  # a tab draws the plan
        import_export(store, "owner", DATA / "crumb-and-co-bakery-shopify-orders.csv", "Crumb")  # another starts again
        with pytest.raises(PlanStartedAgainError, match="started again in another tab"):
            update_customer(store, "owner", drawn.customers[0].key, started=drawn.started, method="phone")
        with pytest.raises(PlanStartedAgainError):
            update_plan(store, "owner", started=drawn.started, reward="A book")
        assert store.load_plan("owner").reward != "A book" and "reward" in store.load_plan("owner").suggested
        now = store.load_plan("owner")
        assert update_plan(store, "owner", started=now.started, reward="A book").reward == "A book"


def _record(folder: Path, friend: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "workbook", "record", "referral", "--by", "Esme Everly",
                             "--friend", friend, "--on", "2026-12-01", "--data-dir", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_record_killed_at_any_moment_loses_no_acknowledged_entry_and_counts_none_twice(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
    started = time.monotonic()
    _record(tmp_path, "Friend 0").communicate(timeout=60)
    takes = time.monotonic() - started  # how long one record runs, start to answer: the kills fall within it
    chance = random.Random(7)
    acknowledged, kills, unanswered = {"Friend 0"}, 0, 0
    for n in range(1, 24):
        friend = f"Friend {n}"
        run = _record(tmp_path, friend)
        time.sleep(chance.uniform(0.6, 1.05) * takes)
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            kills += 1
        out, _err = run.communicate()
        if run.returncode == 0 and friend in out:
            acknowledged.add(friend)
        with Store(tmp_path / "workbook.sqlite") as store:
            unanswered += run.returncode != 0 and friend in {r.friend for r in Logbook(store, "owner").referrals()}
        again = _record(tmp_path, friend)  # the owner, unsure, runs it again
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        acknowledged.add(friend)
    with Store(tmp_path / "workbook.sqlite") as store:
        friends = [r.friend for r in Logbook(store, "owner").referrals()]
    assert sorted(friends) == sorted(acknowledged) and len(friends) == len(set(friends)) == 24
    print(f"record: {kills} kills ({unanswered} after the save, before the answer), 0 entries lost, "
          "0 counted twice")


def _saver(folder: str, ready) -> None:
    with Store(Path(folder) / "workbook.sqlite") as store:
        for n in range(100_000):
            update_plan(store, "owner", reward=f"gift {n}")
            ready.put(n)


@pytest.mark.slow
def test_app_saves_killed_mid_write_keep_every_acknowledged_one(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy")
    spawn = multiprocessing.get_context("spawn")
    for kill in range(8):
        acked = spawn.Queue()
        saver = spawn.Process(target=_saver, args=(str(tmp_path), acked))
        saver.start()
        last = acked.get(timeout=60)
        time.sleep(0.05 + kill * 0.03)
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
        while not acked.empty():
            last = acked.get()
        with Store(tmp_path / "workbook.sqlite") as store:  # the plan reads whole, at or after the last save told
            assert int(store.load_plan("owner").reward.split()[1]) >= last


@pytest.mark.browser
def test_pages_closed_in_a_browser_leave_no_kernel(tmp_path):
    with running_app(tmp_path, options=("--ready", "0")) as url, chromium() as browser:
        pages = []
        for _ in range(3):
            page = browser.new_context().new_page()
            page.goto(url, timeout=90_000)
            page.wait_for_selector(".wb-steps", timeout=90_000)
            pages.append(page)
        assert wait_for_kernels(url, 3) == 3
        for page in pages:
            page.close(run_before_unload=True)
        assert wait_for_kernels(url, 0, 30) == 0
