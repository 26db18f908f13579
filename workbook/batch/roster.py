"""Plans for a whole roster: one parameterised notebook per participant, run by Papermill.

The notebook (``notebooks/plan.ipynb`` in the repository, installed with the package) calls
:func:`make_plan_files`, the same code the
CLI's ``workbook plan`` runs, and the app's last step renders the same documents.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import errors, settings
from ..challenge.coaching import suggest
from ..challenge.kinds import guess_kind
from ..challenge.plan import CONTACT_METHODS, Plan, plan_from_ranking
from ..documents.render import DOWNLOADS, plan_files
from ..errors import InputError, UnknownLanguageError, WorkbookError
from ..formatting import slug
from ..i18n import DEFAULT, LANGUAGES, N_, _, known, language, ngettext, speaking
from ..logs import hidden
from ..markup import render
from ..places import notebook

QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]  # the kernel's notes about its transport are not for coaches


@dataclass
class PlanParameters:
    """Everything one participant's plan is made from (the notebook's ``parameters`` cell)."""

    participant: str
    business: str
    data_file: str
    top_n: int = 10
    default_method: str = "phone"
    reward: str = ""
    friend_offer: str = ""
    deadline_choice: str = "one_week"
    today: str = ""
    output_folder: str = "."
    language: str = DEFAULT  # of the plan's documents


def plan_notebook() -> Path:
    """The plan notebook: ``WORKBOOK_NOTEBOOKS``/plan.ipynb when set, else the one installed with the workbook."""
    folder = settings.notebooks_dir()
    return Path(folder).resolve() / "plan.ipynb" if folder else notebook("plan")


def build_plan(params: PlanParameters) -> Plan:
    """The participant's plan from their export, with the plan-wide choices filled in."""
    from ..challenge.ranking import nobody_spent, products_sold, rank_customers
    from ..exports import load_sales

    today = dt.date.fromisoformat(params.today) if params.today else dt.date.today()
    with speaking(params.language):
        imported = load_sales(params.data_file)
        ranking = rank_customers(imported.sales, top=params.top_n)
        if not ranking:
            raise nobody_spent(params.data_file)
        plan = plan_from_ranking(ranking, params.participant, params.business, today,
                                 round_number=1 if params.top_n <= 10 else 2, method=params.default_method or None)
        plan.reward, plan.friend_offer, plan.owner_name = params.reward, params.friend_offer, params.participant
        plan.deadline_choice, plan.language, plan.currency = params.deadline_choice, language(), imported.currency or ""
        plan.kind = guess_kind(products_sold(imported.sales))
        return suggest(plan)


