"""What a record that waited in the spool becomes once the store answers again.

The dedupe stage decides new / updated / unchanged against the stored version of an
article. A record spooled because the store was down was decided without it (or not
written because the store refused it); by the time it is replayed the store may hold
that article already (stored before the outage, or by a later crawl). Replaying it
blindly would reset its revision, its story and its ``fetched_at`` — digests would
then announce it again. So each spooled record is compared with what is stored now:

- nothing stored: ``new``, written as it is; if its story links were made without the
  stored stories, they are made again against them (:func:`relink`);
- the same content hash: ``unchanged``, already stored; nothing is written;
- a version fetched later than this one: ``superseded``; nothing is written;
- other text: ``updated``, written with the stored story id and the next revision.

Upserts are by id, so replaying the same spool twice writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from stiwatch.pipelines.stories import StoryIndex

Outcome = Literal["new", "updated", "unchanged", "superseded"]


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # A naive time cannot be compared with an aware one; such records never supersede.
    return parsed if parsed.tzinfo is not None else None


def reconcile(
    record: dict[str, Any], existing: dict[str, Any] | None
) -> tuple[Outcome, dict[str, Any] | None]:
    """(outcome, the record to write or None) for a spooled ``record`` against the stored one."""
    if existing is None:
        return "new", record
    if existing.get("content_hash") and existing.get("content_hash") == record.get("content_hash"):
        return "unchanged", None
    stored_at, spooled_at = _time(existing.get("fetched_at")), _time(record.get("fetched_at"))
    if stored_at is not None and spooled_at is not None and stored_at > spooled_at:
        return "superseded", None
    updated = dict(record)
    # A story id, once stored, does not change; the record counts its revisions.
    updated["story_id"] = existing.get("story_id") or record.get("story_id") or record["id"]
    updated["revision"] = int(existing.get("revision") or 1) + 1
    return "updated", updated


def relink(record: dict[str, Any], stories: StoryIndex) -> dict[str, Any]:
    """The record with its story found again among ``stories`` (which then hold it too)."""
    link = stories.assign(record)
    return {**record, "story_id": link.story_id}


def story_index(records: Iterable[dict[str, Any]]) -> StoryIndex:
    """The stories of the stored records (one pass over the store)."""
    return StoryIndex.from_records(records)
