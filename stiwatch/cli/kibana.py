"""`stiwatch kibana generate|import`: the Kibana saved objects for analysts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args
from stiwatch.deliver.kibana.importer import KibanaError, import_objects


def register(sub: Any) -> None:
    """Add ``kibana`` and its actions to the ``stiwatch`` parser."""
    p = sub.add_parser("kibana", help="Kibana saved objects: a data view, searches, Lens, a dashboard")
    add_common(p)
    ksub = p.add_subparsers(dest="kibana_command", metavar="ACTION", required=True)

    g = ksub.add_parser("generate", help="write the saved objects as NDJSON")
    add_common(g)
    g.add_argument("--out", metavar="FILE", help="where to write (default: deliver/kibana/stiwatch.ndjson)")
    g.add_argument("--check", action="store_true", help="only check that the file is up to date")

    i = ksub.add_parser("import", help="load the saved objects into Kibana (overwrites by id)")
    add_common(i)
    i.add_argument("--url", metavar="URL", help="Kibana's address (default: elasticsearch.kibana_url)")
    i.add_argument("--space", metavar="S", help="Kibana space id (default: the default space)")
    p.set_defaults(func=cmd_kibana)


def cmd_kibana(args: argparse.Namespace) -> int:
    # defers the Elasticsearch package (its client is heavy) to the command that needs its names.
    from stiwatch.deliver.kibana.objects import NDJSON_FILE, build_objects, to_ndjson
    from stiwatch.search.elasticsearch.mappings import IndexNames

    config = config_from_args(args, must_exist=False)
    names = IndexNames(str(config.get("elasticsearch", "index_prefix")))
    text = to_ndjson(build_objects(names))
    if args.kibana_command == "generate":
        path = Path(args.out) if args.out else NDJSON_FILE
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else ""
            if current != text:
                raise UserError(f"{path} is out of date: run `stiwatch kibana generate`")
            print(f"{path} is up to date")
            return 0
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc}") from None
        print(f"wrote {text.count(chr(10))} saved objects to {path}")
        return 0

    es = config.values["elasticsearch"]
    url = args.url or str(es["kibana_url"])
    try:
        result = import_objects(
            url,
            text,
            space=args.space,
            api_key=str(es["api_key"]),
            username=str(es["username"]),
            password=str(es["password"]),
            ca_certs=str(es["ca_certs"]),
        )
    except KibanaError as exc:
        raise UserError(str(exc)) from None
    print(f"imported {result.success_count} saved objects into {url}", file=sys.stderr)
    print(f"open {url.rstrip('/')}/app/dashboards and choose 'stiwatch: STI cooperation overview'")
    return 0
