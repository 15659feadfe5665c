"""Entry point of the frozen desktop app (PyInstaller needs a script, not a console_scripts entry)."""

import sys

from console.app import main

if __name__ == "__main__":
    sys.exit(main())
