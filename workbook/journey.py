"""The owner's way through the challenge, as functions the app's widgets call."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError
from .importer import ImportResult, load_sales
from .plan import plan_from_ranking
from .ranking import rank_customers
from .store import Store

CANDIDATES = 50
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def data_dir() -> Path:
    """Where the app keeps its store and uploads (``WORKBOOK_DATA_DIR``, else ./var)."""
    return Path(os.environ.get("WORKBOOK_DATA_DIR", "var")).resolve()


def demo_dir() -> Path:
    """Where the demo exports are (``WORKBOOK_DEMO_DIR``, else ./data)."""
    return Path(os.environ.get("WORKBOOK_DEMO_DIR", "data")).resolve()


def open_store() -> Store:
    return Store(data_dir() / "workbook.sqlite")


@dataclass
class Imported:
    """What an import step tells the owner: the ranking, or why there is none."""

    ranking: pd.DataFrame | None
    result: ImportResult | None
    error: str | None = None


def reachable_step(step: int, steps: int, has_ranking: bool) -> int:
    """The step the owner may see: within range, and no further than the upload until there is a ranking."""
    step = max(0, min(step, steps - 1))
    return min(step, 1) if not has_ranking else step


def import_summary(result: ImportResult) -> str:
    """One line for the owner on what was read from their export."""
    parts = [f"Read {result.file} as a {result.layout}: {result.sales['key'].nunique()} customers."]
    if result.skipped:
        parts.append(f"{result.skipped} rows were skipped ({'; '.join(result.reasons[:2])}).")
    parts.extend(result.notes)
    return " ".join(parts)


def save_upload(owner: str, name: str, content: bytes) -> Path:
    """Keep an uploaded export in the owner's own folder under a safe file name."""
    folder = data_dir() / "uploads" / _safe_name(owner, "owner")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _safe_name(Path(name).name, "upload.csv")
    path.write_bytes(content)
    return path


def _safe_name(text: str, default: str) -> str:
    """A single path component: no separators, no leading dots (so never ``..``)."""
    return _UNSAFE.sub("_", text).lstrip(".") or default


def import_export(store: Store, owner: str, path: Path, business: str,
                  today: dt.date | None = None) -> Imported:
    """Read ``path``, rank its customers and start the owner's plan; nothing changes on failure."""
    try:
        result = load_sales(path)
    except InputError as error:
        return Imported(ranking=None, result=None, error=str(error))
    ranking = rank_customers(result.sales, top=CANDIDATES)
    if ranking.empty:
        return Imported(ranking=None, result=result, error=f"{path.name}: no customer has spent anything yet.")
    plan = plan_from_ranking(ranking, owner=owner, business=business, today=today or dt.date.today())
    store.save_ranking(owner, ranking, path.name)
    store.save_plan(owner, plan)
    return Imported(ranking=ranking, result=result)
