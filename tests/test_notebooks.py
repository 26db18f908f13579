"""The real notebooks, executed as Voilà would run them."""

import json

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def test_notebooks_are_committed_clean():
    for path in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, path.name


def test_challenge_notebook_builds_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WORKBOOK_DEMO_DIR", str(ROOT / "data"))
    notebook = nbformat.read(NOTEBOOKS / "challenge.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = notebook.cells[-1]["outputs"]
    assert outputs and "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]
    assert (tmp_path / "workbook.sqlite").is_file()
