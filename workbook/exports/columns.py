"""Columns of an export as codes into their distinct values, held in numpy and Arrow.

Exports repeat the same names, dates and amounts many times over: each column is
kept as one code per row into its distinct values, and every parser works on the
distinct values only. Ranking a large file from the command line never imports pandas:
Arrow's own ``to_numpy``, ``take`` and ``pa.array`` would, so ``numbers``, ``pick`` and
``strings`` stand in for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def numbers(array: pa.Array, fill: object = 0) -> np.ndarray:
    """An Arrow array of numbers or booleans as numpy, nulls as ``fill``."""
    if pa.types.is_boolean(array.type):
        return numbers(pc.cast(array, pa.uint8()), fill).astype(bool)
    data = np.from_dlpack(pa.Array.from_buffers(array.type, len(array), [None, array.buffers()[1]],
                                                offset=array.offset))
    if not array.null_count:
        return data
    valid = np.from_dlpack(pc.cast(pc.is_valid(array), pa.uint8())).astype(bool)
    return np.where(valid, data, np.asarray(fill, dtype=data.dtype))


def pick(values: pa.Array, rows: np.ndarray) -> pa.Array:
    """The ``values`` at positions ``rows``."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    return values.take(pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)]))


def strings(texts: Sequence[str | None]) -> pa.Array:
    """Python texts (None: null) as an Arrow string array."""
    data = [t.encode() if t is not None else b"" for t in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(d) for d in data], out=offsets[1:])
    valid = np.packbits(np.array([t is not None for t in texts], dtype=bool), bitorder="little")
    buffers = [pa.py_buffer(valid.tobytes()), pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(data))]
    return pa.Array.from_buffers(pa.string(), len(texts), buffers)


def nulls_where(values: pa.Array, blank: pa.Array) -> pa.Array:
    """``values`` with null where ``blank`` is true."""
    return pc.if_else(blank, pa.nulls(len(values), values.type), values)


@dataclass(frozen=True)
class Coded:
    """A text column: each row's code (-1 where the cell is empty) into its distinct ``values``."""

    codes: np.ndarray
    values: pa.Array

    def __len__(self) -> int:
        return len(self.codes)

    def spread(self, per_value: np.ndarray, empty: object) -> np.ndarray:
        """Row values from one value per distinct value; ``empty`` where a cell is empty."""
        return np.append(per_value, np.asarray(empty, dtype=per_value.dtype))[self.codes]

    def recode(self, values: pa.Array) -> Coded:
        """The column with each distinct value replaced by ``values`` (null: empty); equal ones merge."""
        encoded = pc.dictionary_encode(values)
        merged = numbers(encoded.indices, -1).astype(np.int32, copy=False)
        if np.array_equal(merged, np.arange(len(merged))):  # nothing merged or emptied: the codes stand
            return Coded(self.codes, encoded.dictionary)
        return Coded(self.spread(merged, -1), encoded.dictionary)

    def firsts(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Positions of the first row with each value, among ``rows`` (positions; default all)."""
        rows = np.arange(len(self.codes)) if rows is None else rows
        first = np.full(len(self.values) + 1, len(self.codes))  # the last place takes the empty cells
        np.minimum.at(first, self.codes[rows], rows)
        return first[:-1][first[:-1] < len(self.codes)]

    def select(self, rows: np.ndarray) -> Coded:
        """The column's ``rows`` (a mask or positions)."""
        return Coded(self.codes[rows], self.values)

    def label(self, code: int) -> str | None:
        """The text of ``code``; None for an empty cell."""
        return None if code < 0 else self.values[int(code)].as_py()


def coded_arrow(column: pa.ChunkedArray) -> Coded:
    """A dictionary-encoded Arrow column (as Arrow's CSV reader returns it) as a coded column.

    Each chunk comes with a dictionary of its own: they are unified, and the codes copied
    chunk by chunk into one numpy array, so the chunks can go as soon as the column is read.
    """
    unified = pa.Table.from_arrays([column], names=["column"]).unify_dictionaries().column(0)
    codes = np.empty(len(unified), dtype=np.int32)
    at = 0
    for chunk in unified.chunks:
        codes[at:at + len(chunk)] = numbers(chunk.indices, -1)
        at += len(chunk)
    return Coded(codes, unified.chunk(0).dictionary if unified.num_chunks else pa.nulls(0, pa.string()))


def coded(cells: Iterable[str | None]) -> Coded:
    """Text cells (None: empty) as a coded column; for small tables read by Python."""
    index: dict[str, int] = {}
    codes = np.fromiter((-1 if cell is None else index.setdefault(cell, len(index)) for cell in cells),
                        dtype=np.int32)
    return Coded(codes, strings(list(index)))


def shared(columns: list[Coded]) -> list[Coded]:
    """Columns of the same rows re-coded into one set of distinct values (equal texts, one code)."""
    values = pa.concat_arrays([c.values for c in columns])
    encoded = pc.dictionary_encode(values)
    merged = numbers(encoded.indices, -1).astype(np.int32, copy=False)
    offsets = np.cumsum([0] + [len(c.values) for c in columns])
    return [Coded(np.append(merged[start:end], np.int32(-1))[c.codes], encoded.dictionary)
            for c, start, end in zip(columns, offsets[:-1], offsets[1:])]


def concat(columns: list[Coded]) -> Coded:
    """Columns of different rows (several exports) one after the other, as one column."""
    parts = shared(columns)
    return Coded(np.concatenate([p.codes for p in parts]), parts[0].values)


@lru_cache(maxsize=4)
def empty(rows: int) -> Coded:
    """A column with nothing in it (one, read-only, per number of rows)."""
    codes = np.full(rows, -1, dtype=np.int32)
    codes.flags.writeable = False
    return Coded(codes, pa.nulls(0, pa.string()))


@dataclass
class Table:
    """The cells below an export's header: one coded column per header (stripped)."""

    columns: dict[str, Coded]
    rows: int
    first_row: int  # the spreadsheet's number of the first row below the header

    def __getitem__(self, header: str) -> Coded:
        return self.columns[header]


def free_promptly() -> None:
    """Have Arrow allocate with the system's malloc, as numpy does.

    Arrow's own allocator keeps what it frees for Arrow alone; with the system's, what a
    finished read frees goes back (see ``release_unused`` in the reader) or serves numpy,
    and a command's peak memory stays near what it holds.
    """
    pa.set_memory_pool(pa.system_memory_pool())
