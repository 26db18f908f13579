"""The field corpus: real exports from public repositories, with answers worked out without the workbook.

Each folder of ``tests/field/`` holds the files, ``sources.toml`` (repository, path and commit of
each) and ``expected.py``, which reads the files with pandas alone and writes ``expected.json``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

FIELD = ROOT / "tests" / "field"
FOLDERS = sorted(p.parent for p in FIELD.glob("*/expected.py"))


def _bench():
    spec = importlib.util.spec_from_file_location("bench_field", ROOT / "benchmarks" / "bench_field.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_field"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def _sources() -> dict[str, dict]:
    return {f"{folder.name}/{name}": entry for folder in FOLDERS
            for name, entry in tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8")).items()}


def test_the_corpus_is_wide_enough():
    sources = _sources()
    assert len(sources) >= 40
    assert len({entry["system"] for entry in sources.values()}) >= 25
    assert len({entry["language"] for entry in sources.values()}) >= 5
    assert {name.rsplit(".", 1)[1] for name in sources} >= {"csv", "xlsx"}
    for name, entry in sources.items():
        assert (FIELD / name).is_file(), name
        assert entry["repo"].count("/") == 1 and len(entry["commit"]) == 40 and entry["path"], name


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_answers_come_from_a_script_that_does_not_use_the_workbook(folder, tmp_path):
    script = folder / "expected.py"
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(script.read_text(encoding="utf-8")))
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in getattr(node, "names", [])}
    imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(script.read_text(encoding="utf-8")))
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "workbook" not in imported
    before = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    subprocess.run([sys.executable, str(script)], cwd=folder, check=True, capture_output=True, timeout=120)
    assert json.loads((folder / "expected.json").read_text(encoding="utf-8")) == before
    assert set(before) == {name.split("/", 1)[1] for name in _sources() if name.startswith(folder.name + "/")}


@pytest.mark.slow
def test_no_file_is_silently_wrong_and_nearly_all_are_right():
    outcomes = _bench().score()
    wrong = [f"{o.file.name}: {o.detail}" for o in outcomes if o.outcome == "silently wrong"]
    assert not wrong
    right = sum(1 for o in outcomes if o.outcome in ("right", "right after the question"))
    assert right >= 0.95 * len(outcomes), [f"{o.file.name}: {o.detail}" for o in outcomes if o.outcome == "stopped"]
