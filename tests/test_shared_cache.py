"""Sessions that ask for the same data at the same moment share one computation (``geo.shared_cache``).

Seen with the declared sizes (200,000 displacement rows): four sessions opening a page together, just after the
server started, read the layer four times (32 s instead of 7 s) and the server kept 780 MB instead of 273 MB. The
same happens to every session that opens a page just after an import makes a new version current."""

from __future__ import annotations

import threading
import time

import pytest

from geo import catalog
from geo import store as store_module
from geo.shared_cache import shared_cache

SESSIONS = 6


def _together(call, n: int = SESSIONS) -> list:
    """``call()`` in ``n`` threads released at the same moment; their answers."""
    start, answers = threading.Barrier(n), [None] * n

    def one(i: int) -> None:
        start.wait()
        answers[i] = call()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_sessions_opening_a_layer_together_read_it_once(store, monkeypatch):
    reads = []
    read = store_module.Store._read_uncached

    def counted(self, dataset, version):
        reads.append(dataset)
        time.sleep(0.2)  # a read that takes a while, as a big one does: the sessions overlap in it
        return read(self, dataset, version)

    monkeypatch.setattr(store_module.Store, "_read_uncached", counted)
    store_module._read_cached.cache_clear()
    catalog._layer_data.cache_clear()
    loaded = _together(lambda: catalog.load("detention_centres", "coordinator"))
    assert reads.count("detention_centres") == 1, reads
    assert all(data.frame is loaded[0].frame for data in loaded)  # one shared frame, not six copies


def test_one_computation_per_key_and_other_keys_do_not_wait():
    runs, gate = [], threading.Event()

    @shared_cache(maxsize=4)
    def slow(key: str, *, scale: int = 1) -> tuple[str, int]:
        runs.append((key, scale))
        if key == "slow":
            gate.wait(30)
        return key, scale

    waiting = threading.Thread(target=slow, args=("slow",))
    waiting.start()
    while not runs:  # "slow" is being computed
        time.sleep(0.01)
    fast = threading.Thread(target=slow, args=("fast",))
    fast.start()
    fast.join(5)
    assert not fast.is_alive(), "another key waited for 'slow'"  # answered while "slow" is still being computed
    gate.set()
    waiting.join()
    assert _together(lambda: slow("x", scale=2)) == [("x", 2)] * SESSIONS
    assert runs == [("slow", 1), ("fast", 1), ("x", 2)]


def test_an_error_is_not_kept_and_the_oldest_answer_makes_room():
    calls = []

    @shared_cache(maxsize=2)
    def flaky(n: int) -> int:
        calls.append(n)
        if calls.count(n) == 1 and n == 0:
            raise OSError("the store was busy")
        return n * 10

    with pytest.raises(OSError):
        flaky(0)
    assert flaky(0) == 0  # tried again, not the error replayed
    flaky(1), flaky(2)  # 0 is now the oldest of three: dropped
    assert flaky(2) == 20 and calls == [0, 0, 1, 2]
    flaky(0)
    assert calls == [0, 0, 1, 2, 0]
    flaky.cache_clear()
    flaky(2)
    assert calls[-1] == 2 and len(calls) == 6
