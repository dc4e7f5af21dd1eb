"""Agency names without their opening word: spans whose words are a name's, not a topic.

"รมว.การอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม" (the minister of MHESI), "ความร่วมมือด้าน
อุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม" (MHESI's portfolio): the ministry's name without
"กระทรวง" still carries its words, and "อุดมศึกษา" there is no more a topic than inside the
full name. The opening words ("กระทรวง", "Ministry of", "Bộ") are data
(``salience.yaml`` ``heads``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from stiwatch.core.taxonomy.entries import Agency, Alias

# A headless form must still look like a name: several words, not one generic word.
_MIN_WORDS = 2
_MIN_CHARS = 8


def _strip_head(text: str, heads: Iterable[str], lang: str) -> list[str]:
    """The name without its opening word (both ways in Thai, see below), or nothing."""
    for head in sorted(heads, key=len, reverse=True):
        if lang == "th" and text.startswith(head):
            rest = text[len(head) :].strip()
        elif lang != "th" and text.casefold().startswith(head.casefold() + " "):
            rest = text[len(head) + 1 :].strip()
        else:
            continue
        # Thai ministries are "กระทรวงการ...": the minister is "รมว.การอุดมศึกษา ...", the
        # portfolio "ด้านอุดมศึกษา ...", with and without the nominaliser การ.
        if lang == "th" and rest.startswith("การ") and len(rest) > len("การ"):
            return [rest, rest[len("การ") :]]
        return [rest] if rest else []
    return []


def headless_forms(
    agencies: Mapping[str, Agency],
    heads: Mapping[str, Iterable[str]],
    ambiguous: Iterable[str] = (),
    boards: Mapping[str, Iterable[str]] | None = None,
) -> list[tuple[Alias, str]]:
    """(alias, agency id) for every agency name minus its opening word, long enough to be
    a name; acronyms and names that do not open with a head are left out. The id is ""
    when the form is shared by several agencies, comes from an ambiguous name (the bare
    "Ministry of Science and Technology") or names the board an office serves (``boards``:
    the chair of "คณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม" is no official of its
    office, TSRI): it still masks, but names no one."""
    owners: dict[tuple[str, str], set[str]] = {}
    unsure = set(ambiguous)
    board_words = {lang: tuple(words) for lang, words in (boards or {}).items()}
    for agency in agencies.values():
        acronyms = set(agency.acronyms)
        for alias in agency.all_aliases():
            if alias in acronyms or alias.lang not in heads:
                continue
            for rest in _strip_head(alias.text, heads[alias.lang], alias.lang):
                if len(rest) < _MIN_CHARS or (alias.lang != "th" and len(rest.split()) < _MIN_WORDS):
                    continue
                board = rest.startswith(board_words.get(alias.lang, ()))
                owners.setdefault((alias.lang, rest), set()).add(
                    "" if alias.text in unsure or board else agency.id
                )
    return [
        (Alias(text, lang), next(iter(ids)) if len(ids) == 1 else "")
        for (lang, text), ids in sorted(owners.items())
    ]


def ambiguous_forms(ambiguous: Sequence[Alias], heads: Mapping[str, Iterable[str]]) -> dict[Alias, int]:
    """The forms without their opening word of the ambiguous aliases (``Taxonomy.ambiguous``,
    in order), each with the index of its alias: "Science and Technology" after "Minister of"
    names whichever ministry the bare "Ministry of Science and Technology" names there."""
    forms: dict[Alias, int] = {}
    for index, alias in enumerate(ambiguous):
        for rest in _strip_head(alias.text, heads.get(alias.lang, ()), alias.lang):
            forms.setdefault(Alias(rest, alias.lang), index)
    return forms
