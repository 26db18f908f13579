"""Time the app in a real browser against a one-widget Voilà notebook, in one run.

    .venv/bin/python benchmarks/bench_app.py [--repeat 3]

Prints: time from opening the URL to the first interactive screen (ours against the
one-widget baseline, median, and the ratio; goal at most 1.0x), the click-to-updated-screen
latency over the steps of a journey, measured in the page from the click to the first frame
painted with the new step (goals: median at most 100 ms, p95 at most 200 ms), and the kernel's
memory after a full journey (goal at most 150 MB).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import chromium, free_port, running_app, server_tree  # noqa: E402  (the tests' server and browser helpers)

BASELINE_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "one", "metadata": {}, "outputs": [],
               "source": ["import ipywidgets\n", "ipywidgets.Button(description='Hello')"]}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def first_screen(browser, url: str, selector: str) -> float:
    """Seconds from navigation to ``selector`` being visible, in a fresh page."""
    page = browser.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(selector, timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def baseline_server(folder: Path) -> tuple[subprocess.Popen, str]:
    notebook = folder / "one.ipynb"
    notebook.write_text(json.dumps(BASELINE_NOTEBOOK))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
                                "--Voila.ip=127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            import urllib.request
            urllib.request.urlopen(url + "voila/static/voila.js", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return process, url


CLICK = """([button, step]) => new Promise((done, fail) => {
    const seen = () => document.querySelector(`.wb-page-${step}`);
    let t0 = 0;
    const watch = new MutationObserver(() => {
        if (!seen()) return;
        watch.disconnect();  /* the page is in; count until the frame that shows it is painted */
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
    });
    watch.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
    setTimeout(() => fail(new Error(`step ${step} did not appear`)), 30000);
    t0 = performance.now();
    [...document.querySelectorAll("button")].find(b => b.textContent.trim() === button).click();
})"""


def click_latencies(browser, url: str, journeys: int) -> list[float]:
    """Milliseconds from each click to the frame showing its result, measured in the page, over journeys."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".wb-steps", timeout=120_000)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Use this demo business").click()
    page.wait_for_selector(".wb-page-2", timeout=60_000)
    timings = []
    for _ in range(journeys):
        for step in range(3, 8):
            timings.append(page.evaluate(CLICK, ["Next", step]))
        for step in range(6, 1, -1):
            timings.append(page.evaluate(CLICK, ["Back", step]))
    page.close()
    return timings


def kernel_memory(port: int) -> tuple[float, int]:
    """The largest resident memory (MB) among the kernels of the server on ``port``, and how many run."""
    kernels = [c for c in server_tree(port)[1:] if "ipykernel" in " ".join(c.cmdline())]
    return max(k.memory_info().rss for k in kernels) / 1e6, len(kernels)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        folder = Path(folder)
        baseline, baseline_url = baseline_server(folder)
        port = free_port()
        try:
            with running_app(folder, port=port) as url:
                first_screen(browser, url, ".wb-steps")  # warm both servers once
                first_screen(browser, baseline_url, ".widget-button")
                ours, base = [], []
                for _ in range(args.repeat):
                    base.append(first_screen(browser, baseline_url, ".widget-button"))
                    ours.append(first_screen(browser, url, ".wb-steps"))
                latencies = click_latencies(browser, url, args.repeat)
                memory, kernels = kernel_memory(port)
        finally:
            baseline.terminate()
    ours_t, base_t = statistics.median(ours), statistics.median(base)
    print(f"first screen: one-widget notebook {base_t:.2f} s, workbook {ours_t:.2f} s, ratio {ours_t / base_t:.2f}")
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"click to updated screen: median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(latencies):.0f} ms over {len(latencies)} clicks")
    print(f"kernel memory after a journey: {memory:.0f} MB (largest of {kernels} kernels running)")


if __name__ == "__main__":
    main()
