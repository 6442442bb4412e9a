"""``python -m geo``: the atlas store from the command line (usage: ``geo.cli``, or ``python -m geo --help``).

This file is tiny so that tests and other tools can import ``geo.cli`` without running a command.
"""

from geo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
