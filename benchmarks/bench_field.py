"""The field corpus: real exports from public repositories, ranked as an owner would rank them.

    .venv/bin/python benchmarks/bench_field.py [--verbose]

Every folder of ``tests/field/`` holds real export files, ``sources.toml`` (where each came
from) and ``expected.json``, written by that folder's ``expected.py``, a script of its own that
reads each file with pandas and never imports the workbook. Each file is ranked as the app
ranks it and lands in one of four outcomes:

- right: the expected top five (names and net spend), with no question asked;
- right after the question: the workbook asked (which column, which date order) and one of the
  answers it offered gives the expected top five;
- stopped: a plain message and no ranking (right for a file nobody can rank);
- silently wrong: a ranking that is not the expected one, or one for a file nobody can rank.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "field"
sys.path.insert(0, str(ROOT))

from workbook.challenge.ranking import rank_customers  # noqa: E402
from workbook.errors import AmbiguousDatesError, AmbiguousLayoutError, InputError  # noqa: E402
from workbook.exports import load_exports  # noqa: E402

OUTCOMES = ("right", "right after the question", "stopped", "silently wrong")
CENT = 0.0051


@dataclass
class Outcome:
    file: Path
    outcome: str
    detail: str = ""


def corpus(root: Path = CORPUS) -> list[tuple[Path, dict]]:
    """Every file of the corpus with what is expected of it."""
    found = []
    for expected in sorted(root.glob("*/expected.json")):
        for name, want in json.loads(expected.read_text(encoding="utf-8")).items():
            found.append((expected.parent / name, want))
    return found


def _plain(text: object) -> str:
    return re.sub(r"\W+", "", str(text or "").casefold())


def _differs(rows: list[dict], want: list[dict]) -> str:
    """Why the ranked ``rows`` are not the ``want``ed top five (empty when they are)."""
    if len(rows) < len(want):
        return f"{len(rows)} ranked, {len(want)} expected"
    for place, expected in enumerate(want, start=1):
        tied = [r for r in rows if abs(r["total_spend"] - expected["spend"]) < CENT]
        got = rows[place - 1]
        if abs(got["total_spend"] - expected["spend"]) >= CENT:
            return f"place {place}: {got['customer']} {got['total_spend']:.2f}, expected {expected['name']} " \
                   f"{expected['spend']:.2f}"
        names = {_plain(expected["name"]), _plain(expected.get("email"))} - {""}
        if not any({_plain(r["customer"]), _plain(r["email"])} & names for r in tied):
            return f"place {place}: {', '.join(str(r['customer']) for r in tied)} at {expected['spend']:.2f}, " \
                   f"expected {expected['name']}"
    return ""


def _ranked(path: Path, columns: dict | None = None, date_order: str | None = None) -> list[dict]:
    imported = load_exports([path], columns=columns, date_order=date_order)
    return rank_customers(imported.sales)


def judge(path: Path, want: dict) -> Outcome:
    """How the workbook does on one file of the corpus."""
    try:
        rows = _ranked(path)
    except AmbiguousLayoutError as error:
        return _after_question(path, want, [{"columns": {role: header}} for role, headers in
                                            (error.report or {}).get("ambiguous", {}).items() for header in headers],
                               str(error))
    except AmbiguousDatesError as error:
        return _after_question(path, want, [{"date_order": "dmy"}, {"date_order": "mdy"}], str(error))
    except InputError as error:
        return Outcome(path, "right" if "stop" in want else "stopped", str(error))
    if "stop" in want:
        return Outcome(path, "silently wrong", f"ranked {len(rows)} customers; expected a stop: {want['stop']}")
    why = _differs(rows, want["top"])
    return Outcome(path, "silently wrong" if why else "right", why)


def _after_question(path: Path, want: dict, answers: list[dict], question: str) -> Outcome:
    """Right after the question when one of the offered answers gives the expected top five."""
    if "stop" in want:
        return Outcome(path, "right", question)
    for answer in answers:
        try:
            rows = _ranked(path, answer.get("columns"), answer.get("date_order"))
        except InputError:
            continue
        if not _differs(rows, want["top"]):
            return Outcome(path, "right after the question", f"{question} -> {answer}")
    return Outcome(path, "stopped", f"no offered answer gives the expected top five: {question}")


def score(root: Path = CORPUS) -> list[Outcome]:
    return [judge(path, want) for path, want in corpus(root)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per file")
    args = parser.parse_args()
    outcomes = score()
    for found in outcomes:
        if args.verbose or found.outcome in ("silently wrong", "stopped"):
            print(f"{found.outcome:>24}  {found.file.parent.name}/{found.file.name}  {found.detail}"[:300])
    counts = {name: sum(1 for o in outcomes if o.outcome == name) for name in OUTCOMES}
    right = counts["right"] + counts["right after the question"]
    print(f"files {len(outcomes)}, systems {len(_systems())}")
    print("  ".join(f"{name}: {count}" for name, count in counts.items()))
    print(f"right {right} of {len(outcomes)} ({right / max(len(outcomes), 1):.0%})")


def _systems(root: Path = CORPUS) -> set[str]:
    import tomllib

    return {entry["system"] for sources in root.glob("*/sources.toml")
            for entry in tomllib.loads(sources.read_text(encoding="utf-8")).values()}


if __name__ == "__main__":
    main()
