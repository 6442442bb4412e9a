"""``scripts/serve.py`` with the synthetic baladiyas of ``bench/big_data.py`` added to the
process's geography first, so pages can show the declared-size displacement set (bench only)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import big_data  # noqa: E402

big_data.extend_geography()
runpy.run_path(str(ROOT / "scripts" / "serve.py"), run_name="__main__")
