"""`stiwatch translate` and `stiwatch models`: translations and the models behind them."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from stiwatch.cli.common import UserError, add_common, config_from_args, open_configured_backend, print_table
from stiwatch.core.config import Config
from stiwatch.pipelines.translation.articles import TranslateConfig, parse_targets, required_pairs
from stiwatch.pipelines.translation.engine import PIVOT, coverage, install_command
from stiwatch.pipelines.translation.jobs import ArticleNotFound, translate_article, translate_pending
from stiwatch.pipelines.translation.marian import build_marian_package
from stiwatch.pipelines.translation.models import InstalledModel, ModelError, ModelStore


def register(sub: Any) -> None:
    """Add the ``translate`` and ``models`` sub-commands."""
    p = sub.add_parser("translate", help="translate a stored article, or every article still missing one")
    add_common(p)
    p.add_argument("article_id", nargs="?", metavar="ARTICLE_ID")
    p.add_argument("--full", action="store_true", help="the whole text, not only title and lead")
    p.add_argument("--to", action="append", metavar="XX", help="only this target language (repeatable)")
    p.add_argument("--pending", action="store_true", help="translate every article missing a target")
    p.add_argument("--batch", type=int, default=32, metavar="N", help="articles per batch (--pending)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N articles (--pending)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_translate)

    p = sub.add_parser("models", help="translation models: list, install, convert")
    add_common(p)
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    m = msub.add_parser("list", help="installed models")
    add_common(m)
    m.add_argument("--json", action="store_true", help="print JSON")
    m.set_defaults(func=cmd_models_list)
    m = msub.add_parser("install", help="download and install FROM→TO from the Argos index (online)")
    add_common(m)
    m.add_argument("src", metavar="FROM")
    m.add_argument("tgt", metavar="TO")
    m.set_defaults(func=cmd_models_install)
    m = msub.add_parser("install-file", help="install a local .argosmodel package")
    add_common(m)
    m.add_argument("path", metavar="PATH.argosmodel")
    m.set_defaults(func=cmd_models_install_file)
    m = msub.add_parser(
        "build-marian", help="convert a local Marian/Opus-MT checkpoint into a package and install it"
    )
    add_common(m)
    m.add_argument("checkpoint", metavar="CHECKPOINT_DIR")
    m.add_argument("src", metavar="FROM")
    m.add_argument("tgt", metavar="TO")
    m.add_argument("--quantization", default="int8", help="CTranslate2 quantization (default int8)")
    m.add_argument("--keep", metavar="DIR", help="also keep the .argosmodel file in DIR")
    m.set_defaults(func=cmd_models_build_marian)
    m = msub.add_parser("remove", help="uninstall the FROM→TO model")
    add_common(m)
    m.add_argument("src", metavar="FROM")
    m.add_argument("tgt", metavar="TO")
    m.set_defaults(func=cmd_models_remove)


def _translate_config(config: Config) -> TranslateConfig:
    section = config.values["translate"]
    try:
        parse_targets(section["targets"])
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return TranslateConfig(config.data_dir, section)


def _store(args: argparse.Namespace) -> ModelStore:
    # Models may be installed before the first crawl fills the data directory.
    return ModelStore(_translate_config(config_from_args(args, must_exist=False)).models_dir)


def cmd_translate(args: argparse.Namespace) -> int:
    if bool(args.pending) == bool(args.article_id):
        raise UserError("give an ARTICLE_ID or --pending")
    config = config_from_args(args)
    tconfig = _translate_config(config)
    backend = open_configured_backend(config)
    try:
        if args.pending:
            result = translate_pending(backend, tconfig, batch=args.batch, limit=args.limit)
            if args.json:
                print(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                print(
                    f"{result['articles']} pending article(s): {result['translated']} translation(s) made,"
                    f" {result['missing']} still without a model ({result['seconds']} s)"
                )
            return 0
        try:
            record = translate_article(backend, args.article_id, tconfig, full=args.full, only=args.to)
        except ArticleNotFound:
            raise UserError(f"no article {args.article_id}") from None
    finally:
        backend.close()
    errors = [e for e in record.get("errors", []) if e.get("stage") == "translate"]
    if args.json:
        print(
            json.dumps(
                {"id": record["id"], "translations": record.get("translations", {}), "errors": errors},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for lang, version in sorted((record.get("translations") or {}).items()):
        scope = "full text" if version.get("full") else "title and lead"
        print(f"[{lang}] ({scope}, {version.get('model', '')})")
        print(version.get("title", ""))
        print()
        print(version.get("text", ""))
        print()
    if errors and not record.get("translations"):
        raise UserError(errors[0]["message"])
    for error in errors:
        print(f"stiwatch: {error['message']}")
    return 0


def _missing(config: Config, store: ModelStore) -> list[dict[str, Any]]:
    """The packages still to add for the configured languages and targets, each with the
    pairs that wait for it and the command that provides it."""
    languages = config.values["pipeline"]["languages"]
    targets = parse_targets(config.values["translate"]["targets"])
    needed: dict[tuple[str, str], list[str]] = {}
    for pair in coverage(store, required_pairs(languages, targets)):
        legs = list(pair.missing)
        if legs == [(pair.src, pair.tgt)] and PIVOT not in legs[0]:
            # Neither a direct package nor either leg: name the legs through English,
            # which the other pairs need anyway, rather than a rare direct package.
            legs = [(pair.src, PIVOT), (PIVOT, pair.tgt)]
        for leg in legs:
            needed.setdefault(leg, []).append(f"{pair.src}-{pair.tgt}")
    return [
        {"from": src, "to": tgt, "needed_for": waiting, "command": install_command(src, tgt)}
        for (src, tgt), waiting in sorted(needed.items())
    ]


def cmd_models_list(args: argparse.Namespace) -> int:
    # What is installed and what is missing can be asked before the first crawl.
    config = config_from_args(args, must_exist=False)
    store = ModelStore(_translate_config(config).models_dir)
    models = store.list()
    rows: list[dict[str, Any]] = [
        {
            "from": m.from_code,
            "to": m.to_code,
            "name": m.path.name,
            "version": m.package_version,
            "size_mb": round(m.size_bytes() / 1e6, 1),
            "path": str(m.path),
        }
        for m in models
    ]
    missing = _missing(config, store)
    if args.json:
        print(json.dumps({"models_dir": str(store.directory), "models": rows, "missing": missing}, indent=2))
        return 0
    if not rows:
        print(f"no translation model in {store.directory}; see `stiwatch models install --help`")
    else:
        print_table(
            [[r["from"], r["to"], r["name"], r["version"], f"{r['size_mb']} MB"] for r in rows],
            ["FROM", "TO", "PACKAGE", "VERSION", "SIZE"],
        )
    if missing:
        print()
        print(
            f"missing: {len(missing)} model(s) for the configured languages and targets"
            " (pipeline.languages, translate.targets); articles in these languages stay untranslated:"
        )
        print_table(
            [[m["from"], m["to"], " ".join(m["needed_for"]), m["command"]] for m in missing],
            ["FROM", "TO", "NEEDED FOR", "HOW"],
        )
    return 0


def _installed(model: InstalledModel) -> int:
    print(f"installed {model.from_code}→{model.to_code} in {model.path}")
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    try:
        return _installed(_store(args).install_from_index(args.src, args.tgt))
    except ModelError as exc:
        raise UserError(str(exc)) from None


def cmd_models_install_file(args: argparse.Namespace) -> int:
    try:
        return _installed(_store(args).install_file(Path(args.path)))
    except ModelError as exc:
        raise UserError(str(exc)) from None


def cmd_models_build_marian(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(args.keep) if args.keep else Path(tmp)
            package = build_marian_package(
                Path(args.checkpoint), args.src, args.tgt, out, quantization=args.quantization
            )
            return _installed(store.install_file(package))
    except ModelError as exc:
        raise UserError(str(exc)) from None


def cmd_models_remove(args: argparse.Namespace) -> int:
    if not _store(args).remove(args.src, args.tgt):
        raise UserError(f"no {args.src}→{args.tgt} model installed (see `stiwatch models list`)")
    print(f"removed {args.src}→{args.tgt}")
    return 0
