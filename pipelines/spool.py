"""The spool: article records waiting on disk for the search backend, never lost.

``<data dir>/spool/spool-<pid>-<ns>-n<count>.jsonl`` files, one JSON object a line:
``{"record": {...}, "checked": bool, "relink": bool}``. ``checked`` is false for a
record whose dedupe could not ask the store (it was down): its new/updated status is
a guess, so it is never written directly but reconciled with the store on replay
(:mod:`stiwatch.pipelines.reconcile`); ``relink`` asks for its story links to be made
again against the stored stories. A line holding a bare record (older spools) is a
checked record.

A file appears whole (written beside, then renamed), its name carries its line count
(so health checks count the spool without reading it), and it is removed only after
its records are stored. One process replays at a time (``.replay.lock``); another that
asks meanwhile is told the spool is busy.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stiwatch.core.store import BackendUnavailable, RecordStore, UpsertFailed
from stiwatch.pipelines.reconcile import Outcome, reconcile, relink, story_index
from stiwatch.pipelines.stories import StoryIndex

logger = logging.getLogger(__name__)

SPOOL_DIR = "spool"
LOCK_FILE = ".replay.lock"
_COUNT = re.compile(r"-n(\d+)\.jsonl$")


@dataclass(frozen=True)
class SpoolEntry:
    """One record and what is known about it (see the module docstring)."""

    record: dict[str, Any]
    checked: bool = True
    relink: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SpoolEntry:
        if "record" in data and isinstance(data["record"], dict):
            return cls(data["record"], bool(data.get("checked", True)), bool(data.get("relink", False)))
        return cls(data)  # a bare record: the spool format before checked/relink

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "checked": self.checked, "relink": self.relink}


@dataclass(frozen=True)
class Replayed:
    """What replaying one spooled record did."""

    id: str
    source: str
    checked: bool
    outcome: Outcome


@dataclass
class ReplayResult:
    """Every replayed record's outcome; ``refused``: records still in the spool."""

    replayed: list[Replayed] = field(default_factory=list)
    refused: int = 0
    refusal: str = ""
    busy: bool = False

    @property
    def sent(self) -> int:
        """Records written to the store."""
        return sum(1 for r in self.replayed if r.outcome in ("new", "updated"))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.replayed:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    def describe(self) -> str:
        """One line for people."""
        counts = self.counts()
        text = f"sent {self.sent} spooled articles"
        skipped = [f"{counts[k]} {k}" for k in ("unchanged", "superseded") if counts.get(k)]
        if skipped:
            text += f" ({', '.join(skipped)}: already stored)"
        if self.refused:
            text += f"; {self.refused} still refused and kept in the spool: {self.refusal}"
        return text


