"""The importing child's peak memory is its own, however big the process that started it.

Stop 44's CI failed four imports at "504.41 MB" each: the figure was the test runner's size, carried into every
child across ``execve`` by ``ru_maxrss``.  Here a parent holds 400 MB and starts a child that allocates 40 MB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARENT = """
import subprocess, sys
held = bytearray(400 * 2**20)
for i in range(0, len(held), 4096):
    held[i] = 1  # touched, so resident
child = (
    "import sys; sys.path.insert(0, sys.argv[1]); from bench import peak_memory\\n"
    "own = bytearray(40 * 2**20)\\n"
    "for i in range(0, len(own), 4096): own[i] = 1\\n"
    "print(peak_memory.peak_rss_mb())"
)
print(subprocess.run([sys.executable, "-c", child, sys.argv[1]], capture_output=True, text=True, check=True).stdout)
"""


def test_a_child_of_a_big_process_measures_its_own_peak():
    done = subprocess.run([sys.executable, "-c", PARENT, str(ROOT)], capture_output=True, text=True, check=True)
    peak = float(done.stdout.strip())
    assert 40 <= peak < 200  # its 40 MB and an interpreter, not the parent's 400 MB
