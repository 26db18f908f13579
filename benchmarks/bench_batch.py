"""Coaches' load, in one run: a roster's plans, and a room of workshop participants.

    .venv/bin/python benchmarks/bench_batch.py [--participants 40] [--room 20] [--joining 40]
                                               [--only batch|workshop|join]

Batch: ``workbook batch --workers 2`` against a sequential loop of the papermill CLI making the
same plans for the same roster (the demo businesses, round robin). Goal: the batch at least
1.7x faster. Also prints the wall time per plan.

Workshop: ``workbook serve --workshop`` with a roster of ``--room`` participants, each in their
own browser context; all of them click Next through four steps at the same moment. Prints
click-to-new-step latency (timed in the page) for one participant alone and for the room,
and the errors seen. Goal: p95 at most 500 ms with the room, no errors. Here the 20 browser
pages share the server's cores; ``--browser-nice 19`` lets the server come first, closer to a
room where each participant's browser runs on their own machine.

Join: ``--joining`` participants (40) have the join page open, then all press Join at the same moment. Prints
the time from pressing Join to the first usable screen (the welcome step, and its Next button), against one participant
joining alone in the same run, and the server and kernels' memory (proportional set size) per participant
once all are in. Goals: every one gets in, p95 at most 5 s, at most 60 MB per participant, no errors.
Here the 40 Chromium pages share the server's two cores and take most of their CPU, so the join case also runs
without a browser (``join-server``): each participant as a plain HTTP and websocket client doing what the page
does (join, open the app, connect to its kernel, ask for its widgets), with no pages kept ready and with a
kernel ready for each, which is the server's part of a room where every participant brings their own phone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, running_app, server_tree  # noqa: E402  (the tests' server and browser helpers)

DEMOS = ["crumb-and-co-bakery-shopify-orders.csv", "riverside-physio-sales.csv", "northgate-supplies-quickbooks.csv",
         "bright-path-coaching-stripe.csv"]


def bench_batch(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        roster = folder / "roster.csv"
        lines = ["participant,business,data_file"]
        lines += [f"Participant {n:02d},Business {n:02d},{ROOT / 'data' / DEMOS[n % len(DEMOS)]}"
                  for n in range(args.participants)]
        roster.write_text("\n".join(lines) + "\n")

        start = time.perf_counter()
        for n in range(args.participants):
            subprocess.run([sys.executable, "-m", "papermill", str(ROOT / "notebooks" / "plan.ipynb"),
                            str(folder / f"loop-{n}.ipynb"), "--cwd", str(ROOT / "notebooks"),
                            "-p", "participant", f"Participant {n:02d}", "-p", "business", f"Business {n:02d}",
                            "-p", "data_file", str(ROOT / "data" / DEMOS[n % len(DEMOS)]),
                            "-p", "output_folder", str(folder / "loop" / str(n))],
                           check=True, capture_output=True)
        loop = time.perf_counter() - start

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workbook", "batch", str(roster), "--out", str(folder / "batch"),
                        "--workers", "2"], check=True, capture_output=True, cwd=ROOT)
        batch = time.perf_counter() - start

    print(f"{args.participants} plans: papermill CLI loop {loop:.1f} s ({loop / args.participants:.2f} s a plan), "
          f"workbook batch --workers 2 {batch:.1f} s ({batch / args.participants:.2f} s a plan); "
          f"speed-up {loop / batch:.2f}x")


NEXT_STEP = """step => new Promise((done, fail) => {
    const t0 = performance.now();
    const seen = () => document.querySelector(`.wb-page-${step}`);
    const watch = new MutationObserver(() => { if (seen()) { watch.disconnect(); done(performance.now() - t0); } });
    watch.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
    setTimeout(() => fail(new Error(`step ${step} did not appear`)), 30000);
    [...document.querySelectorAll("button")].find(b => b.textContent.trim() === "Next").click();
})"""


async def walk(browser, url: str, name: str, start: asyncio.Event | None, think: float) -> list[float]:
    """Join as ``name``, then (once ``start`` is set) click Next from the welcome to the contact step,
    reading each page for up to ``think`` seconds first (0: everyone clicks at the same moment)."""
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(url + "join", timeout=180_000)
    await page.get_by_label("Workshop code").fill("BENCH26")
    await page.get_by_label("Your name").fill(name)
    await page.get_by_role("button", name="Join").click()
    await page.wait_for_selector(".wb-page-0", timeout=180_000)
    if start:
        await start.wait()
    times = []
    for step in (1, 2, 3, 4):
        await asyncio.sleep(random.uniform(0, think))
        times.append(await page.evaluate(NEXT_STEP, step))
    if await page.locator(".wb-error:visible, .wb-message-error").count():
        raise RuntimeError(f"{name} saw an error")
    await context.close()
    return times


def server_cpu(url: str) -> float:
    """CPU seconds used so far by the server at ``url`` and its kernels, those shut down included."""
    server, *kernels = server_tree(int(url.rstrip("/").rsplit(":", 1)[1]))
    times = server.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system  # kernels it has reaped
    for kernel in kernels:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(kernel.cpu_times()[:2])
    return total


def machine_cpu() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system


async def room(url: str, names: list[str], think: float = 0, chromium: str = CHROMIUM) -> tuple[list[float], int]:
    """Every participant ready, then all click at once: latencies and the number of failures."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        start = asyncio.Event()
        tasks = [asyncio.create_task(walk(browser, url, name, start, think)) for name in names]
        while await _showing(browser, ".wb-page-0") + sum(t.done() for t in tasks) < len(names):
            await asyncio.sleep(0.5)
        start.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        await browser.close()
    times = [t for r in results if isinstance(r, list) for t in r]
    for problem in {str(r).splitlines()[0] for r in results if isinstance(r, BaseException)}:
        print(f"  error: {problem}")
    return times, sum(isinstance(r, BaseException) for r in results)


