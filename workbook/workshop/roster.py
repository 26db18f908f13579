"""A roster the coach uploads on the coach's page, with its exports: a zip of the roster and its files, or the roster
and several exports chosen together. Each roster row's ``data_file`` is matched by its file name among the files
uploaded with it, wherever the roster says the file was. Every problem is said on a line of its own, with the roster
row it came from, in the language spoken (the coach's).

A zip is read with care: only its files' names are used (never their folders, so nothing lands outside the import's
own folder), and it may hold at most :data:`MAX_MEMBERS` files of at most :data:`MAX_FILE` bytes each and
:data:`MAX_TOTAL` bytes in all, whatever its headers claim.
"""

from __future__ import annotations

import io
import secrets
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..batch.roster import PlanParameters, export_name, file_name, roster_rows
from ..business import OWN
from ..errors import InputError
from ..i18n import _, language, speaking
from ..store import Participant, Participants, Store

MAX_MEMBERS = 200  # files in one zip
MAX_FILE = settings.MAX_UPLOAD_MB * 1024 * 1024  # one file, unpacked: as large as an export the app takes
MAX_TOTAL = 2 * MAX_FILE  # everything a zip unpacks to
ROSTER_SUFFIXES = (".csv", ".xlsx")


@dataclass
class RosterImport:
    """What an uploaded roster gave: the participants it added, and every problem, a line each."""

    created: list[Participant] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def unpack(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The uploaded files by name, a zip's files in its place, and what could not be taken (a line each)."""
    unpacked: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for name, content in files:
        name = file_name(name)
        if name.lower().endswith(".zip"):
            unpacked += _from_zip(name, content, problems)
        else:
            unpacked.append((name, content))
    return unpacked, problems


def _from_zip(name: str, content: bytes, problems: list[str]) -> list[tuple[str, bytes]]:
    """The files in the zip ``name`` (folders flattened to file names; the system's own files left out)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        problems.append(_("{file} cannot be opened as a zip file.").format(file=name))
        return []
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_MEMBERS:
        problems.append(_("{file} holds {count} files, more than the {limit} a roster's zip may hold: zip the roster "
                          "and its exports only.").format(file=name, count=len(members), limit=MAX_MEMBERS))
        return []
    found: list[tuple[str, bytes]] = []
    total = 0
    for info in members:
        parts = info.filename.replace("\\", "/").split("/")
        inner = parts[-1]
        if not inner or inner.startswith(".") or "__MACOSX" in parts:  # a system's own files, not the coach's
            continue
        if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a link to elsewhere: never followed
            problems.append(_("{file}: {inner} is a link, not a file (left aside).").format(file=name, inner=inner))
            continue
        if info.flag_bits & 0x1:
            problems.append(_("{file}: {inner} is protected by a password (left aside).").format(file=name,
                                                                                              inner=inner))
            continue
        if inner.lower().endswith(".zip"):
            problems.append(_("{file}: {inner} is a zip inside the zip, which is not opened; put its files in the "
                              "zip itself.").format(file=name, inner=inner))
            continue
        too_big = _("{file}: {inner} is larger than {limit} MB unpacked (left aside); an export may be up to {limit} "
                    "MB.").format(file=name, inner=inner, limit=settings.MAX_UPLOAD_MB)
        if info.file_size > MAX_FILE:
            problems.append(too_big)
            continue
        if total + info.file_size > MAX_TOTAL:
            problems.append(_("{file} unpacks to more than {limit} MB; the rest of it is left aside.").format(
                file=name, limit=_megabytes(MAX_TOTAL)))
            break
        try:
            with archive.open(info) as member:
                data = member.read(min(MAX_FILE, MAX_TOTAL - total) + 1)  # no more, whatever the header said
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, zlib.error):
            problems.append(_("{file}: {inner} cannot be unpacked (left aside).").format(file=name, inner=inner))
            continue
        if len(data) > MAX_FILE or total + len(data) > MAX_TOTAL:
            problems.append(too_big)
            continue
        total += len(data)
        found.append((inner, data))
    return found


def _columns(name: str, content: bytes) -> set[str]:
    """The columns of a CSV or XLSX sheet, as a roster's are read (empty when it is neither or cannot be read)."""
    import pandas as pd

    if not name.lower().endswith(ROSTER_SUFFIXES):
        return set()
    try:
        frame = (pd.read_excel(io.BytesIO(content), dtype=str, nrows=0) if name.lower().endswith(".xlsx")
                 else pd.read_csv(io.BytesIO(content), dtype=str, nrows=0, keep_default_na=False))
    except Exception:  # any file that is not a readable sheet is simply no roster
        return set()
    return {str(c).strip().lower().replace(" ", "_") for c in frame.columns}


def pick_roster(files: list[tuple[str, bytes]]) -> int:
    """Which of ``files`` is the roster: the one sheet with a ``participant`` column (of several, the one named
    roster); a plain :class:`InputError` when there is none, or no telling which."""
    candidates = [at for at, (name, content) in enumerate(files) if "participant" in _columns(name, content)]
    if len(candidates) > 1:
        named = [at for at in candidates if "roster" in files[at][0].lower()]
        candidates = named if len(named) == 1 else candidates
    if not candidates:
        raise InputError(_("None of the files is a roster: a roster is a CSV or Excel sheet with a participant column "
                           "({files}).").format(files=", ".join(name for name, _content in files) or "-"))
    if len(candidates) > 1:
        raise InputError(_("Several files could be the roster ({files}): upload one roster with its exports.").format(
            files=", ".join(files[at][0] for at in candidates)))
    return candidates[0]


def import_roster_files(store: Store, files: list[tuple[str, bytes]], owner: str = "coach") -> RosterImport:
    """Add the participants of the roster among ``files`` (name and bytes as uploaded: the roster and its exports,
    or zips of them), each row's export matched by file name, and say every problem with the row it came from.

    The files are kept in a folder of this import's own among ``owner``'s uploads. Raises a plain
    :class:`InputError` when no file is a roster (or several could be) or the roster cannot be read."""
    from ..journey import save_upload

    unpacked, problems = unpack(files)
    roster_at = pick_roster(unpacked)
    roster_name = unpacked[roster_at][0]
    folder = f"{owner}-roster-{secrets.token_hex(4)}"
    exports: dict[str, tuple[str, Path]] = {}  # by export_name: the name as uploaded, and where it is kept
    for at, (name, content) in enumerate(unpacked):
        if at == roster_at:
            continue
        if export_name(name) in exports:
            problems.append(_("Two files are named {file}; the first is used.").format(file=name))
            continue
        exports[export_name(name)] = (name, save_upload(folder, name, content))
    roster = save_upload(folder, roster_name, unpacked[roster_at][1])
    rows, row_problems = roster_rows(roster, need_data=False,
                                     exports={key: path for key, (_name, path) in exports.items()})
    added = add_rows(store, [params for _row, params in rows])
    said = [*row_problems, *[(row, _("{file}, row {row}: {problem}").format(file=roster.name, row=row, problem=problem))
                             for (row, _params), (_participant, problem) in zip(rows, added) if problem]]
    problems += [text.replace(roster.name, roster_name, 1) for _row, text in sorted(said, key=lambda item: item[0])]
    used = {params.data_file for _row, params in rows}
    problems += [_("{file} was uploaded with the roster, but no row names it (left aside).").format(file=name)
                 for name, path in exports.values() if str(path) not in used]
    return RosterImport([participant for participant, _problem in added if participant], problems)


def add_rows(store: Store, rows: list[PlanParameters]) -> list[tuple[Participant | None, str | None]]:
    """Create a roster's participants ahead of the workshop; where a row names an export, read it and fill in the
    roster's choices, so they start at their top ten. For each row, the participant it added (None for someone in
    the workshop already) and its problem, if any, said in the language spoken (the plan speaks the row's)."""
    from ..journey import import_export, set_defaults

    people = Participants(store)
    known = {p.name.lower() for p in people.all()}
    said = language()
    added: list[tuple[Participant | None, str | None]] = []
    for row in rows:
        if row.participant.lower() in known:
            added.append((None, _("{name} is in the workshop already (left as they are)").format(
                name=row.participant)))
            continue
        known.add(row.participant.lower())
        participant = people.add(row.participant, row.business)
        store.save_business(participant.id, OWN, {"owner_name": row.participant, "business": row.business})
        if row.language:
            store.save_language(participant.id, row.language)
        if not row.data_file:
            added.append((participant, None))
            continue
        with speaking(row.language or None):
            outcome = import_export(store, participant.id, Path(row.data_file), row.business)
        if outcome.error and (row.language or said) != said:  # nothing was saved: read again, to say why in ours
            outcome = import_export(store, participant.id, Path(row.data_file), row.business)
        if outcome.error:
            added.append((participant, _("{name}: {error} They can upload their own export.").format(
                name=row.participant, error=outcome.error)))
            continue
        set_defaults(store, participant.id, reward=row.reward, friend_offer=row.friend_offer,
                     deadline_choice=row.deadline_choice, method=row.default_method)
        added.append((participant, None))
    return added
