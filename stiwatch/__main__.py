"""``python -m stiwatch``: the ``stiwatch`` command."""

import sys

from stiwatch.cli.main import main

sys.exit(main())