async def _showing(browser, selector: str) -> int:
    """How many of the browser's pages show ``selector``."""
    count = 0
    for context in browser.contexts:
        for page in context.pages:
            count += await page.locator(selector).count()
    return count


def _chromium(folder: Path, nice: int) -> str:
    """The browser to run: Chromium itself, or with ``nice`` a wrapper that runs it at that nice level (the room's
    browsers would run on the participants' own machines)."""
    if not nice:
        return CHROMIUM
    wrapper = folder / "chromium"
    wrapper.write_text(f"#!/bin/sh\nexec nice -n {nice} {CHROMIUM} \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def bench_workshop(args: argparse.Namespace) -> None:
    random.seed(7)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        names = [f"Participant {n:02d}" for n in range(2 * args.room + 1)]
        roster = folder / "roster.csv"
        roster.write_text("participant,business,data_file\n" + "".join(
            f"{name},Business {n:02d},{ROOT / 'data' / DEMOS[n % len(DEMOS)]}\n" for n, name in enumerate(names)))
        chromium = _chromium(folder, args.browser_nice)
        with running_app(folder, options=("--workshop", "BENCH26", "--roster", str(roster))) as url:
            alone, _ = asyncio.run(room(url, names[:1], chromium=chromium))
            server, machine = server_cpu(url), machine_cpu()
            rooms = {"all clicking at the same moment": asyncio.run(room(url, names[1:args.room + 1],
                                                                         chromium=chromium)),
                     "reading each page up to 8 s first": asyncio.run(room(url, names[args.room + 1:], think=8,
                                                                           chromium=chromium))}
            server, machine = server_cpu(url) - server, machine_cpu() - machine
    print(f"workshop: one participant alone, median click {statistics.median(alone):.0f} ms")
    for label, (times, failures) in rooms.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        steps = ", ".join(f"to step {n + 2}: {statistics.quantiles(times[n::4], n=20)[-1]:.0f}" for n in range(4))
        print(f"  {args.room} participants, {label}: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
              f"({p95 / statistics.median(alone):.1f}x the lone median; p95 per click {steps}), "
              f"{len(times)} clicks, {failures} participants with errors")
    print(f"  CPU in both rooms: server and kernels {server:.0f} s of the machine's {machine:.0f} s "
          f"(the rest is mostly the {2 * args.room} browsers, which a real room runs on its own machines)")


async def enter(browser, url: str, name: str, start: asyncio.Event | None) -> float:
    """Open the join page as ``name``, fill it in, and (once ``start`` is set) press Join: seconds from the press
    to the first usable screen."""
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(url + "join", timeout=180_000)
    await page.get_by_label("Workshop code").fill("BENCH26")
    await page.get_by_label("Your name").fill(name)
    await page.evaluate("document.body.dataset.ready = 'yes'")
    if start:
        await start.wait()
    pressed = time.perf_counter()
    await page.get_by_role("button", name="Join").click()
    await page.wait_for_selector(".wb-page-0", timeout=300_000)
    await page.get_by_role("button", name="Next").wait_for(timeout=60_000)
    took = time.perf_counter() - pressed
    if await page.locator(".wb-error:visible, .wb-message-error").count():
        raise RuntimeError(f"{name} saw an error")
    return took


def memory(url: str) -> float:
    """Bytes the server at ``url`` and its kernels hold (proportional set size: shared pages counted once)."""
    total = 0.0
    for process in server_tree(int(url.rstrip("/").rsplit(":", 1)[1])):
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().pss
    return total


async def crowd(url: str, names: list[str], chromium: str = CHROMIUM) -> tuple[list[float], int, float]:
    """Everyone on the join page, then all press Join at once: their times, failures, and the memory after."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        start = asyncio.Event()
        tasks = [asyncio.create_task(enter(browser, url, name, start)) for name in names]
        while await _showing(browser, "body[data-ready='yes']") + sum(t.done() for t in tasks) < len(names):
            await asyncio.sleep(0.5)
        start.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        held = memory(url)
        await browser.close()
    for problem in {str(r).splitlines()[0] for r in results if isinstance(r, BaseException)}:
        print(f"  error: {problem}")
    return [r for r in results if isinstance(r, float)], sum(isinstance(r, BaseException) for r in results), held


def bench_join(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        chromium = _chromium(folder, args.browser_nice)
        options = ("--workshop", "BENCH26", "--max-pages", str(args.joining + 10))
        with running_app(folder, options=options) as url:
            idle = memory(url)
            alone, _, _ = asyncio.run(crowd(url, ["Alone"], chromium=chromium))
        with running_app(folder, options=options) as url:
            times, failures, held = asyncio.run(crowd(url, [f"Joiner {n:02d}" for n in range(args.joining)],
                                                      chromium=chromium))
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else float("nan")
    print(f"join: one participant alone {alone[0]:.1f} s from Join to the first usable screen")
    print(f"  {args.joining} pressing Join at the same moment: {len(times)} in, "
          f"median {statistics.median(times):.1f} s, p95 {p95:.1f} s ({p95 / alone[0]:.1f}x alone), "
          f"slowest {max(times):.1f} s, {failures} with errors")
    print(f"  memory: server idle {idle / 2**20:.0f} MB; server and kernels with all in {held / 2**20:.0f} MB, "
          f"{(held - idle) / max(1, len(times)) / 2**20:.0f} MB per participant")


async def enter_plainly(url: str, name: str, start: asyncio.Event) -> float:
    """Join as ``name`` the way the page does, without a browser: seconds from the press to a kernel that answers
    with the page's widgets."""
    import json
    import re
    import uuid
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    jar: dict[str, str] = {}

    async def fetch(path: str, **options) -> str:
        request = HTTPRequest(url + path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
                              follow_redirects=False, request_timeout=300, connect_timeout=300, **options)
        answer = await AsyncHTTPClient(max_clients=200).fetch(request, raise_error=False)
        for header in answer.headers.get_list("Set-Cookie"):
            jar.update({key: morsel.value for key, morsel in SimpleCookie(header).items()})
        return (answer.body or b"").decode()

    await fetch("join")
    await start.wait()
    pressed = time.perf_counter()
    await fetch("join", method="POST", body=urlencode({"_xsrf": jar["_xsrf"], "code": "BENCH26", "name": name}))
    await fetch("")  # the session
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', await fetch("")).group(1)
    socket = await websocket_connect(HTTPRequest(
        url.replace("http", "ws", 1) + f"api/kernels/{kernel}/channels?session_id={uuid.uuid4()}",
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "Origin": url.rstrip("/")}))
    header = {"msg_id": uuid.uuid4().hex, "msg_type": "comm_info_request", "username": "", "date": "",
              "session": uuid.uuid4().hex, "version": "5.3"}
    await socket.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "channel": "shell",
                                           "content": {"target_name": "jupyter.widget"}}))
    while True:
        reply = json.loads(await socket.read_message())
        if reply.get("msg_type") == "comm_info_reply":
            break
    took = time.perf_counter() - pressed
    socket.close()
    if not reply["content"]["comms"]:
        raise RuntimeError(f"{name}: the page has no widgets")
    return took


