"""The peak resident memory of the calling process itself: what an import's memory budget is checked against.

``resource.getrusage(RUSAGE_SELF).ru_maxrss`` is not that figure for a process started by another: Linux keeps the
high-water mark across ``execve``, so a child started by a 500 MB pytest run reports at least 500 MB however little
it used (stop 44's CI: four imports "peaked" at the same 504.41 MB, the test runner's size after 37 minutes).
``VmHWM`` in ``/proc/self/status`` belongs to the process's own address space, which ``execve`` replaces.
"""

from __future__ import annotations

from pathlib import Path

STATUS = Path("/proc/self/status")


def peak_rss_mb() -> float:
    """Peak resident set of this process since it started its program, in MiB (Linux ``VmHWM``)."""
    for line in STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # reported in kB
    raise RuntimeError("no VmHWM in /proc/self/status: peak memory is measured on Linux only")
