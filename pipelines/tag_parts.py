"""The parts of an article the tag stage reads: title, lead and body, each with its words,
the names and keywords found in it, and how each name stands there.

``Part.occurrence`` says where a name stands and whether it is in passing (an item of a
list, a venue, an example, background, a byline, an attendee) or acts (after an official's
title, as a party or the subject of a verb of acting, owning a unit): the salience rules
of ``salience.yaml``, applied per hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from stiwatch.core.analysis import ThaiRuns
from stiwatch.core.taxonomy import Taxonomy
from stiwatch.core.taxonomy.matchers import AGENCY, AMBIGUOUS, MASK, Entity, Topic
from stiwatch.core.taxonomy.phrases import Hit
from stiwatch.core.taxonomy.salience import SalienceRules
from stiwatch.core.taxonomy.tokenizer import Token
from stiwatch.pipelines.salience import Occurrence, Paragraphs, credited, enumerated, gloss_of
from stiwatch.pipelines.tag_roles import acts, attends, owns_unit

_PARAGRAPHS = re.compile(r"\n\s*\n")


def split_parts(title: str, text: str) -> list[tuple[str, str]]:
    """(where, text) for the title, the lead (first paragraph) and the rest of the body."""
    text = text.strip()
    paragraphs = [p for p in _PARAGRAPHS.split(text) if p.strip()]
    if len(paragraphs) <= 1:
        # No blank lines (many extracted pages): paragraphs are lines.
        paragraphs = [p for p in text.split("\n") if p.strip()]
    lead = paragraphs[0] if paragraphs else ""
    body = "\n\n".join(paragraphs[1:])
    return [("title", title.strip()), ("lead", lead), ("body", body)]


@dataclass
class Part:
    where: str
    text: str
    tokens: list[Token]
    entities: list[Hit[Entity]]
    paragraphs: Paragraphs
    # Indices of the entity hits that are items of an enumeration.
    listed: set[int] = field(default_factory=set)

    # Theme keywords, and agency names without their opening word ("รมว.การอุดมศึกษา
    # ..."), found in one pass: a keyword inside such a name is not found at all.
    topics: list[Hit[Topic]] = field(default_factory=list)
    # Spans of agency names: keywords inside them are not topics.
    names: list[Hit[Entity]] = field(default_factory=list)
    masks: list[Hit[Topic]] = field(default_factory=list)

    def occurrence(self, index: int, rules: SalienceRules, roles: bool = False) -> Occurrence:
        """The hit's place, whether it is in passing (list, venue, example, background, byline,
        attending) and, with ``roles`` (an agency's), whether it acts (``_acts``)."""
        hit, text, glossed = self.entities[index], self.text, gloss_of(self.entities, index, self.text)
        passing = "list" if index in self.listed else None
        if glossed is not None:  # "(ครม.)" after its name: as that name stands
            passing = self.occurrence(glossed, rules).passing
        for kind in ("venues", "examples", "backgrounds"):
            # A title names its own meeting and examples, but not the decision it follows.
            in_title = self.where == "title" and kind != "backgrounds"
            if passing is None and not in_title and self._near(kind, rules, hit.start):
                passing = kind[:-1]
        # Agencies only: a country whose envoy attends is, to readers, often a party.
        if roles and passing is None and self.where != "title" and attends(rules, text, hit.start, hit.end):
            passing = "attending"
        if passing is None and (
            self._near("bylines", rules, hit.start) or (roles and credited(text, hit.start, hit.end))
        ):
            passing = "byline"
        # Acting only adds to a mention in the body (title and lead outweigh it).
        role = roles and self.where == "body" and self._acts(rules, hit)
        return Occurrence(self.where, self.paragraphs.at(hit.start), passing, role)

    def _acts(self, rules: SalienceRules, hit: Hit[Entity]) -> bool:
        """After an official's title, as a party or subject of an act, or owning a unit."""
        text, start = self.text, hit.start
        near = self._near("roles", rules, start) or acts(rules, text, start, hit.end)
        return near or owns_unit(rules, text, hit)

    def _near(self, kind: str, rules: SalienceRules, start: int) -> bool:
        """One of the ``kind`` words (venues, examples, backgrounds, bylines, roles) stands
        within its window before ``start``."""
        pattern: re.Pattern[str] | None = getattr(rules, kind)
        window: int = getattr(rules, f"{kind[:-1]}_window")
        return pattern is not None and pattern.search(self.text, max(0, start - window), start) is not None


def build_parts(title: str, text: str, taxonomy: Taxonomy, thai: ThaiRuns | None) -> list[Part]:
    matchers = taxonomy.matchers
    parts = []
    for where, part_text in split_parts(title, text):
        tokens = matchers.tokenize(part_text, thai)
        entities = matchers.entities.find(tokens)
        part = Part(where, part_text, tokens, entities, Paragraphs(where, part_text))
        spans = [(h.start, h.end, h.target[1]) for h in entities if h.target[0] != "blocker"]
        listed = enumerated(spans, part_text, taxonomy.salience.lists, taxonomy.salience.roles)
        named = [i for i, h in enumerate(entities) if h.target[0] != "blocker"]
        part.listed = {named[i] for i in listed}
        part.topics = matchers.topics.find(tokens)
        part.names = [h for h in entities if h.target[0] in (AGENCY, AMBIGUOUS)]
        part.masks = [h for h in part.topics if h.target[0] == MASK]
        parts.append(part)
    return parts


def overlaps(hit: Hit[Any], spans: list[Hit[Any]]) -> bool:
    return any(hit.start < s.end and s.start < hit.end for s in spans)