async def plain_crowd(url: str, names: list[str]) -> tuple[list[float], int]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(enter_plainly(url, name, start)) for name in names]
    await asyncio.sleep(2)
    start.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for problem in {str(r).splitlines()[0] for r in results if isinstance(r, BaseException)}:
        print(f"  error: {problem}")
    return [r for r in results if isinstance(r, float)], sum(isinstance(r, BaseException) for r in results)


def bench_join_server(args: argparse.Namespace) -> None:
    for ready in (0, args.joining):
        with tempfile.TemporaryDirectory() as folder:
            options = ("--workshop", "BENCH26", "--max-pages", str(args.joining + 10), "--ready", str(ready))
            with running_app(Path(folder), options=options) as url:
                time.sleep(5 + ready * 0.6)  # the ready kernels started
                alone, _ = asyncio.run(plain_crowd(url, ["Alone"]))
                used = server_cpu(url)
                times, failures = asyncio.run(plain_crowd(url, [f"Joiner {n:02d}" for n in range(args.joining)]))
                used = (server_cpu(url) - used) / max(1, len(times))
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else float("nan")
        print(f"join-server, {ready} kernels ready: alone {alone[0]:.2f} s; {args.joining} at once: {len(times)} in, "
              f"median {statistics.median(times):.1f} s, p95 {p95:.1f} s ({p95 / alone[0]:.1f}x alone), "
              f"{failures} with errors; server and kernels {used:.2f} CPU s per participant")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--room", type=int, default=20)
    parser.add_argument("--joining", type=int, default=40)
    parser.add_argument("--only", choices=["batch", "workshop", "join", "join-server"])
    parser.add_argument("--browser-nice", type=int, default=0,
                        help="run the room's Chromium at this nice level, so the server comes first")
    args = parser.parse_args()
    if args.only in (None, "batch"):
        bench_batch(args)
    if args.only in (None, "workshop"):
        bench_workshop(args)
    if args.only in (None, "join"):
        bench_join(args)
    if args.only in (None, "join-server"):
        bench_join_server(args)


if __name__ == "__main__":
    main()
