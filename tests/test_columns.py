import subprocess
import sys

import numpy as np
import pyarrow as pa

from workbook.exports.columns import coded, coded_arrow, numbers


def test_numbers_keep_the_slice_and_fill_the_nulls():
    assert numbers(pa.array([1, 2, None, 4, 5], pa.int32()).slice(2), -1).tolist() == [-1, 4, 5]
    assert numbers(pa.array([True, None, False, True]).slice(1), False).tolist() == [False, False, True]
    assert numbers(pa.array([0.5, None]), np.nan)[0] == 0.5


def test_chunks_with_dictionaries_of_their_own_become_one_column():
    chunks = [pa.array(["b", "a", None]).dictionary_encode(), pa.array(["c", "b"]).dictionary_encode()]
    column = coded_arrow(pa.chunked_array(chunks))
    assert [column.label(code) for code in column.codes] == ["b", "a", None, "c", "b"]


def test_first_rows_with_each_value():
    column = coded(["x", None, "y", "x", "y", "z"])
    assert sorted(column.firsts().tolist()) == [0, 2, 5]
    assert sorted(column.firsts(np.array([1, 3, 4])).tolist()) == [3, 4]


def test_ranking_from_the_command_line_never_imports_pandas(tmp_path):
    """pandas' import alone would cost a third of a second and 40 MB on every run."""
    path = tmp_path / "sales.csv"
    path.write_text("Customer,Email,Phone,Date,Amount,Product\n"
                    "Ann,ann@x.org,+44 20 7946 0001,02.01.2025,\"5,00 €\",Bread\n"
                    "Walk-in,,,03.01.2025,\"7,00 €\",Cake\nBo,bo@x.org,+44 20 7946 0001,04.01.2025,\"$3,00\",Rye\n")
    code = ("import sys; from workbook.cli import main; main(['rank', sys.argv[1], '--format', 'json']); "
            "print('pandas' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "False"
