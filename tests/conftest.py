"""Shared fixtures: the demo exports, a helper to write small exports, and each test's own environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook import i18n, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# The variables the workbook reads (settings.py): a test that leaves one changed fails
WORKBOOK_VARIABLES = {value for name, value in vars(settings).items() if name.endswith("_ENV")} | {
    "HTTP_COOKIE", "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE"}


@pytest.fixture(autouse=True)
def own_environment():
    """Each test finds the environment and the language as the one before it did: after it, os.environ is put back
    as it was and the workbook speaks the language it spoke before (the command sets the process's language). A
    test that left one of the workbook's variables changed fails: set them with monkeypatch.setenv."""
    before, spoken = dict(os.environ), i18n.language()
    yield
    changed = sorted(name for name in before.keys() | os.environ.keys() if before.get(name) != os.environ.get(name))
    for name in changed:
        if name in before:
            os.environ[name] = before[name]
        else:
            del os.environ[name]
    i18n.set_language(spoken)
    left = [name for name in changed if name in WORKBOOK_VARIABLES]
    if left:
        pytest.fail(f"the test left {', '.join(left)} changed in os.environ (put back now): use monkeypatch.setenv",
                    pytrace=False)


@pytest.fixture
def write(tmp_path: Path):
    """Write ``text`` (str or bytes) to a file named ``name`` in a fresh folder; return its path."""

    def _write(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding=encoding, newline="")
        return path

    return _write


def workshop_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str):
    """A fixture's body: the store of a workshop with ``code`` (the coach's token: coach-token) in ``tmp_path``."""
    from workbook.store import Store

    monkeypatch.setenv(settings.DATA_ENV, str(tmp_path))
    monkeypatch.setenv(settings.WORKSHOP_ENV, code)
    monkeypatch.setenv(settings.COACH_ENV, "coach-token")
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened
