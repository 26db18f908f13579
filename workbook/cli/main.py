"""The ``workbook`` command: a thin layer over the library.

Exit codes: 0 success, 2 usage error, 3 input error (a plain message on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import settings
from ..challenge.deadlines import DEADLINE_CHOICES
from ..challenge.plan import CONTACT_METHODS, OUTCOMES
from ..challenge.shortlist import RANK_BY
from ..errors import UnknownLanguageError, WorkbookError
from ..exports import DATE_ORDERS, STATUS_CHOICES
from ..i18n import _, choose, known, language, set_language
from ..logs import hidden, set_up
from ..places import NOTEBOOKS

if TYPE_CHECKING:
    from ..exports import Imported

EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_INPUT = 3


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-03-14") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _language(text: str) -> str:
    try:
        return known(text)
    except UnknownLanguageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        minutes = 0
    if not minutes > 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes above 0")
    return minutes


def _pages(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of pages (0 or more)")
    return int(text)


def _column(text: str) -> tuple[str, str]:
    role, sep, header = text.partition("=")
    if not sep or not role.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' should look like amount=\"Total\"")
    return role.strip(), header.strip()


def _add_file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the sales or customer exports (CSV or XLSX); several are ranked together")
    parser.add_argument("--sheet", help="the XLSX sheet to read (default: the one that holds the sales)")
    parser.add_argument("--column", type=_column, action="append", default=[], metavar="ROLE=HEADER",
                        help="say which column plays a role, e.g. --column amount=Total (in each file that has it)")
    parser.add_argument("--date-order", choices=DATE_ORDERS,
                        help="for dates like 03/04/2025: day/month (dmy) or month/day (mdy)")
    parser.add_argument("--status", choices=STATUS_CHOICES, default="all",
                        help="all: paid orders and those awaiting payment (default); paid: paid orders only")


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (the lookup costs every command 20 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the installed version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("referral-workbook")
        except PackageNotFoundError:  # run from a checkout that was never installed
            installed = "(not installed)"
        print(f"{parser.prog} {installed}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description="The referral weekend challenge workbook.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--debug", action="store_true",
                        help=f"show the traceback behind a plain message (${settings.DEBUG_ENV}=1 does too)")
    speaks = argparse.ArgumentParser(add_help=False)
    speaks.add_argument("--lang", type=_language, metavar="CODE",
                        help="the language of messages and documents: en, de, fr or es (default: "
                             f"${settings.LANGUAGE_ENV}, else en); for serve, the app's language until a visitor "
                             "chooses")
    commands = _Commands(parser.add_subparsers(dest="command", required=True), speaks)

    rank = commands.add_parser("rank", help="rank the customers in an export")
    _add_file_options(rank)
    rank.add_argument("--top", type=_positive, default=10, help="how many customers (default 10)")
    rank.add_argument("--by", choices=RANK_BY, default="spend")
    rank.add_argument("--as-of", type=_date, help="count sales up to this date (YYYY-MM-DD)")
    rank.add_argument("--format", choices=["table", "json", "csv"], default="table")
    rank.add_argument("--quiet", action="store_true", help="print only the ranking, not what was read")

    deadlines = commands.add_parser("deadlines", help="the two deadline choices as dates")
    deadlines.add_argument("--today", type=_date, default=None, help="count from this date (YYYY-MM-DD)")
    deadlines.add_argument("--format", choices=["table", "json"], default="table")

    inspect = commands.add_parser("inspect", help="show how an export is read")
    _add_file_options(inspect)
    inspect.add_argument("--format", choices=["table", "json"], default="table")

    plan = commands.add_parser("plan", help="make one participant's plan files with the plan notebook")
    plan.add_argument("data_file", help="the participant's export (CSV or XLSX)")
    plan.add_argument("--participant", required=True)
    plan.add_argument("--business", required=True)
    plan.add_argument("--out", required=True, help="folder for the executed notebook and the plan files")
    plan.add_argument("--top", type=_positive, default=10)
    plan.add_argument("--method", choices=list(CONTACT_METHODS), default="phone")
    plan.add_argument("--reward", default="")
    plan.add_argument("--friend-offer", default="")
    plan.add_argument("--deadline", choices=DEADLINE_CHOICES, default=DEADLINE_CHOICES[0])
    plan.add_argument("--today", type=_date, default=None)

    batch = commands.add_parser("batch", help="make plans for every participant on a roster")
    batch.add_argument("roster", help="CSV or XLSX, one row per participant")
    batch.add_argument("--out", required=True)
    batch.add_argument("--workers", type=_positive, default=1)
    batch.add_argument("--dask", metavar="ADDRESS", help="run on this Dask scheduler, e.g. tcp://10.0.0.5:8786")
    batch.add_argument("--force", action="store_true", help="run everyone again, even when nothing changed")

    _add_log_commands(commands)

    where = commands.add_parser("notebook-path", help="where an installed notebook is (for running papermill yourself)")
    where.add_argument("name", choices=NOTEBOOKS, help="plan, or one of the app's pages")

    serve = commands.add_parser("serve", help="start the app in the browser")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--host", default="127.0.0.1",
                       help="where to listen: 127.0.0.1 (the default) is this machine only; 0.0.0.0 opens a workshop "
                            "to the room, which joins at this machine's address on the network (printed)")
    serve.add_argument("--data-dir", help="where the app keeps its store (default: var/ in the workbook's own "
                                          "repository, else your data folder; WORKBOOK_DATA_DIR sets it too)")
    serve.add_argument("--base-url", default="/", help="the path a proxy in front serves the app under")
    serve.add_argument("--workshop", metavar="CODE", nargs="?", const="",
                       help="run as a workshop: participants join with this code (at least 6 letters or digits; "
                            "--workshop alone makes one up)")
    serve.add_argument("--workshop-name", metavar="NAME",
                       help="with --workshop: the workshop's name, shown to every participant on every page")
    serve.add_argument("--coach-token", help="the coach page's secret (default: a new random one)")
    serve.add_argument("--roster", help="with --workshop: create these participants ahead (CSV or XLSX)")
    serve.add_argument("--max-pages", type=int, default=60,
                       help="pages open at once in all (each about 60 MB of memory); past it, a new page says the "
                            "room is full (default: 60)")
    serve.add_argument("--idle-minutes", type=_minutes, default=settings.IDLE_MINUTES,
                       help="a page untouched this long gives its memory back; reloaded, it opens where it was "
                            f"(default: {settings.IDLE_MINUTES})")
    serve.add_argument("--ready", type=_pages, default=settings.READY_PAGES, metavar="PAGES",
                       help="pages kept started ahead of visitors, so the next ones open at once; for a room about "
                            f"to join together, its size (default: {settings.READY_PAGES})")
    return parser


class _Commands:
    """The subcommands, each also taking ``--lang``."""

    def __init__(self, actions: argparse._SubParsersAction, speaks: argparse.ArgumentParser) -> None:
        self.actions, self.speaks = actions, speaks

    def add_parser(self, name: str, parents: Sequence[argparse.ArgumentParser] = (),
                   **kwargs) -> argparse.ArgumentParser:
        return self.actions.add_parser(name, parents=[*parents, self.speaks], **kwargs)


def _add_log_commands(commands: _Commands) -> None:
    """``record …``, ``report`` and ``export-log``: the follow-through log in the app's store."""
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--data-dir", help="the app's store (default: as for workbook serve)")
    where.add_argument("--owner", default="owner", help="whose log: the owner, or a workshop participant's id")
    when = argparse.ArgumentParser(add_help=False)
    when.add_argument("--on", type=_date, default=None, help="the date (default today)")

    record = commands.add_parser("record", help="log a contact, referral, conversion, thank-you, source or answer")
    kinds = _Commands(record.add_subparsers(dest="kind", required=True), commands.speaks)
    contact = kinds.add_parser("contact", parents=[where, when], help="a customer of the plan was contacted")
    contact.add_argument("customer")
    contact.add_argument("--outcome", required=True, choices=list(OUTCOMES))
    contact.add_argument("--method", choices=list(CONTACT_METHODS), help="how (default: as planned)")
    contact.add_argument("--notes", default="")
    referral = kinds.add_parser("referral", parents=[where, when], help="someone was referred to you")
    referral.add_argument("--by", required=True,
                          help="who referred: a customer, a referred friend or a source, or their friend card's code")
    referral.add_argument("--friend", required=True, help="who was referred")
    referral.add_argument("--how", default="", help="how it arrived, e.g. 'called, mentioned Olivia'")
    conversion = kinds.add_parser("conversion", parents=[where, when], help="a referred friend became a customer")
    conversion.add_argument("friend")
    conversion.add_argument("--value", type=float, required=True, help="their first purchase")
    thanks = kinds.add_parser("thanks", parents=[where, when], help="the referrer was thanked (and given a gift)")
    thanks.add_argument("friend", help="the referred friend whose referrer you thanked")
    thanks.add_argument("--how", default="note", help="note, call, card, ...")
    thanks.add_argument("--gift", default="")
    thanks.add_argument("--cost", type=float, default=None)
    source = kinds.add_parser("source", parents=[where, when], help="a professional who can refer")
    source.add_argument("name")
    source.add_argument("--profession", required=True, help="attorney, accountant, banker, broker, ...")
    source.add_argument("--for-them", default="", help="what is in it for them")
    health = kinds.add_parser("health", parents=[where, when], help='an answer to "Have you recommended us?"')
    health.add_argument("customer")
    health.add_argument("--recommended", required=True, choices=["yes", "no"])

    report = commands.add_parser("report", parents=[where, when], help="the round's results")
    report.add_argument("--format", choices=["table", "json"], default="table")
    export = commands.add_parser("export-log", parents=[where, when],
                                 help="the whole log as CSV and XLSX, and a calendar of follow-ups")
    export.add_argument("--out", required=True, help="folder for log.csv, log.xlsx and follow-ups.ics")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_language(choose(args.lang, settings.language()))
    set_up(args.debug)
    try:
        return _COMMANDS[args.command](args)
    except WorkbookError as error:
        hidden(error)
        print(f"workbook: {error}{_column_hint(error)}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug of ours: say so plainly, the traceback only with --debug
        hidden(error)
        print("workbook: " + _("something went wrong that is not your file's fault ({error}); please report it").format(
            error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return EXIT_BUG


def _column_hint(error: WorkbookError) -> str:
    """How to answer the column question from the command line."""
    from ..errors import AmbiguousLayoutError

    if not isinstance(error, AmbiguousLayoutError) or not error.headers:
        return ""
    return " " + _("(for example --column {role}=\"{column}\")").format(role=error.role, column=error.headers[0])


def _load(args: argparse.Namespace) -> Imported:
    from ..exports import load_exports
    from ..exports.columns import free_promptly

    free_promptly()
    return load_exports(args.files, sheet=args.sheet, columns=dict(args.column) or None, date_order=args.date_order,
                        status=args.status)


def _rank(args: argparse.Namespace) -> int:
    from ..challenge.ranking import nobody_spent, rank_customers
    from ..formatting import ranking_csv, ranking_json, ranking_table

    imported = _load(args)
    ranking = rank_customers(imported.sales, by=args.by, top=args.top, as_of=args.as_of)
    if not ranking and not rank_customers(imported.sales, top=1):  # nobody at all, not only before --as-of
        raise nobody_spent(", ".join(r.file for r in imported.results))
    render = {"table": lambda rows: ranking_table(rows, imported.currency or ""), "json": ranking_json,
              "csv": ranking_csv}[args.format]
    sys.stdout.write(render(ranking))
    if not args.quiet:
        from ..exports import what_was_read

        for result in imported.results:
            print("\n".join([f"{result.file}:", *(f"  {line}" for line in what_was_read(result.summary())
                                                   + result.notes)]), file=sys.stderr)
    return _failed(imported)


def _failed(imported: Imported) -> int:
    """Name the exports that could not be read beside those that were; exit 3 when there are any."""
    for error in imported.failed:
        print("workbook: " + _("{error} (left out: the other files were read)").format(error=error), file=sys.stderr)
    return EXIT_INPUT if imported.failed else 0


def _deadlines(args: argparse.Namespace) -> int:
    from ..challenge.deadlines import DEADLINE_LABELS, deadline_options
    from ..formatting import day, label

    today = args.today or dt.date.today()
    options = deadline_options(today)
    if args.format == "json":
        print(json.dumps({k: v.isoformat() for k, v in options.items()}))
    else:
        width = max(len(label(_(name))) for name in DEADLINE_LABELS.values()) + 1
        for key, date in options.items():
            print(f"{label(_(DEADLINE_LABELS[key])).ljust(width)}{day(date, 'full')}")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    """The whole report, also for a file that cannot be used (then the error follows it, and exit 3)."""
    from ..errors import InputError
    from ..exports import inspection_text

    try:
        imported = _load(args)
    except InputError as error:
        summary = {**(error.report or {"file": error.file}), "error": str(error)}
        print(json.dumps(summary, indent=2, ensure_ascii=False) if args.format == "json" else inspection_text(summary))
        raise
    summary = imported.summary() if len(args.files) > 1 else imported.results[0].summary()
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.format == "json" else inspection_text(summary))
    return _failed(imported)


def _plan(args: argparse.Namespace) -> int:
    from ..batch.roster import PlanParameters, run_plan_notebook

    params = PlanParameters(
        participant=args.participant, business=args.business, data_file=args.data_file, top_n=args.top,
        default_method=args.method, reward=args.reward, friend_offer=args.friend_offer,
        deadline_choice=args.deadline, today=args.today.isoformat() if args.today else "", output_folder=args.out,
        language=language())
    executed = run_plan_notebook(params)
    print(_("Plan for {name}: {folder}").format(name=args.participant, folder=executed.parent))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tqdm import tqdm

    from ..batch.roster import STATUSES, read_roster, run_batch, write_index

    people, problems = read_roster(args.roster)
    for problem in problems:
        print("workbook: " + _("{problem} (left out)").format(problem=problem), file=sys.stderr)
    with tqdm(total=len(people), desc=_("plans"), unit="", file=sys.stderr) as bar:
        outcomes = run_batch(people, Path(args.out), workers=args.workers, force=args.force,
                             progress=lambda _outcome: bar.update(), dask=args.dask)
    index = write_index(outcomes, problems, Path(args.out))
    width = max(len(_(status)) for status in STATUSES.values())
    for outcome in outcomes:
        print(f"{_(STATUSES[outcome.status]):{width}} {outcome.participant}"
              + (f": {outcome.message}" if outcome.message else ""))
    failed = sum(o.status == "failed" for o in outcomes)
    print(_("{ready} plans ready, {failed} failed; see {index}").format(ready=len(outcomes) - failed, failed=failed,
                                                                       index=index))
    return 1 if failed else 0


def _record(args: argparse.Namespace) -> int:
    from ..follow.followthrough import record

    with _store(args) as store:
        saved, warning = record(store, args.owner, args.kind, vars(args), args.on or dt.date.today())
    print(saved)
    if warning:
        print("workbook: " + _("warning: {warning}").format(warning=warning), file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from ..follow.followthrough import report
    from ..formatting import report_text

    with _store(args) as store:
        figures = report(store, args.owner, args.on or dt.date.today())
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.format == "json" else report_text(figures))
    return 0


def _export_log(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..documents.logsheets import log_files

    with _store(args) as store:
        files = log_files(store, args.owner, args.on or dt.date.today())
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        from ..errors import InputError

        raise InputError(_("--out names a file, not a folder: name a folder for log.csv, log.xlsx and "
                           "follow-ups.ics"), file=out)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    print(_("{files} in {folder}").format(files=", ".join(files), folder=out))
    return 0


def _store(args: argparse.Namespace):

    from ..errors import InputError
    from ..places import data_dir
    from ..store import Store

    path = data_dir(args.data_dir) / "workbook.sqlite"
    if not path.is_file():
        raise InputError(_("there is no store at {path}: make a plan in the app first (or pass --data-dir)").format(
            path=path))
    return Store(path)


def _notebook_path(args: argparse.Namespace) -> int:
    from ..places import notebook

    print(notebook(args.name))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from ..serve.launch import serve

    if args.roster and args.workshop is None:
        print("workbook: " + _("--roster needs --workshop CODE"), file=sys.stderr)
        return EXIT_USAGE
    if args.workshop_name and args.workshop is None:
        print("workbook: " + _("--workshop-name needs --workshop CODE"), file=sys.stderr)
        return EXIT_USAGE
    return serve(port=args.port, host=args.host, data_dir=args.data_dir, workshop=args.workshop,
                 coach_token=args.coach_token, roster=args.roster, base_url=args.base_url, language=args.lang,
                 max_pages=args.max_pages, debug=args.debug, idle_minutes=args.idle_minutes,
                 workshop_name=args.workshop_name, ready=args.ready)


_COMMANDS = {"rank": _rank, "deadlines": _deadlines, "inspect": _inspect, "plan": _plan, "batch": _batch,
             "record": _record, "report": _report, "export-log": _export_log, "serve": _serve,
             "notebook-path": _notebook_path}

if __name__ == "__main__":
    sys.exit(main())
