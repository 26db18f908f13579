"""The real notebooks, executed as Voilà would run them."""

import json

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from workbook.settings import COACH_ENV, DATA_ENV, DEMO_ENV, WORKSHOP_ENV

NOTEBOOKS = ROOT / "notebooks"


def test_notebooks_are_committed_clean():
    for path in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, path.name


@pytest.mark.slow
def test_challenge_notebook_builds_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    monkeypatch.setenv(DEMO_ENV, str(ROOT / "data"))
    notebook = nbformat.read(NOTEBOOKS / "challenge.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = notebook.cells[-1]["outputs"]
    assert outputs and "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]
    assert (tmp_path / "workbook.sqlite").is_file()


def run(name, tmp_path, monkeypatch, **env):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    monkeypatch.setenv(DEMO_ENV, str(ROOT / "data"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook.cells[-1]["outputs"][0]["data"]


@pytest.mark.slow
def test_coach_notebook_shows_the_room_only_to_the_coach(tmp_path, monkeypatch):
    workshop = {WORKSHOP_ENV: "BAKE", COACH_ENV: "t0ken"}
    shown = run("coach.ipynb", tmp_path, monkeypatch, HTTP_COOKIE="wb_coach=t0ken", **workshop)
    assert "application/vnd.jupyter.widget-view+json" in shown
    refused = run("coach.ipynb", tmp_path, monkeypatch, HTTP_COOKIE="wb_coach=guess", **workshop)
    assert "This page is for the workshop&#x27;s coach" in refused["text/plain"]


@pytest.mark.slow
def test_follow_through_notebook_needs_a_plan_first(tmp_path, monkeypatch):
    shown = run("follow_through.ipynb", tmp_path, monkeypatch)
    assert "Make your plan first" in shown["text/plain"]
