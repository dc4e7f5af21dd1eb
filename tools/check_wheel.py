"""Build the wheel, install it as a new user would, and run stiwatch from outside the checkout.

`make wheel-check` (part of `make test`, so CI runs it) proves what an editable install hides:
- the wheel holds one top-level import name and every data file the program reads;
- a virtualenv made by the stock ``python3 -m venv`` (its own old pip, never upgraded) installs
  the locked requirements and the wheel;
- from a directory outside the checkout, ``stiwatch crawl --replay --json`` stores Thai and
  Vietnamese articles from the bundled archive, ``stiwatch extract`` reads a bundled page, and
  ``stiwatch eval`` without the labelled sets says what to do in one line.

Usage: python tools/check_wheel.py [--python python3] [--work build/wheel-check]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the wheel may put at the top of site-packages.
TOP_LEVEL = {"stiwatch"}
# A Thai and a Vietnamese article page of the bundled archive (archive-relative paths).
BUNDLED_PAGES = {
    "th": ("www.pmu-hr.or.th/9380/index.html", "https://www.pmu-hr.or.th/9380/"),
    "vi": (
        "mst.gov.vn/viet-nam-va-thai-lan-thuc-day-hop-tac-khoa-hoc-cong-nghe-va-doi-moi-sang-tao-"
        "197250715142012873.htm",
        "https://mst.gov.vn/viet-nam-va-thai-lan-thuc-day-hop-tac-khoa-hoc-cong-nghe-va-doi-moi-sang-tao-"
        "197250715142012873.htm",
    ),
}


class CheckFailed(Exception):
    """One line saying what is wrong with the wheel or the installed program."""


def run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise CheckFailed(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {proc.stderr.strip()[-1500:]}")
    return proc.stdout


def build_wheel(work: Path) -> Path:
    dist = work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(ROOT), "-w", str(dist)])
    [wheel] = dist.glob("stiwatch-*.whl")
    return wheel


def package_dirs() -> dict[str, str]:
    """The pyproject package-dir table: import path → folder of the checkout."""
    with (ROOT / "pyproject.toml").open("rb") as fh:
        table: dict[str, str] = tomllib.load(fh)["tool"]["setuptools"]["package-dir"]
    return table


def tracked_data_files() -> list[str]:
    """Non-Python files git tracks under the package folders, as paths inside the wheel."""
    out = []
    for package, folder in package_dirs().items():
        listed = run(["git", "ls-files", "--", folder], cwd=ROOT).splitlines()
        prefix = package.replace(".", "/")
        out += [prefix + line[len(folder) :] for line in listed if line and not line.endswith(".py")]
    return out


def check_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    if top - TOP_LEVEL:
        raise CheckFailed(f"the wheel puts {sorted(top - TOP_LEVEL)} at the top of site-packages")
    missing = [path for path in tracked_data_files() if path not in names]
    if missing:
        raise CheckFailed(f"{len(missing)} data files missing from the wheel, e.g. {missing[:3]}")


def fresh_venv(python: str, work: Path, wheel: Path) -> Path:
    venv = work / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    run([python, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run([*pip, "-r", str(ROOT / "requirements.txt")])
    run([*pip, str(wheel)])
    return venv


def check_program(venv: Path) -> dict[str, object]:
    stiwatch = str(venv / "bin" / "stiwatch")
    with tempfile.TemporaryDirectory(prefix="stiwatch-wheel-") as tmp:
        cwd = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STIWATCH_", "PYTHONPATH"))}
        data = ["--data-dir", str(cwd / "data")]
        summary = json.loads(run([stiwatch, "crawl", "--replay", "--json", *data], cwd=cwd, env=env))
        stored = {}
        for lang in ("th", "vi"):
            result = json.loads(run([stiwatch, "search", "--lang", lang, "--json", *data], cwd=cwd, env=env))
            stored[lang] = result["total"]
            if not result["total"]:
                raise CheckFailed(f"the replay crawl from the wheel stored no {lang} article")
        archive = Path(
            run(
                [
                    str(venv / "bin" / "python"),
                    "-c",
                    "import stiwatch.crawler.replay as r; print(r.__path__[0])",
                ],
                cwd=cwd,
                env=env,
            ).strip()
        )
        if venv.resolve() not in archive.resolve().parents:
            raise CheckFailed(f"the program was imported from the checkout ({archive}), not the wheel")
        extracted = {}
        for lang, (page, url) in BUNDLED_PAGES.items():
            path = archive / "archive" / page
            record = json.loads(run([stiwatch, "extract", str(path), "--url", url, *data], cwd=cwd, env=env))
            if record.get("language") != lang or not record.get("title"):
                raise CheckFailed(
                    f"extract {page}: language {record.get('language')!r}, title {record.get('title')!r}"
                )
            extracted[lang] = record["title"]
        proc = subprocess.run([stiwatch, "eval", *data], cwd=cwd, env=env, capture_output=True, text=True)
        lines = proc.stderr.strip().splitlines()
        if proc.returncode != 2 or len(lines) != 1 or "--set" not in lines[0]:
            raise CheckFailed(
                f"`stiwatch eval` without labelled sets: exit {proc.returncode}, {proc.stderr[-500:]!r}"
            )
        return {
            "stored": stored,
            "totals": summary.get("totals", {}),
            "extracted": extracted,
            "eval": lines[0],
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="python3", help="interpreter whose stock venv/pip to use")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "wheel-check")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        wheel = build_wheel(args.work)
        check_contents(wheel)
        venv = fresh_venv(args.python, args.work, wheel)
        report = check_program(venv)
    except CheckFailed as exc:
        print(f"wheel check failed: {exc}", file=sys.stderr)
        return 1
    print(f"wheel check passed: {wheel.name}: {json.dumps(report, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
