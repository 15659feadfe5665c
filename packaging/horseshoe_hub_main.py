"""Entry point of the frozen hub command."""

import sys

from console.hub.cli import main

if __name__ == "__main__":
    sys.exit(main())
