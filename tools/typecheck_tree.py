"""Build a link tree of the installed layout for mypy: ``build/typecheck/stiwatch/...``.

The checkout keeps one folder per layer (``core/``, ``crawler/``, ...) and setuptools maps
them into the ``stiwatch`` namespace (``[tool.setuptools.package-dir]`` in pyproject.toml,
the one place the mapping is declared). mypy cannot follow setuptools' editable import
hook, so this script reads that table and mirrors it with symbolic links:

    build/typecheck/stiwatch/            a real folder holding links to stiwatch/*
    build/typecheck/stiwatch/core  ->    ../../../core   (one link per mapped package)

``make typecheck`` runs it, then ``MYPYPATH=build/typecheck mypy -p stiwatch``.

Usage: ``python tools/typecheck_tree.py [--root DIR] [--out build/typecheck]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_dirs(pyproject: Path) -> dict[str, str]:
    """The ``[tool.setuptools.package-dir]`` table: import name → folder of the checkout."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    table = data.get("tool", {}).get("setuptools", {}).get("package-dir", {})
    if not table:
        raise SystemExit(f"{pyproject}: no [tool.setuptools.package-dir] table")
    return {str(k): str(v) for k, v in table.items()}


def _link(target: Path, link: Path) -> None:
    """A relative symbolic link ``link`` → ``target``."""
    link.symlink_to(os.path.relpath(target, link.parent), target_is_directory=target.is_dir())


def build(root: Path, out: Path) -> list[Path]:
    """(Re)create the link tree under ``out``; returns the links made."""
    table = package_dirs(root / "pyproject.toml")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    made: list[Path] = []
    # Parents before children: a top-level package is a real folder of links to its files,
    # so that the mapped subpackages can sit beside them.
    for name in sorted(table, key=lambda n: n.count(".")):
        source = (root / table[name]).resolve()
        place = out.joinpath(*name.split("."))
        if "." not in name:
            place.mkdir(parents=True, exist_ok=True)
            mapped = {n.split(".")[1] for n in table if n.startswith(name + ".")}
            for child in sorted(source.iterdir()):
                if child.name == "__pycache__" or child.name in mapped:
                    continue
                _link(child, place / child.name)
                made.append(place / child.name)
            continue
        if not place.parent.is_dir():
            raise SystemExit(f"{name}: its parent package is not mapped")
        _link(source, place)
        made.append(place)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout (holds pyproject.toml)")
    parser.add_argument("--out", type=Path, default=None, help="default: ROOT/build/typecheck")
    args = parser.parse_args()
    out = args.out or args.root / "build" / "typecheck"
    made = build(args.root.resolve(), out)
    print(f"{len(made)} links under {out}")


if __name__ == "__main__":
    main()
