"""Whether an agency named once in the body acts in the article: an official's title right
before its name ("Deputy Minister of ...", "รมว.", "Thứ trưởng Bộ ..."), or the agency as a
party ("between A and B", "ระหว่าง") or the subject of a verb of acting ("signed", "ลงนาม",
"chủ trì"); and whether it only attends ("โดยมี ... เข้าร่วม", "accompanied by"). The words
live in ``core/taxonomy/salience.yaml`` (``roles``, ``acts``, ``attendance``)."""

from __future__ import annotations

import re

from stiwatch.core.taxonomy.matchers import COUNTRY, Entity
from stiwatch.core.taxonomy.phrases import Hit
from stiwatch.core.taxonomy.salience import SalienceRules
from stiwatch.core.text import THAI_CHAR
from stiwatch.pipelines.salience import role_ends_at

# How far before a name an official's title may end ("Minister of ...", "รมว.การ...").
_TITLE_GAP = 16
# A date between an agency's name and its verb: "ครม. เมื่อวันที่ 11 ก.ค. 66 ให้ความเห็นชอบ",
# "Bộ KH&CN ngày 5/3 đã ký", "the ministry on 5 March signed".
_ACT_DATE = (
    r"(?:(?:เมื่อ)?วันที่\s*\d{1,2}\s*\S{2,12}\s*\d{2,4}|ngày\s+\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?"
    r"|on\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})(?:,?\s+\d{4})?)"
)
# What may stand between an agency's name and its verb: spaces, a parenthesis or a
# dash-joined acronym ("(KH&CN)", "- KH&CN)"), and a date.
_ACT_GAP = re.compile(rf"[\s,]*(?:\([^()]{{0,20}}\)|[-–]\s*[^\s()]{{1,12}}\)?)?[\s,]*(?:{_ACT_DATE}[\s,]*)?")
# The second party of "between A and B": the joining word right before the name.
_PARTY_JOIN = re.compile(r"(?:\s(?:and|và|với)(?:\s+the)?|และ|กับ)\s*$", re.IGNORECASE)
# How far "between" may stand before the second party, and what the first party's name
# cannot hold (a list or another sentence; a dot after an abbreviation such as "อว." is no
# sentence end).
_PARTY_REACH = 120
_PARTY_BREAK = re.compile(r"[,;!?]\s|(?<=[a-z])\.\s|\n")
# A comma right after a name (and its acronym): the name opens a list.
_LIST_NEXT = re.compile(r"\s*(?:\([^()]{0,20}\))?\s*,")


def titled(roles: re.Pattern[str] | None, text: str, start: int) -> bool:
    """An official's title ends right before ``start`` ("Minister of ", "รมว.", "Bộ trưởng")."""
    return roles is not None and role_ends_at(roles, text, max(0, start - _TITLE_GAP), start)


