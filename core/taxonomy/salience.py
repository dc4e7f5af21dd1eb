"""Salience rules: how much an article is about each country, agency and theme it names.

Read from ``salience.yaml`` next to the other taxonomy files and validated like them
(every error names the file, the section and the problem). The tag stage
(``stiwatch.pipelines.salience``) applies them; themes keep their keyword weights and
scoring in ``themes.yaml`` and share the enumeration and history rules here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from stiwatch.core.taxonomy.entries import LANGS, TaxonomyError
from stiwatch.core.yamlfile import read_yaml

SALIENCE_FILE = "salience.yaml"
# Punctuation that separates the items of an enumeration ("A, B; C / D", "A、B").
# Hyphens and dashes are left out: "Thailand–China" pairs two parties, it lists nothing.
_LIST_PUNCTUATION = r"[\s,;、/&·•:()\u200b]"


class SalienceError(TaxonomyError):
    """salience.yaml is invalid; the message names the section and the problem."""


@dataclass(frozen=True)
class NameSalience:
    """Points a country or agency gets from where and how often it is named.

    A name's salience is its best place (``title``, ``lead`` or ``body`` points), plus
    ``repeat`` for each further mention (at most ``max_repeats``), plus ``spread`` when
    the mentions fall in two or more paragraphs, divided by ``threshold``: 1.0 or more
    means the article is about it. A mention in passing (one item of an enumeration, or
    the venue of a meeting) weighs ``passing`` times its place and adds no repeat or
    spread; one right after an
    official's title ("Deputy Minister of ...", "Thứ trưởng Bộ ...") is worth at least
    ``role`` points (the body acts in the article through that official), and so is one
    that acts itself (a party "between" two, the subject of "signed", "chủ trì").
    The points of a body marked ``backdrop`` in agencies.yaml (the setting of news, such as
    a trade bloc) that is named only in the body are divided by ``backdrop`` instead of
    ``threshold`` (0: by ``threshold``, as every other's).
    """

    title: float = 3.0
    lead: float = 2.0
    body: float = 1.0
    role: float = 0.0
    repeat: float = 0.5
    max_repeats: int = 4
    spread: float = 0.5
    passing: float = 0.0
    threshold: float = 2.0
    backdrop: float = 0.0

    def where(self, where: str) -> float:
        return float(getattr(self, where))


@dataclass(frozen=True)
class ListRules:
    """What makes an enumeration: ``min_items`` names joined only by ``joiner``."""

    min_items: int = 3
    # Themes: this many different themes named within ``theme_window`` characters of
    # each other are a list of areas, not a topic each.
    theme_items: int = 5
    theme_window: int = 160
    joiner: re.Pattern[str] = re.compile(rf"(?:{_LIST_PUNCTUATION})*")
    # A short gap holding a number also joins items: comparisons and rankings list a
    # value after each name ("ฮ่องกง อยู่ที่ 84.97 บาท/ลิตร นอร์เวย์ ...", "Singapore (8),").
    value_gap: int = 30


@dataclass(frozen=True)
class SalienceRules:
    """The rules of ``salience.yaml`` (defaults: a taxonomy folder without the file)."""

    countries: NameSalience = NameSalience()
    agencies: NameSalience = NameSalience()
    lists: ListRules = ListRules()
    # Words that put an agency's name in the past ("ขณะนั้น", "former"): after the
    # agency's last year such a mention is history, not the agency's successor.
    history: re.Pattern[str] | None = None
    # How far around a mention (characters) the history words and years are looked for.
    history_window: int = 80
    # Officials' titles ("Minister", "รัฐมนตรีว่าการ", "Thứ trưởng") within ``role_window``
    # characters before an agency's name.
    roles: re.Pattern[str] | None = None
    role_window: int = 40
    # The titles after which a ministry's name without its opening word (a portfolio:
    # "Khoa học Công nghệ", "การอุดมศึกษา วิทยาศาสตร์ ...") names that ministry: a
    # minister's own ("Bộ trưởng Khoa học"), not any official's ("Giám đốc khoa học", an
    # institute's scientific director). None: every title of ``roles``.
    portfolio_roles: re.Pattern[str] | None = None
    # Words right before an official's title that make it a meeting of ministers of several
    # countries ("การประชุมรัฐมนตรีต่างประเทศ..."): the portfolio after it is no ministry's.
    role_meetings: re.Pattern[str] | None = None
    # An agency that acts in the article: named right after a word that makes it a party
    # or the organiser ("between", "ระหว่าง", "giữa", "organised by"), or right before a
    # verb of acting ("signed", "ลงนาม", "chủ trì"), within ``act_window`` characters. It
    # earns the same ``role`` points as a name after an official's title.
    acts_before: re.Pattern[str] | None = None
    acts_after: re.Pattern[str] | None = None
    # Words that may stand between a name and its verb: tense and aspect markers ("đã",
    # "ได้", "has"), as in "Bộ GD&ĐT đã tổ chức".
    acts_markers: re.Pattern[str] | None = None
    act_window: int = 25
    # Words that introduce the venue of a meeting ("ณ", "held at"), whole words within
    # ``venue_window`` characters before a name: that mention is in passing.
    venues: re.Pattern[str] | None = None
    venue_window: int = 60
    # Words that introduce examples ("such as", "เช่น", "như"): a name shortly after one
    # is an example, in passing.
    examples: re.Pattern[str] | None = None
    example_window: int = 30
    # Words that make a name the background of the news, not its subject: a decision taken
    # before ("ตามมติคณะรัฐมนตรี", "following the cabinet's approval") or a meeting the news
    # happens around ("ก่อนการประชุมคณะรัฐมนตรี"); in passing.
    backgrounds: re.Pattern[str] | None = None
    background_window: int = 15
    # The list of those who attend ("โดยมี ... เข้าร่วม", "accompanied by ..."): a name after
    # one of ``attend_open`` within ``attend_window`` characters, in the same sentence, is in
    # passing; after a Thai opening word (Thai marks no sentence ends) only when one of
    # ``attend_close`` follows, with none of ``attend_ends`` ("เป็นประธาน") between. A name
    # right after one of ``attend_parties`` (a minister's title) is a party, never an attendee,
    # except in a roll: the line right after one that ends with ``attend_rolls``, a closing word
    # and a word that announces a list ("เข้าร่วม ดังนี้", attend as follows), lists those who
    # attend.
    attend_open: re.Pattern[str] | None = None
    attend_close: re.Pattern[str] | None = None
    attend_ends: re.Pattern[str] | None = None
    attend_parties: re.Pattern[str] | None = None
    attend_rolls: re.Pattern[str] | None = None
    attend_window: int = 250
    # Words that make a name the source of the report ("phóng viên TTXVN", "ผู้สื่อข่าว",
    # "correspondent"): a news agency credited, not a subject; in passing.
    bylines: re.Pattern[str] | None = None
    byline_window: int = 25
    # Words that open the name of a ministry's unit ("Cục", "Department"): an agency named in
    # parentheses right after such a unit's name owns it ("Cục Sở hữu trí tuệ (Bộ KH&CN)") and
    # acts through it, as through an official; the unit's word stands within ``unit_window``
    # characters before the parenthesis.
    units: re.Pattern[str] | None = None
    unit_window: int = 45
    # Words that open an agency's name ("Ministry of", "กระทรวง", "Bộ"), by language: the
    # rest of the name ("การอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม" after "รมว.") still
    # names the agency, so theme keywords inside it do not count.
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words that open the name of a board or council, by language: an office's name without
    # its opening word that opens with one ("คณะกรรมการส่งเสริม..." of "สำนักงานคณะกรรมการ
    # ส่งเสริม...") names the board the office serves, not the office; it masks, names no one.
    boards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Names of awards, programmes and events, by language, whose words name no topic
    # ("Nhân tài Đất Việt", an award: not talent mobility).
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _section(raw: Any, cls: type[NameSalience], name: str) -> NameSalience:
    if raw is None:
        return cls()
    known = {f.name for f in fields(cls)}
    if not isinstance(raw, dict) or set(raw) - known:
        raise SalienceError(f"{SALIENCE_FILE}: {name}: a mapping of {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        default = getattr(cls, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise SalienceError(f"{SALIENCE_FILE}: {name}.{key}: a number >= 0, got {value!r}")
        values[key] = type(default)(value)
    if values.get("threshold", 1.0) <= 0:
        raise SalienceError(f"{SALIENCE_FILE}: {name}.threshold must be above 0")
    return cls(**values)


def _words(raw: Any, what: str) -> list[str]:
    """A list of words, or a mapping of en/th/vi to lists (flattened)."""
    if raw is None:
        return []
    if isinstance(raw, dict):
        unknown = sorted(set(raw) - set(LANGS))
        if unknown:
            raise SalienceError(f"{SALIENCE_FILE}: {what}: unknown language(s) {', '.join(unknown)}")
        raw = [w for items in raw.values() for w in (items or [])]
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise SalienceError(f"{SALIENCE_FILE}: {what}: a list of words (or en/th/vi lists)")
    return [" ".join(w.split()) for w in raw]


def _alternation(words: list[str]) -> str:
    """The words as one regex, longest first, behind a look-ahead at their first letters:
    re tries every branch at every position, and the one character class rules most out."""
    unique = sorted(set(words), key=len, reverse=True)
    firsts = "".join(sorted({c for w in unique for c in (w[0].lower(), w[0].upper())}))
    branches = "|".join(re.escape(w) for w in unique)
    return f"(?=[{re.escape(firsts)}])(?:{branches})"


def _lists(raw: Any) -> ListRules:
    if raw is None:
        return ListRules()
    allowed = {"min_items", "theme_items", "theme_window", "value_gap", "joiners"}
    if not isinstance(raw, dict) or set(raw) - allowed:
        raise SalienceError(f"{SALIENCE_FILE}: lists: a mapping of {', '.join(sorted(allowed))}")
    counts = {}
    for key in ("min_items", "theme_items", "theme_window", "value_gap"):
        value = raw.get(key, getattr(ListRules, key))
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise SalienceError(f"{SALIENCE_FILE}: lists.{key}: a whole number >= 2, got {value!r}")
        counts[key] = value
    words = _words(raw.get("joiners"), "lists.joiners")
    joiner = rf"(?:{_LIST_PUNCTUATION}|{_alternation(words)})*" if words else ListRules.joiner.pattern
    return ListRules(joiner=re.compile(joiner, re.IGNORECASE), **counts)


def load_salience(path: Path) -> SalienceRules:
    """The rules in ``path``; the defaults when the file does not exist.

    Raises:
        SalienceError: naming the section and the problem.
    """
    if not path.exists():
        return SalienceRules()
    try:
        data = read_yaml(path) or {}
    except yaml.YAMLError as exc:
        raise SalienceError(f"{SALIENCE_FILE}: not valid YAML: {exc}") from None
    allowed = {
        "countries",
        "agencies",
        "lists",
        "history",
        "roles",
        "acts",
        "venues",
        "examples",
        "backgrounds",
        "attendance",
        "bylines",
        "units",
        "heads",
        "boards",
        "names",
    }
    if not isinstance(data, dict) or set(data) - allowed:
        raise SalienceError(f"{SALIENCE_FILE}: top-level keys are {', '.join(sorted(allowed))}")
    history = _mapping(data, "history", ("markers", "window"))
    markers = _words(history.get("markers"), "history.markers")
    window = _window(history, "history", SalienceRules.history_window)
    roles = _mapping(data, "roles", ("words", "unlike", "portfolios", "meetings", "window"))
    titles = _words(roles.get("words"), "roles.words")
    not_titles = _words(roles.get("unlike"), "roles.unlike")
    portfolio_titles = _words(roles.get("portfolios"), "roles.portfolios")
    acts = _mapping(data, "acts", ("before", "after", "markers", "unlike", "window"))
    unlike = _words(acts.get("unlike"), "acts.unlike")
    venues, venue_words = _worded(data, "venues")
    examples, example_words = _worded(data, "examples")
    backgrounds, _ = _worded(data, "backgrounds")
    bylines, _ = _worded(data, "bylines")
    units, _ = _worded(data, "units")
    heads = _by_language(data, "heads")
    names = _by_language(data, "names")
    return SalienceRules(
        countries=_section(data.get("countries"), NameSalience, "countries"),
        agencies=_section(data.get("agencies"), NameSalience, "agencies"),
        lists=_lists(data.get("lists")),
        history=re.compile(_alternation(markers), re.IGNORECASE) if markers else None,
        history_window=window,
        roles=re.compile(_unlike(titles, not_titles), re.IGNORECASE) if titles else None,
        portfolio_roles=(
            re.compile(_unlike(portfolio_titles, not_titles), re.IGNORECASE) if portfolio_titles else None
        ),
        role_window=_window(roles, "roles", SalienceRules.role_window),
        role_meetings=_words_by_script(roles.get("meetings"), "roles.meetings"),
        acts_before=_words_by_script(acts.get("before"), "acts.before", unlike=unlike),
        acts_after=_words_by_script(acts.get("after"), "acts.after", unlike=unlike),
        acts_markers=_words_by_script(acts.get("markers"), "acts.markers"),
        act_window=_window(acts, "acts", SalienceRules.act_window),
        venues=_whole_words(venue_words),
        venue_window=_window(venues, "venues", SalienceRules.venue_window),
        examples=_whole_words(example_words),
        example_window=_window(examples, "examples", SalienceRules.example_window),
        backgrounds=_words_by_script(backgrounds.get("words"), "backgrounds.words"),
        background_window=_window(backgrounds, "backgrounds", SalienceRules.background_window),
        **_attendance(data),
        bylines=_words_by_script(bylines.get("words"), "bylines.words"),
        byline_window=_window(bylines, "bylines", SalienceRules.byline_window),
        # A unit's name is capitalised ("Vụ", not "nhiệm vụ"): matched with its case.
        units=_words_by_script(units.get("words"), "units.words", flags=0),
        unit_window=_window(units, "units", SalienceRules.unit_window),
        heads=heads,
        boards=_by_language(data, "boards"),
        names=names,
    )


def _attendance(data: dict[str, Any]) -> dict[str, Any]:
    """The ``attend_*`` fields of :class:`SalienceRules` from the ``attendance`` section."""
    section = _mapping(data, "attendance", ("open", "close", "ends", "parties", "rolls", "window"))
    words = {
        key: _words_by_script(section.get(key), f"attendance.{key}")
        for key in ("open", "close", "ends", "parties", "rolls")
    }
    # A roll is announced by a closing word and then one of ``rolls`` ("เข้าร่วม ดังนี้").
    rolls, close = words["rolls"], words["close"]
    if rolls is not None and close is not None:
        words["rolls"] = re.compile(rf"(?:{close.pattern})\s*(?:{rolls.pattern})", re.IGNORECASE)
    return {
        **{f"attend_{key}": pattern for key, pattern in words.items()},
        "attend_window": _window(section, "attendance", SalienceRules.attend_window),
    }


def _by_language(data: dict[str, Any], key: str) -> dict[str, tuple[str, ...]]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict) or set(raw) - set(LANGS):
        raise SalienceError(f"{SALIENCE_FILE}: {key}: a mapping of language codes to lists of words")
    return {lang: tuple(_words(words, f"{key}.{lang}")) for lang, words in raw.items()}


def _whole_words(words: list[str]) -> re.Pattern[str] | None:
    """The words as whole words only ("ณ" is also the last letter of "คุณ")."""
    if not words:
        return None
    return re.compile(_whole_word_branch(words, r"[\s)]"), re.IGNORECASE)


def _whole_word_branch(words: list[str], followed_by: str) -> str:
    """A pattern for the words standing alone: after a space, a bracket, a quote or the
    start, and before ``followed_by`` (a character class) or the end."""
    return rf"(?:^|(?<=[\s(\"“]))(?:{_alternation(words)})(?={followed_by}|$)"


def _words_by_script(
    raw: Any, what: str, flags: int = re.IGNORECASE, unlike: list[str] | None = None
) -> re.Pattern[str] | None:
    """en/th/vi word lists as one pattern: whole words where words are spaced, and any
    occurrence in Thai, which writes words without spaces between them (``flags``: case is
    ignored unless told otherwise). A Thai word is not matched where it is part of one of the
    longer words in ``unlike`` ("ระหว่าง", between, in "ระหว่างประเทศ", international)."""
    if raw is not None and not isinstance(raw, dict):
        raise SalienceError(f"{SALIENCE_FILE}: {what}: a mapping of en/th/vi to lists of words")
    unspaced = _words((raw or {}).get("th"), what)
    spaced = _words({k: v for k, v in (raw or {}).items() if k != "th"}, what)
    branches = []
    if spaced:
        branches.append(_whole_word_branch(spaced, r"[\s),.:;]"))
    if unspaced:
        branches.append(_unlike(unspaced, unlike or []))
    return re.compile("|".join(branches), flags) if branches else None


def _unlike(words: list[str], unlike: list[str]) -> str:
    """``_alternation(words)``, each word but where it is part of a word of ``unlike``
    (at its start, "ระหว่าง" in "ระหว่างประเทศ", or further in, "รัฐมนตรี" in "นายกรัฐมนตรี")."""
    longer = {w: [u for u in unlike if w.lower() in u.lower() and u.lower() != w.lower()] for w in set(words)}
    if not any(longer.values()):
        return _alternation(words)
    unique = sorted(longer, key=len, reverse=True)
    return "(?:" + "|".join(_not_inside(w, longer[w]) + re.escape(w) for w in unique) + ")"


def _not_inside(word: str, longer: list[str]) -> str:
    """Look-arounds that fail where ``word`` stands as part of one of the ``longer`` words."""
    guards = []
    for other in longer:
        at = other.lower().find(word.lower())
        before, after = other[:at], other[at + len(word) :]
        behind = f"(?<={re.escape(before)})" if before else ""
        guards.append(f"(?!{behind}{re.escape(word)}{re.escape(after)})")
    return "".join(guards)


def _worded(data: dict[str, Any], name: str) -> tuple[dict[str, Any], list[str]]:
    """A section with ``words`` (en/th/vi lists) and a ``window``."""
    section = _mapping(data, name, ("words", "window"))
    return section, _words(section.get("words"), f"{name}.words")


def _mapping(data: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The section ``name`` (empty when absent), which may hold only ``keys``."""
    section = data.get(name) or {}
    if not isinstance(section, dict) or set(section) - set(keys):
        listed = f"{', '.join(keys[:-1])} and {keys[-1]}"
        raise SalienceError(f"{SALIENCE_FILE}: {name}: a mapping of {listed}")
    return section


def _window(section: dict[str, Any], name: str, default: int) -> int:
    window = section.get("window", default)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise SalienceError(f"{SALIENCE_FILE}: {name}.window: a whole number of characters")
    return window
