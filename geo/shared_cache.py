"""Per-process caches that compute each answer once, however many sessions ask for it at the same moment.

Why not ``functools.lru_cache``: its table is thread-safe, its work is not. Sessions that miss together (the
first visitors after a server starts, every session after an import makes a new data version current) all
compute the same answer side by side, and each holds its own copy while it does. Measured on the declared sizes
(``bench/big_data.py``, 200,000 displacement rows): four sessions loading the layer together read it four times,
in 32 s instead of 7 s, and the process held 780 MB afterwards instead of 273 MB (1.76 GB at its peak).

Here the first caller of a key computes it while later callers of that key wait for its answer (one lock per key
being computed; callers of other keys do not wait). An exception is not cached: the next caller tries again.
Keys are the arguments, as for ``lru_cache`` (hashable; keyword arguments by name). A cached function must not
call, directly or not, a cached function that calls it back: the two locks would wait on each other (today's
callers only go down, from pages' data to the store's reads).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_KEYWORDS = object()  # separates positional from keyword arguments in a key


def shared_cache(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` whose concurrent callers of one key share one computation.

    The decorated function keeps ``cache_clear()`` (tests, benchmarks)."""

    def decorate(fn: F) -> F:
        answers: OrderedDict[Hashable, Any] = OrderedDict()
        computing: dict[Hashable, threading.Lock] = {}
        guard = threading.Lock()  # held only to look up or change the two tables, never while computing

        def _hit(key: Hashable) -> tuple[bool, Any]:
            with guard:
                if key in answers:
                    answers.move_to_end(key)
                    return True, answers[key]
                return False, None

        @functools.wraps(fn)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = (*args, _KEYWORDS, *sorted(kwargs.items())) if kwargs else args
            found, value = _hit(key)
            if found:
                return value
            with guard:
                lock = computing.setdefault(key, threading.Lock())
            with lock:  # the first caller computes; the others wait here, then find its answer
                found, value = _hit(key)
                if found:
                    return value
                try:
                    value = fn(*args, **kwargs)
                except BaseException:
                    with guard:
                        computing.pop(key, None)
                    raise
                with guard:  # the answer is there before the key stops being computed: no gap to miss it in
                    answers[key] = value
                    computing.pop(key, None)
                    while len(answers) > maxsize:
                        answers.popitem(last=False)
                return value

        def cache_clear() -> None:
            with guard:
                answers.clear()

        cached.cache_clear = cache_clear  # type: ignore[attr-defined]
        return cached  # type: ignore[return-value]

    return decorate
