"""The docs point at things that exist: links, file paths, and the commands of the README's tables."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from pathlib import Path

import pytest

from stiwatch.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
# A code span is taken for a repository path when it starts with one of these folders (not the
# ignored build outputs, which a clean clone does not have).
IGNORED = {"build", "dist", "data"}
TOP_LEVEL = sorted(
    p.name for p in ROOT.iterdir() if p.is_dir() and p.name[0] != "." and p.name not in IGNORED
)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
# Placeholders in documented paths: <host>, {id}, NAME, YYYY, N.
PLACEHOLDER = re.compile(r"<[^>]+>|\{[^}]+\}|\b[A-Z][A-Z_-]*[A-Z]\b|\bN\b")


def doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_relative_links_exist(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert broken == []


def fenced_heads(text: str) -> list[str]:
    """The first word of each line of the fenced blocks (layout drawings name paths there)."""
    heads, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and line.strip():
            head = line.split()[0].rstrip(",;:")
            # `crawler/replay/archive/<host>/<path as on the site>`: keep what precedes the prose.
            if head.count("<") > head.count(">"):
                head = head[: head.rindex("<")]
            heads.append(head)
    return heads


def named_paths(text: str) -> set[str]:
    """Code spans and drawing lines that name a repository path (`docs/replay.md`, `crawler/sources/*.yaml`)."""
    out = set()
    for span in [*CODE.findall(text), *fenced_heads(text)]:
        span = span.strip()
        first = span.split("/", 1)[0]
        if "/" in span and first in TOP_LEVEL and " " not in span and "://" not in span:
            out.add(span.rstrip("/"))
    return out


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_named_files_exist(doc: Path) -> None:
    missing = []
    for span in named_paths(doc.read_text(encoding="utf-8")):
        pattern = PLACEHOLDER.sub("*", span.split(":", 1)[0])
        if not any(ROOT.glob(pattern)):
            missing.append(span)
    assert sorted(missing) == []


def table_commands(text: str) -> list[tuple[list[str], list[str]]]:
    """(command words, flags) of every `stiwatch …` code span in the first cell of a table row."""
    found = []
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]
        spans = CODE.findall(first_cell)
        if not spans[0].startswith("stiwatch "):
            continue
        for span in spans:
            if not span.startswith("stiwatch "):
                span = f"stiwatch {span}"
            alternatives = span.split("\\|")
            tokens = alternatives[0].split()[1:]
            words = []
            for token in tokens:
                if not re.fullmatch(r"[a-z][a-z-]*", token):
                    break
                words.append(token)
            flags = re.findall(r"--[a-z][a-z-]*", alternatives[0])
            found.append((words, flags))
            # `models list|install FROM TO|…`: siblings of the last word, each with its own flags.
            if words and len(words) == len(tokens) and len(words) > 1:
                for alternative in alternatives[1:]:
                    sibling = alternative.split()[0]
                    found.append(([*words[:-1], sibling], re.findall(r"--[a-z][a-z-]*", alternative)))
    return found


README_COMMANDS = table_commands((ROOT / "README.md").read_text(encoding="utf-8"))


def subparser(parser: argparse.ArgumentParser, words: list[str]) -> argparse.ArgumentParser:
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        assert actions, f"{word}: no subcommands here"
        parser = actions[0].choices[word]
    return parser


def test_the_readme_has_command_tables() -> None:
    assert len(README_COMMANDS) >= 20


@pytest.mark.parametrize(("words", "flags"), README_COMMANDS, ids=lambda x: " ".join(x) if x else "-")
def test_readme_commands_parse(words: list[str], flags: list[str]) -> None:
    """`stiwatch <cmd> --help` exits 0, and every flag the row shows exists on that command."""
    parser = build_parser()
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        parser.parse_args([*words, "--help"])
    assert done.value.code == 0
    known = {opt for action in subparser(parser, words)._actions for opt in action.option_strings}
    assert sorted(set(flags) - known) == []
