"""Helpers for browser tests: a real ``workbook serve`` on a free loopback port, and Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    server = next(p for p in psutil.process_iter(["cmdline"]) if "workbook.serve.server" in (p.info["cmdline"] or [])
                  and f"--port={port}" in p.info["cmdline"])
    return [server, *server.children(recursive=True)]


@contextmanager
def running_app(data_dir: Path, port: int | None = None, options: tuple[str, ...] = ()) -> Iterator[str]:
    """Start the app as the README does (with more ``workbook serve`` options), from a folder outside the
    repository (so the installed package serves), and yield its URL; stop it afterwards."""
    port = port or free_port()
    log = (data_dir / f"serve-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook", "serve", "--port", str(port), "--data-dir", str(data_dir), *options],
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
                    raise RuntimeError(f"the app did not start: {(data_dir / f'serve-{port}.log').read_text()}") from None
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


# What a person would see as broken on a page, read from the boxes the browser drew: controls or text
# drawn over each other, anything past the screen's edge or cut off by its box (a scroller marked
# ``wb-scroll`` may hold what is wider), and tap targets under 44 by 44 pixels.
LAYOUT_PROBLEMS = r"""() => {
  const width = document.documentElement.clientWidth, problems = [];
  const name = e => (e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '') + ' "'
    + (e.tagName === 'SELECT' ? (e.selectedOptions[0] || {}).text || ''
       : e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '"');
  const unseen = e => !e.checkVisibility({opacityProperty: true, visibilityProperty: true})
    || e.closest('.wb-sr, details:not([open]) > :not(summary)') !== null;
  const boxes = [];
  const controls = 'input:not([type=hidden]):not([type=file]), select, textarea, button, a.wb-big, a.wb-go, ' +
                   '.wb-downloads a, summary';
  for (const e of document.querySelectorAll(controls)) {
    if (unseen(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    boxes.push({r, owner: e, what: name(e), control: true});
    let target = e;
    if (e.matches('input[type=checkbox], input[type=radio]')) target = e.closest('label') || e;
    const t = target.getBoundingClientRect();
    if (t.width < 43.5 || t.height < 43.5) problems.push(`tap target ${Math.round(t.width)}x${Math.round(t.height)}: ${name(target)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement;
    if (!node.textContent.trim() || !owner || unseen(owner) || owner.closest('select, option, script, style, svg'))
      continue;
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects())
      if (r.width >= 1 && r.height >= 1) boxes.push({r, owner, what: name(owner) + ' text', control: false});
  }
  const related = (a, b) => a.contains(b) || b.contains(a);
  for (const box of boxes) {
    const {r, owner} = box;
    if (r.right > width + 1 || r.left < -1) {
      const scroller = owner.closest('.wb-scroll');
      if (!scroller) problems.push(`past the edge (${Math.round(r.left)}..${Math.round(r.right)} of ${width}): ${box.what}`);
    }
    for (let a = owner.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      if (a.classList.contains('wb-scroll')) break;
      const c = a.getBoundingClientRect(), scrolls = /auto|scroll/.test(s.overflowY);
      if (r.left < c.left - 2 || r.right > c.right + 2
          || (!scrolls && (r.top < c.top - 2 || r.bottom > c.bottom + 2)))
        problems.push(`cut off by ${name(a).slice(0, 40)}: ${box.what}`);
      break;
    }
  }
  for (const scroller of document.querySelectorAll('.wb-scroll')) {
    const r = scroller.getBoundingClientRect();
    if (!unseen(scroller) && (r.right > width + 1 || r.left < -1)) problems.push(`scroller past the edge: ${name(scroller)}`);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (!a.control && !b.control && a.owner === b.owner) continue;
    if (related(a.owner, b.owner)) continue;
    const across = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const down = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (across > 2 && down > Math.max(2, 0.3 * Math.min(a.r.height, b.r.height)))
      problems.push(`overlap: ${a.what} and ${b.what}`);
  }
  const gap = (a, b) => Math.max(0, a.left - b.right, b.left - a.right) + Math.max(0, a.top - b.bottom, b.top - a.bottom);
  const fields = boxes.filter(b => b.control && b.owner.matches('input, select, textarea'));
  for (const label of document.querySelectorAll('.widget-inline-hbox > .widget-label')) {
    const own = label.parentElement.querySelector('input, select, textarea');
    if (!own || unseen(label) || !label.textContent.trim()) continue;
    const r = label.getBoundingClientRect(), mine = gap(r, own.getBoundingClientRect());
    const nearer = fields.find(f => f.owner !== own && gap(r, f.r) <= mine);
    if (mine > 12 || nearer) problems.push(`label "${label.textContent.trim().slice(0, 30)}" ${Math.round(mine)}px from its input`
      + (nearer ? `, nearer to ${nearer.what}` : ''));
  }
  return [...new Set(problems)];
}"""