def acts(rules: SalienceRules, text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is a party ("between", "ระหว่าง") or the subject of a
    verb of acting ("signed", "chủ trì") within ``act_window`` characters (after its acronym,
    a parenthesis or a date)."""
    window = rules.act_window
    before, after = rules.acts_before, rules.acts_after
    if before is not None and _party(before, text, start, window):
        # "between A, B, C and D" opens a list of participants: in passing.
        return _LIST_NEXT.match(text, end) is None
    if after is None:
        return False
    # The window counts from after the name's acronym, parenthesis or date: "ครม. (13
    # กุมภาพันธ์ 2567) มีมติ" is as near its verb as "ครม. มีมติ".
    gap = _ACT_GAP.match(text, end)
    verb = after.search(text, end, (gap.end() if gap else end) + window)
    if verb is None:
        return False
    # Only the name's own acronym or parenthesis may stand between it and the verb:
    # "Bộ Khoa học và Công nghệ (KH&CN) chủ trì", not "... - TTXVN Hội thảo được tổ chức";
    # a tense or aspect marker reads as a space ("Bộ GD&ĐT đã tổ chức").
    between = text[end : verb.start()]
    if rules.acts_markers is not None:
        between = rules.acts_markers.sub(" ", between)
    return _ACT_GAP.fullmatch(between) is not None


# What may stand between a unit's word and the parenthesis naming its owner: the rest of
# the unit's name, without a sentence or list break.
_UNIT_BREAK = re.compile(r"[.,;:!?()\n]")


def owns_unit(rules: SalienceRules, text: str, hit: Hit[Entity]) -> bool:
    """The name, in words, is in parentheses right after the name of a unit it owns ("Cục Sở
    hữu trí tuệ (Bộ KH&CN)"). An acronym in parentheses is the unit's own ("Department of
    Science and Technology (DOST)")."""
    units = rules.units
    opening = hit.start - 1
    while opening >= 0 and text[opening].isspace():
        opening -= 1
    if units is None or opening < 0 or text[opening] != "(" or " " not in text[hit.start : hit.end]:
        return False
    # The unit's word nearest the parenthesis.
    unit = _last(units, text, max(0, opening - rules.unit_window), opening)
    return unit is not None and _UNIT_BREAK.search(text, unit.start(), opening) is None


def _party(before: re.Pattern[str], text: str, start: int, window: int) -> bool:
    """ "between B" (the word within ``window`` characters), or "between A and B" where A
    is one name without a comma or a sentence end in it (at most ``_PARTY_REACH``)."""
    near = _last(before, text, max(0, start - window), start)
    if near is not None and text[near.end() : start].strip().lower() in ("", "the"):
        return True  # "hosted by (the) Ministry of ..."
    far = _last(before, text, max(0, start - _PARTY_REACH), start)
    return (
        far is not None
        and _PARTY_JOIN.search(text, far.end(), start) is not None
        and _PARTY_BREAK.search(text, far.end(), start) is None
    )


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]`` (None: no match)."""
    matches = list(pattern.finditer(text, start, end))
    return matches[-1] if matches else None


# What ends the sentence an opening word of attendance stands in: a line break, or a full
# stop, "!" or "?" after a lower-case Latin letter or a digit, before a space. A dot after a
# capital or a Thai letter ends an abbreviation ("Dr.", "อว."), not a sentence.
_SENTENCE_END = re.compile(r"\n|(?<=[a-z0-9\u00e0-\u024f\u1e00-\u1ef9])[.!?](?=\s)")


def attends(rules: SalienceRules, text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is in the list of those who attend: after an opening
    word of ``attendance`` in the same sentence, and, after a Thai one, before a closing word
    ("โดยมี ... เข้าร่วม") with no word that gives the name another part ("เป็นประธาน")."""
    opening, window = rules.attend_open, rules.attend_window
    if in_roll(rules, text, start):
        return True
    if opening is None:
        return False
    if titled(rules.attend_parties, text, start):
        return False
    opener = _last(opening, text, max(0, start - window), start)
    if opener is None or _SENTENCE_END.search(text, opener.end(), start) is not None:
        return False
    if not THAI_CHAR.match(opener.group(0)):
        return True
    closing = rules.attend_close
    if closing is None or closing.search(text, opener.end(), start) is not None:
        return False  # the list closed before the name: "พร้อมด้วย ... เข้าร่วมการประชุม <name>"
    closer = closing.search(text, end, end + window)
    if closer is None or "\n" in text[end : closer.start()]:
        return False
    if opening.search(text, end, closer.start()) is not None:
        return False  # the closing word ends a second list: "พร้อมด้วย <name> ... โดยมี ... เข้าร่วม"
    ends = rules.attend_ends
    return ends is None or ends.search(text, opener.end(), closer.start()) is None


# How many characters before a line break may hold a roll's announcement ("เข้าร่วม ดังนี้").
_ROLL_REACH = 40


def in_roll(rules: SalienceRules, text: str, start: int) -> bool:
    """The name at ``start`` is on the first line of a roll: the line before it ends with a
    closing word of attendance and a word of ``attendance.rolls`` ("โดยฝ่ายไทยมีบุคคลสำคัญ
    เข้าร่วม ดังนี้"), within ``attend_window`` characters. Everyone listed attends, ministers
    too: a roll names no party."""
    rolls = rules.attend_rolls
    line = text.rfind("\n", max(0, start - rules.attend_window), start)
    if rolls is None or line < 0:
        return False
    head = text[max(0, line - _ROLL_REACH) : line].rstrip()
    return any(m.end() == len(head) for m in rolls.finditer(head))


# A region's name that qualifies a minister's portfolio as the region's members' ("รัฐมนตรี
# ต่างประเทศอาเซียน": the ASEAN foreign ministers).
_REGION = re.compile(r"\s*(?:อาเซียน|ASEAN)")
# What may join a portfolio or a ministry to the country that owns it: a space or two, or
# "of (the State of)", "ของ", "แห่ง" ("Minister of Foreign Affairs of the State of Qatar").
_OWNER_JOIN = re.compile(
    r"\s{0,2}(?:(?:of|ของ|แห่ง)\s*(?:the\s+)?(?:(?:State|Kingdom|Republic)\s+of\s+(?:the\s+)?)?)?",
    re.IGNORECASE,
)


def abroad(
    text: str, end: int, entities: list[Hit[Entity]], country: str | None, region: bool = True
) -> bool:
    """A ministry's name or portfolio ending at ``end`` is followed by another country's name
    ("รมว.ต่างประเทศสหราชอาณาจักร", "กระทรวงการต่างประเทศ สาธารณรัฐเช็ก", "Minister of Foreign
    Affairs of the State of Qatar"), or, with ``region`` (a portfolio), by a region's name
    ("รัฐมนตรีต่างประเทศอาเซียน"): it is that country's ministry, not ``country``'s. A
    ministry's full name before "ASEAN" is still that ministry (of an "ASEAN ..." award)."""
    if region and _REGION.match(text, end):
        return True
    return any(
        h.target[0] == COUNTRY
        and h.target[1] != country
        and h.start >= end
        and _OWNER_JOIN.fullmatch(text, end, h.start) is not None
        for h in entities
    )


# How far before a minister's title the country it belongs to may be named, in one clause
# ("India is represented by the Minister of ...").
_OWNER_REACH = 60
_CLAUSE_END = re.compile(r"[.;!?\n]")


def named_for_another(text: str, start: int, entities: list[Hit[Entity]], country: str | None) -> bool:
    """The last country named before ``start`` in the same clause, within ``_OWNER_REACH``
    characters, is not ``country``: "India is represented by the Minister of Science &
    Technology" is India's minister, whatever country the article mostly speaks of."""
    before = [
        h
        for h in entities
        if h.target[0] == COUNTRY
        and h.end <= start
        and start - h.end <= _OWNER_REACH
        and _CLAUSE_END.search(text, h.end, start) is None
    ]
    return bool(before) and max(before, key=lambda h: h.end).target[1] != country


def ministers_meeting(
    rules: SalienceRules, text: str, start: int, end: int, entities: list[Hit[Entity]], country: str | None
) -> bool:
    """The portfolio at ``text[start:end]`` follows an official's title that a word of
    ``roles.meetings`` opens ("การประชุมรัฐมนตรีต่างประเทศ...": a meeting of ministers, most
    often of several countries), and ``country``'s name does not follow it: no one country's
    ministry."""
    meetings, roles = rules.role_meetings, rules.roles
    title = _last(roles, text, max(0, start - _TITLE_GAP), start) if roles is not None else None
    if meetings is None or title is None:
        return False
    meeting = _last(meetings, text, max(0, title.start() - _TITLE_GAP), title.start())
    if meeting is None or text[meeting.end() : title.start()].strip():
        return False
    return not any(
        h.target == (COUNTRY, country) and h.start >= end and _OWNER_JOIN.fullmatch(text, end, h.start)
        for h in entities
    )
