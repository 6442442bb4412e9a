"""Where things live on disk, in one place.

Why: pages and tests must never guess paths.  The shipped default data is read
from ``data/`` in the repository; the store a deployment writes to lives in
``ATLAS_DATA_DIR`` (default ``var/`` beside the code), or in PostgreSQL when
``DATABASE_URL`` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data"

# Uploads larger than this are refused before they are read (bytes).
MAX_UPLOAD_BYTES = int(os.environ.get("ATLAS_MAX_UPLOAD_MB", "50")) * 1024 * 1024


def data_dir() -> Path:
    """The writable store directory (created on demand)."""
    path = Path(os.environ.get("ATLAS_DATA_DIR") or ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_settings() -> tuple[str | None, str | None]:
    """What decides the default store (``DATABASE_URL``, ``ATLAS_DATA_DIR``), as set now."""
    return database_url(), os.environ.get("ATLAS_DATA_DIR") or None


def database_url() -> str | None:
    """A PostgreSQL/PostGIS URL for multi-user deployments, if configured."""
    return os.environ.get("DATABASE_URL") or None
