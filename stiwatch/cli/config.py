"""`stiwatch config`: the effective configuration, each value with its origin, secrets masked."""

from __future__ import annotations

import argparse
import json
from typing import Any

from stiwatch.cli.common import add_common, config_from_args


def register(sub: Any) -> None:
    """Add ``config`` to the ``stiwatch`` parser."""
    p = sub.add_parser("config", help="print the effective configuration (secrets masked)")
    add_common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_config)


def cmd_config(args: argparse.Namespace) -> int:
    config = config_from_args(args, must_exist=False)
    if args.json:
        print(json.dumps(config.masked(), indent=2, ensure_ascii=False))
        return 0
    for section, values in config.masked().items():
        print(f"[{section}]")
        for key, value in values.items():
            origin = config.origins.get(f"{section}.{key}", "")
            print(f"{key} = {json.dumps(value, ensure_ascii=False)}    # {origin}")
        print()
    return 0
