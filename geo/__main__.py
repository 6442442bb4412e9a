"""``python -m geo``: the atlas store from the command line.

Usage (details in ``geo.cli`` and ``python -m geo --help``)::

    python -m geo import PATH [--dataset NAME] [--replace] [--actor WHO] [--dry-run]
    python -m geo datasets
    python -m geo versions NAME
    python -m geo rollback NAME VERSION [--actor WHO]
    python -m geo export NAME --format csv|geojson [--version N] [--provenance]
    python -m geo audit [--limit N]

Why this file is tiny: the logic lives in ``geo.cli`` so tests and other tools
can import it without running a command.
"""

from geo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