class Spool:
    """The spool directory; see the module docstring."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def of(cls, data_dir: Path) -> Spool:
        """The spool of a data directory."""
        return cls(Path(data_dir) / SPOOL_DIR)

    # -- adding -------------------------------------------------------------------------

    def add(self, records: Iterable[dict[str, Any]], *, checked: bool = True, relink: bool = False) -> int:
        """Spool records (all with the same flags); returns how many."""
        return self.add_entries([SpoolEntry(r, checked, relink) for r in records])

    def add_entries(self, entries: list[SpoolEntry]) -> int:
        if not entries:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"spool-{os.getpid()}-{time.time_ns()}-n{len(entries)}.jsonl"
        self._write(self.directory / name, entries)
        return len(entries)

    @staticmethod
    def _write(path: Path, entries: list[SpoolEntry]) -> None:
        """Write a hidden sibling, fsync, rename: a reader never sees half a file."""
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for entry in entries:
                fh.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)

    # -- reading ------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """Spool files, oldest first (the order they are replayed in)."""
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob("spool-*.jsonl"), key=lambda p: _order(p.name))

    def pending(self) -> int:
        """Records waiting, counted from the file names (a file without a count is read)."""
        total = 0
        for path in self.files():
            found = _COUNT.search(path.name)
            if found:
                total += int(found.group(1))
            else:
                try:
                    total += sum(1 for line in path.open(encoding="utf-8") if line.strip())
                except OSError:
                    continue  # replayed meanwhile
        return total

    @staticmethod
    def entries(path: Path) -> list[SpoolEntry]:
        return [
            SpoolEntry.from_json(json.loads(line)) for line in path.open(encoding="utf-8") if line.strip()
        ]

    # -- replaying ----------------------------------------------------------------------

    @contextmanager
    def _replay_lock(self) -> Iterator[bool]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / LOCK_FILE).open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def replay(self, store: RecordStore) -> ReplayResult:
        """Reconcile every spooled record with the store and write what is new or changed.

        A file is removed once its records are stored; records the store refuses stay
        (the file is rewritten with just them). Another process replaying at the same
        time makes this one return at once with ``busy``.

        Raises:
            BackendUnavailable: the store is down; what was not sent stays in the spool.
        """
        result = ReplayResult()
        if not self.files():
            return result
        with self._replay_lock() as acquired:
            if not acquired:
                result.busy = True
                return result
            replay = _Replay(store, result)
            for path in self.files():
                try:
                    entries = self.entries(path)
                except FileNotFoundError:
                    continue
                refused = replay.send(entries)
                if refused:
                    # Keep just those, under a name with their count (written before the old goes).
                    kept = path.with_name(_renamed(path.name, len(refused)))
                    self._write(kept, refused)
                    if kept != path:
                        path.unlink(missing_ok=True)
                else:
                    path.unlink(missing_ok=True)
        if result.replayed or result.refused:
            logger.info("spool: %(what)s", {"what": result.describe()})
        return result


def _order(name: str) -> tuple[int, int]:
    """(time written, pid) from ``spool-<pid>-<ns>-...``: files replay in the order written."""
    parts = name.split("-")
    try:
        return int(parts[2].split(".")[0]), int(parts[1])
    except (IndexError, ValueError):
        return 0, 0


def _renamed(name: str, count: int) -> str:
    """The file name with a new record count."""
    if _COUNT.search(name):
        return _COUNT.sub(f"-n{count}.jsonl", name)
    return name.removesuffix(".jsonl") + f"-n{count}.jsonl"


class _Replay:
    """One replay: the store's view of each record, and the stories when links are remade."""

    def __init__(self, store: RecordStore, result: ReplayResult) -> None:
        self.store = store
        self.result = result
        self._stories: StoryIndex | None = None

    def stories(self) -> StoryIndex:
        if self._stories is None:
            self._stories = story_index(self.store.iter_records())
        return self._stories

    def send(self, entries: list[SpoolEntry]) -> list[SpoolEntry]:
        """Reconcile and write one file's entries; returns those the store refused."""
        ids = [str(e.record["id"]) for e in entries]
        stored = {str(r["id"]): r for r in self.store.get_many(ids)}
        writes: list[SpoolEntry] = []
        decided: list[Replayed] = []
        for entry in entries:
            key = str(entry.record["id"])
            outcome, record = reconcile(entry.record, stored.get(key))
            if record is not None:
                if outcome == "new" and entry.relink:
                    record = relink(record, self.stories())
                stored[key] = record  # a later line with the same id compares with this one
                writes.append(SpoolEntry(record, True, False))
            decided.append(Replayed(key, str(entry.record.get("source") or ""), entry.checked, outcome))
        refused_ids: set[str] = set()
        try:
            self.store.upsert([e.record for e in writes])
            self.store.commit()
        except UpsertFailed as exc:
            if exc.unreachable:
                raise
            self._commit_quietly()
            refused_ids = {str(r.get("id")) for r in exc.failed}
            self.result.refusal = str(exc)
        except BackendUnavailable:
            raise
        except Exception:  # noqa: BLE001 - one record the store cannot take must not hold back the rest
            refused_ids = self._one_by_one(writes)
        self.result.refused += len(refused_ids)
        self.result.replayed.extend(d for d in decided if d.id not in refused_ids)
        return [e for e in entries if str(e.record["id"]) in refused_ids]

    def _one_by_one(self, writes: list[SpoolEntry]) -> set[str]:
        """Write records singly; the ids of those the store rejects (e.g. a malformed record)."""
        refused: set[str] = set()
        for entry in writes:
            try:
                self.store.upsert([entry.record])
            except UpsertFailed as exc:
                if exc.unreachable:
                    raise
                refused.add(str(entry.record["id"]))
                self.result.refusal = str(exc)
            except BackendUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - kept in the spool, with the reason
                refused.add(str(entry.record["id"]))
                self.result.refusal = f"{entry.record['id']}: {type(exc).__name__}: {exc}"
        self._commit_quietly()
        return refused

    def _commit_quietly(self) -> None:
        try:
            self.store.commit()
        except BackendUnavailable as exc:
            logger.warning("commit after a partial replay failed: %(error)s", {"error": exc})


@dataclass
class WriteOutcome:
    """What :func:`write_or_spool` did with a batch."""

    written: int = 0
    spooled: list[SpoolEntry] = field(default_factory=list)
    error: str = ""


def write_or_spool(
    store: RecordStore, spool: Spool, entries: list[SpoolEntry], *, commit: bool = True
) -> WriteOutcome:
    """Write checked records to the store; spool the unchecked ones and whatever it refuses.
    ``commit=False`` leaves the commit to the caller (one for many batches).

    Never raises for a storage problem: an article is either stored or spooled.
    """
    outcome = WriteOutcome(spooled=[e for e in entries if not e.checked])
    direct = [e for e in entries if e.checked]
    if direct:
        try:
            store.upsert([e.record for e in direct])
            if commit:
                store.commit()
            outcome.written = len(direct)
        except UpsertFailed as exc:
            # Only the refused records are spooled: the rest are stored already.
            failed = {str(r.get("id")) for r in exc.failed}
            outcome.spooled += [e for e in direct if str(e.record["id"]) in failed]
            outcome.written = exc.written
            outcome.error = str(exc)
            commit_quietly(store)
        except Exception as exc:  # noqa: BLE001 - never lose an article to a storage error
            outcome.spooled += direct
            outcome.error = str(exc)
    spool.add_entries(outcome.spooled)
    return outcome


def commit_quietly(store: RecordStore) -> None:
    """Commit; a failure is only logged (what was written shows up at the next commit)."""
    try:
        store.commit()
    except Exception as exc:  # noqa: BLE001 - the written part shows up at the next commit
        logger.warning("commit after a partial write failed: %(error)s", {"error": exc})
