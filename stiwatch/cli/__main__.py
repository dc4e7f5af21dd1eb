"""``python -m stiwatch.cli``: the ``stiwatch`` command (crawl workers and the scheduler start it so)."""

import sys

from stiwatch.cli.main import main

sys.exit(main())