def make_plan_files(params: PlanParameters) -> Plan:
    """Write the participant's plan files (PDF, HTML, calendar, call sheets, plan.json); return the plan."""
    plan = build_plan(params)
    folder = Path(params.output_folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in plan_files(plan).items():
        (folder / name).write_bytes(content)
    (folder / "plan.json").write_text(plan.to_json())
    return plan


def run_plan_notebook(params: PlanParameters, notebook: Path | None = None) -> Path:
    """Execute the plan notebook for one participant with Papermill; the executed copy sits beside the files."""
    import papermill

    folder = Path(params.output_folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / "plan.ipynb"
    notebook = notebook or plan_notebook()
    parameters = {**asdict(params), "data_file": str(Path(params.data_file).resolve()), "output_folder": str(folder)}
    try:
        papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, progress_bar=False,
                                   cwd=str(folder), kernel_name="python3", extra_arguments=QUIET_KERNEL)
    except papermill.PapermillExecutionError as error:  # the kernel spoke the participant's language
        kind = getattr(errors, error.ename, None)
        ours = isinstance(kind, type) and issubclass(kind, WorkbookError)
        raise InputError(error.evalue if ours else f"{error.ename}: {error.evalue}") from None
    return executed


STATUSES = {"done": N_("done"), "skipped": N_("skipped"), "failed": N_("failed")}  # skipped: inputs unchanged


@dataclass
class Outcome:
    """How one participant's run went."""

    participant: str
    folder: str
    status: str  # "done", "skipped" (inputs unchanged) or "failed"
    message: str = ""
    customers: int = 0


def read_roster(path: str | Path, need_data: bool = True,
                confined: bool = False) -> tuple[list[PlanParameters], list[str]]:
    """Participants from a roster CSV or XLSX, and a plain message for each row that cannot be used.

    Data files are relative to the roster; a workshop's roster (``need_data=False``) may leave them out. A roster
    the server reads (``confined``) reads files in its own folder only, never another of the server's.
    """
    rows, problems = roster_rows(path, need_data, confined)
    return [params for _row, params in rows], [problem for _row, problem in problems]


def file_name(path: str) -> str:
    """The file name a path ends in, whichever separators it is written with (``C:\\exports\\a.csv``, ``x/a.csv``)."""
    from pathlib import PureWindowsPath

    return PureWindowsPath(path.strip()).name


def export_name(data_file: str) -> str:
    """The file name a roster's ``data_file`` cell ends in, as matched against the files uploaded with the roster:
    in lower case."""
    return file_name(data_file).lower()


def roster_rows(path: str | Path, need_data: bool = True, confined: bool = False, exports: dict[str, Path] | None = None
                ) -> tuple[list[tuple[int, PlanParameters]], list[tuple[int, str]]]:
    """:func:`read_roster`'s rows and problems, each with the number of the roster's row it came from.

    With ``exports`` (uploaded files by :func:`export_name`), each ``data_file`` is matched by its file name among
    them, wherever the roster says it was; a row whose export is not among them names it and keeps its participant,
    without an export.
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise InputError(_("the roster was not found"), file=path)
    try:
        frame = (pd.read_excel(path, dtype=str) if path.suffix.lower() == ".xlsx"
                 else pd.read_csv(path, dtype=str, keep_default_na=False))
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise InputError(_("the roster cannot be read ({error})").format(error=error), file=path) from None
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    needed = ("participant", "business", "data_file") if need_data else ("participant",)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(_("the roster needs the columns {columns}").format(columns=", ".join(missing)), file=path)
    people: list[tuple[int, PlanParameters]] = []
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, cells in enumerate(frame.fillna("").to_dict("records"), start=2):
        row = {str(k): str(v).strip() for k, v in cells.items()}
        problem = _roster_problem(row, seen, need_data) or (_outside(row.get("data_file", ""), path.parent)
                                                             if confined and exports is None else None)
        if problem:
            problems.append((number, _("{file}, row {row}: {problem}").format(file=path.name, row=number,
                                                                              problem=problem)))
            continue
        seen.add(row["participant"])
        data_file = str((path.parent / row["data_file"]).resolve()) if row.get("data_file") else ""
        if exports is not None and row.get("data_file"):
            found = exports.get(export_name(row["data_file"]))
            data_file = str(found) if found else ""
            if not found:
                problems.append((number, _("{file}, row {row}: {problem}").format(
                    file=path.name, row=number, problem=_(
                        "{name}'s export {export} is not among the files uploaded with the roster; add it, or "
                        "{name} can upload it in the app.").format(name=row["participant"],
                                                                   export=file_name(row["data_file"])))))
        people.append((number, PlanParameters(
            participant=row["participant"], business=row.get("business", ""), data_file=data_file,
            default_method=row.get("default_method") or "phone", reward=row.get("reward", ""),
            friend_offer=row.get("friend_offer", ""), deadline_choice=row.get("deadline_choice") or "one_week",
            language=known(row["language"]) if row.get("language") else language())))
    return people, problems


def _outside(data_file: str, folder: Path) -> str | None:
    """Why a roster's data file cannot be read: a roster reads files in its own folder (and below) only."""
    if data_file and not (folder / data_file).resolve().is_relative_to(folder.resolve()):
        return _("the data file '{file}' is not in the roster's folder (a roster reads exports from its own folder "
                 "only)").format(file=data_file)
    return None


def _roster_problem(row: dict[str, str], seen: set[str], need_data: bool) -> str | None:
    if not row["participant"]:
        return _("no participant name")
    if row["participant"] in seen:
        return _("{name} is on the roster twice").format(name=row["participant"])
    if need_data and (not row["business"] or not row["data_file"]):
        return _("{name} has no business or no data file").format(name=row["participant"])
    if row.get("default_method") and row["default_method"] not in CONTACT_METHODS:
        return _("'{method}' is not a contact method ({methods})").format(method=row["default_method"],
                                                                          methods=", ".join(CONTACT_METHODS))
    if row.get("deadline_choice") and row["deadline_choice"] not in ("one_week", "two_weeks"):
        return _("'{choice}' is not a deadline (one_week or two_weeks)").format(choice=row["deadline_choice"])
    if row.get("language"):
        try:
            known(row["language"])
        except UnknownLanguageError:
            return _("'{code}' is not a language of the workbook ({codes})").format(code=row["language"],
                                                                                    codes=", ".join(LANGUAGES))
    return None


def inputs_hash(params: PlanParameters, notebook: Path) -> str:
    """A fingerprint of what a plan is made from: parameters, the export's bytes and the notebook."""
    digest = hashlib.sha256(json.dumps({**asdict(params), "output_folder": ""}, sort_keys=True).encode())
    for path in (Path(params.data_file), notebook):
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def run_one(params: PlanParameters, force: bool = False, notebook: Path | None = None) -> Outcome:
    """Make one participant's plan unless its inputs are unchanged since the last good run."""
    notebook = notebook or plan_notebook()
    folder = Path(params.output_folder)
    stamp = folder / ".inputs"
    fingerprint = inputs_hash(params, notebook)
    if not force and stamp.is_file() and stamp.read_text() == fingerprint:
        return Outcome(params.participant, folder.name, "skipped", customers=_customers(folder))
    stamp.unlink(missing_ok=True)
    try:
        run_plan_notebook(params, notebook)
    except WorkbookError as error:
        hidden(error)
        return Outcome(params.participant, folder.name, "failed", str(error))
    stamp.write_text(fingerprint)
    return Outcome(params.participant, folder.name, "done", customers=_customers(folder))


def _customers(folder: Path) -> int:
    plan = folder / "plan.json"
    return len(json.loads(plan.read_text())["customers"]) if plan.is_file() else 0


def run_batch(people: list[PlanParameters], out: Path, workers: int = 1, force: bool = False,
              progress: Callable[[Outcome], object] | None = None, dask: str | None = None) -> list[Outcome]:
    """Run every participant, each in its own folder under ``out``.

    ``workers`` at a time on this machine, or on the Dask distributed cluster whose scheduler is
    at ``dask``; its workers must see the same paths (a shared file system) and have the package.
    """
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for params in people:
        params.output_folder = str(out / slug(params.participant, "participant"))
    if dask:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise WorkbookError(_("running on a Dask cluster needs Dask distributed, which is not installed: "
                                  "pip install 'referral-workbook[cluster]'")) from None
        try:
            client = Client(dask, timeout="15s")
        except (OSError, TimeoutError) as error:
            raise InputError(f"cannot reach the Dask scheduler at {dask} ({error})") from None
        with client:  # each worker runs the plan notebook installed with its own copy of the package
            futures = client.map(run_one, people, force=force, pure=False)
            return _collect(futures, as_completed, progress)
    notebook = plan_notebook()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        here = [pool.submit(run_one, params, force, notebook) for params in people]
        return _collect(here, concurrent.futures.as_completed, progress)


def _collect(futures: list, as_completed: Callable, progress: Callable[[Outcome], object] | None) -> list[Outcome]:
    """Report each outcome as it finishes; return them all in roster order."""
    for future in as_completed(futures):
        if progress:
            progress(future.result())
    return [future.result() for future in futures]


def _follow_through(folder: Path) -> str:
    """The participant's follow-through figures, when their folder holds ``workbook report --format json``."""
    from ..formatting import follow_through_line

    report = folder / "follow-through.json"
    if not report.is_file():
        return ""
    try:
        return follow_through_line(json.loads(report.read_text()))
    except (ValueError, KeyError, TypeError):
        return _("follow-through.json cannot be read")


def write_index(outcomes: list[Outcome], problems: list[str], out: Path) -> Path:
    """``index.html``: every participant with status, figures and links to their files (``templates/index.html.j2``)."""
    files = [(name, _(download.label)) for name, download in DOWNLOADS.items()]
    rows = [{"status": o.status, "participant": o.participant, "status_label": _(STATUSES[o.status]),
             "customers": o.customers or "", "follow_through": _follow_through(out / o.folder), "message": o.message,
             "folder": o.folder, "files": files if o.status != "failed" else []} for o in outcomes]
    failed = sum(o.status == "failed" for o in outcomes)
    summary = ngettext("{count} participant: {ready} plans ready, {failed} failed.",
                       "{count} participants: {ready} plans ready, {failed} failed.", len(outcomes)).format(
        count=len(outcomes), ready=len(outcomes) - failed, failed=failed)
    labels = (_("Participant"), _("Status"), _("Customers"), _("Follow-through"), _("Message"), _("Files"))
    page = render("workbook.batch", "index.html.j2", lang=language(), title=_("Referral plans"), summary=summary,
                  left_out=_("Roster rows left out"), problems=problems, labels=labels, rows=rows)
    index = out / "index.html"
    index.write_text(str(page))
    return index
