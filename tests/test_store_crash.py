"""An import killed half-way leaves the store exactly as it was (both backends).

How it is made deterministic: the child process imports 50,000 rows and
passes ``write_version`` a ``progress`` callback (the one the Data page's
progress bar uses) that, once at least 20,000 rows are inserted, touches a
flag file and sleeps -- so the child stops inside its open transaction.
The test waits for the flag, checks that readers are not blocked and see
only the old version, SIGKILLs the child (no cleanup code can run), and
then proves the store is consistent: same current version, same versions
list, same audit log, no rows of the killed version anywhere, and the next
import works and gets the next version number.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from geo import store as store_module
from geo.store import StoreError

ROOT = Path(__file__).resolve().parents[1]
ROWS = 50_000
PAUSE_AFTER = 20_000

CHILD = """
import sys
import time
from pathlib import Path
import pandas as pd
from geo import store
s = store.open_store(sys.argv[1])
base = s.read("displacement", 1)
big = pd.concat([base.assign(round=r) for r in range(100, 100 + {n} // len(base))], ignore_index=True)
assert len(big) == {n}, len(big)


def pause(written, total):
    # Called after each inserted batch, inside the open transaction.
    if {pause_after} <= written < total:
        # Written whole, then renamed: the test, polling for the flag, never reads it empty (seen once in CI).
        part = Path(sys.argv[2] + ".part")
        part.write_text(f"{{written}} {{total}}\\n")
        part.rename(sys.argv[2])
        time.sleep(300)


s.write_version("displacement", big, source_name="big.csv", source_bytes=b"big", actor="doomed", progress=pause)
print("finished: the pause did not happen", flush=True)
"""


def big_file(store) -> pd.DataFrame:
    base = store.read("displacement", 1)
    return pd.concat([base.assign(round=r) for r in range(100, 100 + ROWS // len(base))], ignore_index=True)


def snapshot(store) -> tuple:
    store_module._read_cached.cache_clear()  # prove it from the database, not from memory
    return (store.datasets(), store.versions("displacement"), store.audit(1000),
            pd.DataFrame(store.read("displacement").drop(columns="geometry")))


def assert_unchanged(store, before: tuple, when: str) -> None:
    datasets, versions, audit, rows = snapshot(store)
    assert datasets == before[0], f"{when}: current versions changed"
    assert versions == before[1], f"{when}: versions list changed"
    assert audit == before[2], f"{when}: audit log changed"
    pd.testing.assert_frame_equal(rows, before[3], obj=f"{when}: current rows")
    assert orphan_rows(store) == 0, f"{when}: rows of the unfinished version are visible"


def orphan_rows(store) -> int:
    with store._con() as con:
        return store._rows(con, "SELECT COUNT(*) FROM atlas_records WHERE dataset = 'displacement' AND version > 1"
                           )[0][0]


def test_killed_import_leaves_store_at_old_version(any_store, tmp_path):
    before = snapshot(any_store)
    assert before[0]["displacement"] == 1

    script = tmp_path / "import_big.py"
    script.write_text(CHILD.format(n=ROWS, pause_after=PAUSE_AFTER))
    flag = tmp_path / "paused"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen([sys.executable, str(script), any_store.url, str(flag)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while not flag.exists():
            if child.poll() is not None:
                pytest.fail(f"the import ended before pausing: {child.communicate()}")
            assert time.monotonic() < deadline, "the import never reached the pause"
            time.sleep(0.02)
        written, total = map(int, flag.read_text().split())
        assert PAUSE_AFTER <= written < total == ROWS, (written, total)

        # Mid-import: readers are not blocked and see only committed data.
        started = time.monotonic()
        assert_unchanged(any_store, before, "a reader during the import")
        assert time.monotonic() - started < 30, "readers waited for the running import"

        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL

    # After the crash: nothing of the killed version, in any table.
    time.sleep(0.2)  # PostgreSQL: let the server notice the dead client and abort its transaction
    assert_unchanged(any_store, before, "after the crash")
    with pytest.raises(StoreError, match="no version 2"):
        any_store.read("displacement", 2)
    if any_store.url.startswith("gpkg:"):
        with sqlite3.connect(any_store.url.removeprefix("gpkg:")) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # The next import works and takes the next version number.
    frame = big_file(any_store)
    v = any_store.write_version("displacement", frame, source_name="retry.csv", source_bytes=b"retry")
    assert (v.version, v.row_count) == (2, ROWS)
    assert [x.version for x in any_store.versions("displacement")] == [1, 2]
    back = any_store.read("displacement")
    assert len(back) == ROWS and back["round"].tolist() == frame["round"].tolist()
    assert back["migrants"].tolist() == frame["migrants"].tolist()
    assert [e["action"] for e in any_store.audit(2)] == ["import", "import"]
    assert any_store.audit(1)[0]["actor"] != "doomed"



def test_switching_to_the_write_ahead_log_waits_out_another_process():
    """Several processes opening one new store switch it to WAL together; SQLite may answer "database is
    locked" at once instead of waiting (CI: one of four processes failed). The switch is tried again."""
    import sqlite3

    from geo.store import _write_ahead_log

    class Busy:
        def __init__(self, refusals: int):
            self.refusals, self.calls = refusals, 0

        def execute(self, sql: str):
            self.calls += 1
            if self.calls <= self.refusals:
                raise sqlite3.OperationalError("database is locked")

    con = Busy(3)
    _write_ahead_log(con)  # type: ignore[arg-type]
    assert con.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _write_ahead_log(Busy(10**6), wait=0.2)  # type: ignore[arg-type]  # not forever
