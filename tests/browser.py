"""Helpers for browser tests: a real ``workbook serve`` on a free loopback port, and Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psutil
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_tree(port: int) -> list[psutil.Process]:
    """The app's server on ``port`` and the processes under it (its kernels)."""
    server = next(p for p in psutil.process_iter(["cmdline"]) if "workbook.server" in (p.info["cmdline"] or [])
                  and f"--port={port}" in p.info["cmdline"])
    return [server, *server.children(recursive=True)]


@contextmanager
def running_app(data_dir: Path, port: int | None = None, options: tuple[str, ...] = ()) -> Iterator[str]:
    """Start the app as the README does (with more ``workbook serve`` options), from a folder outside the
    repository (so the installed package serves), and yield its URL; stop it afterwards."""
    port = port or free_port()
    log = (data_dir / f"serve-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook.cli", "serve", "--port", str(port), "--data-dir", str(data_dir), *options],
        cwd=data_dir, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ), start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "voila/templates/workbook/static/workbook.css", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start: {(data_dir / f'serve-{port}.log').read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
