"""Where things are: the files the workbook is installed with, and where it keeps an owner's work.

The app's notebooks, the plan notebook, the Voilà template and the demo exports are package data
(``notebooks/``, ``voila_templates/`` and ``data/`` of the repository, put in the wheel by the
build), found through ``importlib.resources`` and never through the current folder.
"""

from __future__ import annotations

from pathlib import Path

from . import settings
from .errors import MissingResourceError
from .i18n import _

NOTEBOOKS = ("challenge", "follow_through", "today", "coach", "plan")


SOURCE = {"notebooks": "notebooks", "demo_data": "data", "jupyter": "voila_templates"}  # in a checkout


def _installed(folder: str, *parts: str) -> Path:
    """A file or folder the package is installed with (or, run from a checkout, its source in the repository);
    a plain error naming it when it is missing."""
    from importlib import resources

    path = Path(str(resources.files(__package__).joinpath(folder, *parts)))
    source = Path(__file__).resolve().parent.parent / SOURCE[folder] / Path(*parts)
    if not path.exists() and source.exists():
        return source
    if not path.exists():
        raise MissingResourceError(_("a file the workbook is installed with is missing ({path}); reinstall the "
                                     "workbook (pip install --force-reinstall referral-workbook, or pipx reinstall "
                                     "referral-workbook)").format(path=path))
    return path


def notebook(name: str) -> Path:
    """One of the workbook's notebooks (``plan``, ``challenge``, ``follow_through``, ``coach``), as installed."""
    return _installed("notebooks", f"{name}.ipynb")


def jupyter_dir() -> Path:
    """The folder Jupyter looks in for the app's Voilà template (``voila/templates/workbook`` below it)."""
    _installed("jupyter", "voila", "templates", "workbook", "index.html.j2")
    return _installed("jupyter")


def demo_dir() -> Path:
    """The demo businesses' exports: ``WORKBOOK_DEMO_DIR``, else those installed with the workbook."""
    given = settings.demo_dir()
    return Path(given).resolve() if given else _installed("demo_data")


def data_dir(given: str | Path | None = None) -> Path:
    """Where plans, logs and uploads are kept: ``given``, else ``WORKBOOK_DATA_DIR``, else ``var/`` when run
    from the workbook's own repository, else the user's data folder (``~/.local/share/referral-workbook``)."""
    chosen = given or settings.data_dir()
    if chosen:
        return Path(chosen).resolve()
    if _in_repository(Path.cwd()):
        return Path("var").resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("referral-workbook", appauthor=False))


def _in_repository(folder: Path) -> bool:
    project = folder / "pyproject.toml"
    return project.is_file() and 'name = "referral-workbook"' in project.read_text(encoding="utf-8", errors="ignore")
